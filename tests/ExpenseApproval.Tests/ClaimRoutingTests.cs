using System.Net;
using System.Text.Json.Nodes;

namespace ExpenseApproval.Tests;

/// <summary>The Acme diagram as drawn: the JavaScript gateway's routes, rejection, payment, and the history of it all.</summary>
public sealed class ClaimRoutingTests : SampleHostTests
{

    [Test]
    public async Task ClaimWithinLimits_ApprovedByTheManager_IsPaidWithoutFinance()
    {
        var claim = await App.StartAcmeClaimAsync(amount: 420);
        var task = await App.SingleTaskAsync("acme", "mia", claim);

        var reply = await App.PostAsync($"/tasks/{task}/complete", "acme", "mia", new JsonObject { ["managerDecision"] = "approve" });

        Assert.That(reply.Json!["status"]!.GetValue<string>(), Is.EqualTo("completed"), reply.Text);
        var paymentId = reply.Json["variables"]!["paymentId"]!.GetValue<string>();
        var payments = await App.GetAsync("/payments", "acme", "erin");
        var payment = payments.Json!.AsArray().Single(p => p!["paymentId"]!.GetValue<string>() == paymentId)!;
        Assert.That(payment["instanceId"]!.GetValue<string>(), Is.EqualTo(claim));
        Assert.That(payment["amount"]!.GetValue<decimal>(), Is.EqualTo(420m));
        Assert.That(payment["payee"]!.GetValue<string>(), Is.EqualTo("erin"));
    }

    [Test]
    public async Task SmallClaimOnARestrictedCostCentre_GoesToFinance()
    {
        var claim = await App.StartAcmeClaimAsync(amount: 90, costCentre: "CC-910");
        var task = await App.SingleTaskAsync("acme", "mia", claim);

        var reply = await App.PostAsync($"/tasks/{task}/complete", "acme", "mia", new JsonObject { ["managerDecision"] = "approve" });

        Assert.That(reply.Json!["status"]!.GetValue<string>(), Is.EqualTo("active"), reply.Text);
        Assert.That(reply.Json["openTasks"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("Finance approval"));
        Assert.That(await App.SingleTaskAsync("acme", "fay", claim), Is.Not.Empty);
    }

    [Test]
    public async Task ClaimRejectedByFinance_EndsUnpaid()
    {
        var claim = await App.StartAcmeClaimAsync(amount: 4000);
        var managerTask = await App.SingleTaskAsync("acme", "mia", claim);
        await App.PostAsync($"/tasks/{managerTask}/complete", "acme", "mia", new JsonObject { ["managerDecision"] = "approve" });
        var financeTask = await App.SingleTaskAsync("acme", "fay", claim);

        var reply = await App.PostAsync($"/tasks/{financeTask}/complete", "acme", "fay", new JsonObject { ["financeDecision"] = "reject", ["financeComment"] = "Not in budget" });

        Assert.That(reply.Json!["status"]!.GetValue<string>(), Is.EqualTo("completed"), reply.Text);
        Assert.That(reply.Json["variables"]!.AsObject().ContainsKey("paymentId"), Is.False);
        var payments = await App.GetAsync("/payments", "acme", "erin");
        Assert.That(payments.Json!.AsArray().Select(p => p!["instanceId"]!.GetValue<string>()), Does.Not.Contain(claim));
    }

    [Test]
    public async Task ClaimRejectedByTheManager_EndsUnpaidWithAnIntactHistory()
    {
        var claim = await App.StartAcmeClaimAsync(amount: 30, costCentre: "CC-910");
        var task = await App.SingleTaskAsync("acme", "mia", claim);

        var reply = await App.PostAsync($"/tasks/{task}/complete", "acme", "mia", new JsonObject { ["managerDecision"] = "reject" });
        var verify = await App.GetAsync($"/claims/{claim}/verify", "acme", "erin");
        var history = await App.GetAsync($"/claims/{claim}/history", "acme", "erin");

        Assert.That(reply.Json!["status"]!.GetValue<string>(), Is.EqualTo("completed"), reply.Text);
        Assert.That(reply.Json["openTasks"]!.AsArray(), Is.Empty);
        Assert.That(verify.Json!["intact"]!.GetValue<bool>(), Is.True, verify.Text);
        var events = history.Json!.AsArray();
        Assert.That(verify.Json["eventCount"]!.GetValue<long>(), Is.EqualTo(events.Count));
        Assert.That(events.Select(e => e!["type"]!.GetValue<string>()), Does.Contain("script-decision"), "the gateway's JavaScript decision is recorded");
        for (var i = 1; i < events.Count; i++)
        {
            Assert.That(events[i]!["previousHash"]!.GetValue<string>(), Is.EqualTo(events[i - 1]!["hash"]!.GetValue<string>()), $"event {i + 1} links to its predecessor");
        }
    }

    [Test]
    public async Task StartClaim_Is201WithTheClaimsLocation()
    {
        var reply = await App.PostAsync("/claims", "acme", "erin", SampleApp.AcmeClaim());

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Created), reply.Text);
        var claim = reply.Json!["instanceId"]!.GetValue<string>();
        Assert.That(reply.Location?.ToString(), Is.EqualTo($"/claims/{claim}"));
        var status = await App.GetAsync($"/claims/{claim}", "acme", "erin");
        Assert.That(status.Json!["processKey"]!.GetValue<string>(), Is.EqualTo("expense-claim"));
        Assert.That(status.Json["openTasks"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("Manager approval"));
        Assert.That(status.Json["variables"]!["claimant"]!.GetValue<string>(), Is.EqualTo("erin"));
    }
}
