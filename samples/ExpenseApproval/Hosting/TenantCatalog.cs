using System.Text.Json;
using Ocap.Workflow.Access;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace ExpenseApproval.Hosting;

/// <summary>
/// The tenants the sample serves, read once at start-up from a folder with one sub-folder per tenant: the tenant's
/// bundle (<c>*.bpmn</c>, <c>*.form</c>, <c>*.js</c> modules, <c>attribute-schema.json</c>) and the sample's stand-in
/// user directory (<c>directory.json</c>, which is not deployed). Any other file is refused, so that nothing a tenant
/// meant to deploy is silently left out.
/// </summary>
internal sealed class TenantCatalog
{
    public const string DirectoryFile = "directory.json";
    public const string AttributeSchemaFile = "attribute-schema.json";

    private readonly Dictionary<TenantId, TenantFolder> _tenants;

    private TenantCatalog(Dictionary<TenantId, TenantFolder> tenants) => _tenants = tenants;

    public IEnumerable<TenantFolder> Tenants => _tenants.Values.OrderBy(t => t.Tenant.Value, StringComparer.Ordinal);

    public static TenantCatalog Load(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new InvalidOperationException($"The tenants folder '{root}' does not exist.");
        }

        var tenants = new Dictionary<TenantId, TenantFolder>();
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (!TenantId.TryParse(name, out var tenant))
            {
                throw new InvalidOperationException($"The tenant folder '{name}' is not a valid tenant id (A-Z, a-z, 0-9, '.', '_', '-').");
            }

            tenants.Add(tenant, LoadTenant(tenant, folder));
        }

        return tenants.Count > 0 ? new TenantCatalog(tenants) : throw new InvalidOperationException($"The tenants folder '{root}' has no tenant.");
    }

    public PrincipalAttributes Lookup(TenantId tenant, string actorId) =>
        _tenants.TryGetValue(tenant, out var folder) && folder.Directory.TryGetValue(actorId, out var attributes) ? attributes : PrincipalAttributes.Empty;

    private static TenantFolder LoadTenant(TenantId tenant, string folder)
    {
        var artifacts = new List<DeploymentArtifact>();
        var directory = new Dictionary<string, PrincipalAttributes>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            var bytes = File.ReadAllBytes(file);
            if (name == DirectoryFile)
            {
                directory = ReadDirectory(tenant, bytes);
                continue;
            }

            var kind = name == AttributeSchemaFile ? ArtifactKind.AttributeSchema
                : Path.GetExtension(name) switch
                {
                    ".bpmn" => ArtifactKind.Bpmn,
                    ".form" => ArtifactKind.Form,
                    ".js" or ".mjs" or ".cjs" => ArtifactKind.Script,
                    _ => throw new InvalidOperationException(
                        $"Tenant '{tenant}' has the file '{name}', which is not part of a bundle (.bpmn, .form, .js, {AttributeSchemaFile}) nor the {DirectoryFile}."),
                };
            artifacts.Add(new DeploymentArtifact(name, kind, bytes));
        }

        return new TenantFolder(tenant, artifacts, directory);
    }

    private static Dictionary<string, PrincipalAttributes> ReadDirectory(TenantId tenant, byte[] json)
    {
        // { "user": { "attribute": "value" | ["value", ...] } }
        var people = new Dictionary<string, PrincipalAttributes>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var person in document.RootElement.EnumerateObject())
        {
            var builder = PrincipalAttributes.CreateBuilder();
            foreach (var attribute in person.Value.EnumerateObject())
            {
                if (attribute.Value.ValueKind == JsonValueKind.Array)
                {
                    builder.Add(attribute.Name, attribute.Value.EnumerateArray().Select(v => v.GetString()
                        ?? throw new InvalidOperationException($"{tenant}/{DirectoryFile}: '{person.Name}.{attribute.Name}' has a value that is not a string.")));
                }
                else
                {
                    builder.Add(attribute.Name, attribute.Value.GetString()
                        ?? throw new InvalidOperationException($"{tenant}/{DirectoryFile}: '{person.Name}.{attribute.Name}' is not a string."));
                }
            }

            people.Add(person.Name, builder.Build());
        }

        return people;
    }
}

/// <summary>One tenant's bundle and user directory.</summary>
internal sealed record TenantFolder(TenantId Tenant, IReadOnlyList<DeploymentArtifact> Bundle, IReadOnlyDictionary<string, PrincipalAttributes> Directory);
