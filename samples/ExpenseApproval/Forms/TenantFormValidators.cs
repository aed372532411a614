using ExpenseApproval.Hosting;
using Ocap.Workflow.Forms;
using Ocap.Workflow.Sandbox;
using Ocap.Workflow.Storage;

namespace ExpenseApproval.Forms;

/// <summary>
/// Runs forms' custom JavaScript validators (<c>ocap:validator</c>) in a hardened sandbox per tenant, each module
/// prepared at start-up from the tenant's bundle. The engine's validator port does not say which tenant a form
/// belongs to, so module names must be unique across the tenants this host serves; a clash stops start-up
/// rather than letting one tenant's validator run for another's form.
/// </summary>
internal sealed class TenantFormValidators : IFormScriptValidator
{
    private readonly Dictionary<string, SandboxFormScriptValidator> _byModule = new(StringComparer.Ordinal);

    public TenantFormValidators(TenantCatalog catalog)
    {
        foreach (var tenant in catalog.Tenants)
        {
            var runner = new SandboxFormScriptValidator(new JsSandbox(new SandboxOptions()));
            foreach (var script in tenant.Bundle.Where(a => a.Kind == ArtifactKind.Script))
            {
                var source = System.Text.Encoding.UTF8.GetString(script.Content.Span);
                foreach (var name in NamesOf(script.Name))
                {
                    runner.Prepare(name, source);
                    if (!_byModule.TryAdd(name, runner))
                    {
                        throw new InvalidOperationException(
                            $"Two tenants deploy a script module named '{name}'; give form validator modules names unique across tenants (for example prefix them with the tenant).");
                    }
                }
            }
        }
    }

    public ValueTask<System.Text.Json.Nodes.JsonNode?> ValidateAsync(FormScriptRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _byModule.TryGetValue(request.Module, out var runner)
            ? runner.ValidateAsync(request, cancellationToken)
            : throw new FormScriptException(FormScriptFailureKind.Unavailable, $"No tenant of this host deploys the validator module '{request.Module}' of form '{request.Form.Id}'.");
    }

    // The engine finds a module by its artifact name with or without the .js suffix; forms may use either.
    private static IEnumerable<string> NamesOf(string artifactName)
    {
        yield return artifactName;
        var extension = Path.GetExtension(artifactName);
        if (extension is ".js" or ".mjs" or ".cjs")
        {
            yield return artifactName[..^extension.Length];
        }
    }
}
