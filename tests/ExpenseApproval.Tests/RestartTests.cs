using System.Text.Json.Nodes;
using ExpenseApproval.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Ocap.Workflow.Tenancy;

namespace ExpenseApproval.Tests;

/// <summary>Stopping the host and starting it again on the same file: claims survive and go on; the bundles keep their versions.</summary>
public sealed class RestartTests
{
    [Test]
    public async Task Restart_OnTheSameFile_ClaimContinuesAndTheBundleIsNotReversioned()
    {
        using var folder = new TempFolder();
        var path = folder.File("claims.db");
        string claim;
        string financeTask;
        await using (var first = new SampleApp(path))
        {
            claim = await first.StartAcmeClaimAsync(amount: 2400);
            var managerTask = await first.SingleTaskAsync("acme", "mia", claim);
            await first.PostAsync($"/tasks/{managerTask}/complete", "acme", "mia", new JsonObject { ["managerDecision"] = "approve" });
            financeTask = await first.SingleTaskAsync("acme", "fay", claim);
        }

        Assert.That(File.Exists(path), Is.True, "the host keeps its claims in the configured file");
        await using var second = new SampleApp(path);
        var status = await second.GetAsync($"/claims/{claim}", "acme", "erin");
        Assert.That(status.Json!["status"]!.GetValue<string>(), Is.EqualTo("active"), status.Text);
        Assert.That(status.Json["processVersion"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(await second.SingleTaskAsync("acme", "fay", claim), Is.EqualTo(financeTask));

        var done = await second.PostAsync($"/tasks/{financeTask}/complete", "acme", "fay", new JsonObject { ["financeDecision"] = "approve" });
        Assert.That(done.Json!["status"]!.GetValue<string>(), Is.EqualTo("completed"), done.Text);
        var verify = await second.GetAsync($"/claims/{claim}/verify", "acme", "erin");
        Assert.That(verify.Json!["intact"]!.GetValue<bool>(), Is.True, verify.Text);

        var catalog = second.Services.GetRequiredService<TenantCatalog>();
        var acme = catalog.Tenants.Single(t => t.Tenant == TenantId.Parse("acme"));
        var redeploy = await second.Engine.DeployAsync(acme.Tenant, acme.Bundle, CancellationToken.None);
        Assert.That(redeploy.Created, Is.False, "the start-up deployment after the restart found the same bytes");
        Assert.That(redeploy.Processes.Single().Version, Is.EqualTo(1));
        var newClaim = await second.StartAcmeClaimAsync();
        var fresh = await second.GetAsync($"/claims/{newClaim}", "acme", "erin");
        Assert.That(fresh.Json!["processVersion"]!.GetValue<int>(), Is.EqualTo(1));
    }
}
