using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace ExpenseApproval.Tests;

/// <summary>Two tenants on one host and one file: each sees and acts on its own claims only; the other's ids are "not found".</summary>
public sealed class TenantIsolationTests : SampleHostTests
{
    private string _acmeClaim = null!;
    private string _acmeTask = null!;

    [OneTimeSetUp]
    public async Task StartAnAcmeClaim()
    {
        _acmeClaim = await App.StartAcmeClaimAsync();
        _acmeTask = await App.SingleTaskAsync("acme", "mia", _acmeClaim);
    }

    [TestCase("/claims/{claim}")]
    [TestCase("/claims/{claim}/history")]
    [TestCase("/claims/{claim}/verify")]
    [TestCase("/tasks/{task}/form")]
    public async Task AnotherTenantsUser_ReadingAcmesClaimOrTask_Gets404(string template)
    {
        var path = template.Replace("{claim}", _acmeClaim, StringComparison.Ordinal).Replace("{task}", _acmeTask, StringComparison.Ordinal);

        var reply = await App.GetAsync(path, "globex", "gina");

        Assert.That(reply.IsProblem(HttpStatusCode.NotFound), Is.True, reply.Text);
    }

    [TestCase("claim")]
    [TestCase("unclaim")]
    [TestCase("complete")]
    public async Task AnotherTenantsUser_ActingOnAcmesTask_Gets404AndTheTaskStaysOpen(string command)
    {
        var reply = await App.PostAsync($"/tasks/{_acmeTask}/{command}", "globex", "gina", new JsonObject { ["approved"] = true });

        Assert.That(reply.IsProblem(HttpStatusCode.NotFound), Is.True, reply.Text);
        Assert.That(await App.SingleTaskAsync("acme", "mia", _acmeClaim), Is.EqualTo(_acmeTask));
    }

    [Test]
    public async Task SameUserIdInAnotherTenant_HasThatTenantsAttributesAndSeesNoneOfAcmesTasks()
    {
        var reply = await App.GetAsync("/tasks", "globex", "mia");

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Text);
        Assert.That(reply.Json!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task GlobexClaim_RunsItsOwnProcessUnderTheSameKey_AndStaysInGlobex()
    {
        var started = await App.PostAsync("/claims", "globex", "gus", new JsonObject { ["amount"] = 35, ["description"] = "Taxi to the airport" });
        Assert.That(started.Status, Is.EqualTo(HttpStatusCode.Created), started.Text);
        var claim = started.Json!["instanceId"]!.GetValue<string>();
        var task = await App.SingleTaskAsync("globex", "gina", claim);

        var acmeManagers = await App.GetAsync("/tasks", "acme", "mia");
        var acmeView = await App.GetAsync($"/claims/{claim}", "acme", "erin");
        var done = await App.PostAsync($"/tasks/{task}/complete", "globex", "gina", new JsonObject { ["approved"] = true });

        Assert.That(started.Json["openTasks"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("Approval"), "Globex's diagram, not Acme's");
        Assert.That(acmeManagers.Json!.AsArray().Select(t => t!["instanceId"]!.GetValue<string>()), Does.Not.Contain(claim));
        Assert.That(acmeView.IsProblem(HttpStatusCode.NotFound), Is.True, acmeView.Text);
        Assert.That(done.Json!["status"]!.GetValue<string>(), Is.EqualTo("completed"), done.Text);
        var globexPayments = await App.GetAsync("/payments", "globex", "gus");
        var acmePayments = await App.GetAsync("/payments", "acme", "erin");
        Assert.That(globexPayments.Json!.AsArray().Select(p => p!["instanceId"]!.GetValue<string>()), Does.Contain(claim));
        Assert.That(acmePayments.Json!.AsArray().Select(p => p!["instanceId"]!.GetValue<string>()), Does.Not.Contain(claim));
    }

    [Test]
    public void GlobexBundle_NamingAcmesCostCentresCapability_IsRefusedAtDeployment()
    {
        var bpmn = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Tenants", "globex", "expense-claim.bpmn"))
            .Replace("approved === true", "approved === true &amp;&amp; !costCentres.isRestricted('CC-910')", StringComparison.Ordinal);
        var bundle = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Tenants", "globex"), "*.form")
            .Select(f => new DeploymentArtifact(Path.GetFileName(f), ArtifactKind.Form, File.ReadAllBytes(f)))
            .Append(new DeploymentArtifact("expense-claim.bpmn", ArtifactKind.Bpmn, Encoding.UTF8.GetBytes(bpmn)))
            .ToList();

        var refused = Assert.ThrowsAsync<WorkflowDeploymentException>(() => App.Engine.DeployAsync(TenantId.Parse("globex"), bundle, CancellationToken.None));

        Assert.That(refused!.Problems.Select(p => p.Message), Has.Some.Contains("costCentres"));
    }
}
