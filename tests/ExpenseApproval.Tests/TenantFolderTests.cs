using System.Net;
using System.Text.Json.Nodes;

namespace ExpenseApproval.Tests;

/// <summary>The host on a tenants folder of the test's own: what a broken tenant script or a stray file does.</summary>
public sealed class TenantFolderTests
{
    [Test]
    public async Task StartClaim_WhenTheTenantsValidatorScriptThrows_Is500AndNoClaimStarts()
    {
        using var folder = new TempFolder();
        var tenants = CopyTenants(folder);
        File.WriteAllText(Path.Combine(tenants, "acme", "validators", "expense-claim.js"),
            "export function validate(data, ctx) { throw new TypeError('broken on purpose'); }\n");
        await using var app = new SampleApp(folder.File("claims.db"), tenantsPath: tenants);

        var reply = await app.PostAsync("/claims", "acme", "erin", SampleApp.AcmeClaim());
        var managers = await app.GetAsync("/tasks", "acme", "mia");

        Assert.That(reply.IsProblem(HttpStatusCode.InternalServerError), Is.True, reply.Text);
        Assert.That(reply.Json!["detail"]!.GetValue<string>(), Does.Contain("broken on purpose"));
        Assert.That(managers.Json!.AsArray(), Is.Empty, "a refused start commits nothing");
    }

    [Test]
    public void HostStart_WithAFileThatIsNotPartOfABundle_IsRefusedNamingIt()
    {
        using var folder = new TempFolder();
        var tenants = CopyTenants(folder);
        File.WriteAllText(Path.Combine(tenants, "globex", "notes.txt"), "not a bundle file");
        using var app = new SampleApp(folder.File("claims.db"), tenantsPath: tenants);

        Assert.That(() => app.Services, Throws.InvalidOperationException.With.Message.Contains("notes.txt"));
    }

    private static string CopyTenants(TempFolder folder)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Tenants");
        var target = folder.File("Tenants");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }
}
