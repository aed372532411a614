using System.Net;
using System.Text.Json.Nodes;

namespace ExpenseApproval.Tests;

/// <summary>Each endpoint's refusals: the HTTP code, a problem+json body, and nothing changed.</summary>
public sealed class EndpointRefusalTests : SampleHostTests
{

    [Test]
    public async Task StartClaim_WithoutTenantHeader_Is400NamingTheHeader()
    {
        var reply = await App.SendAsync(HttpMethod.Post, "/claims", tenant: null, user: "erin", SampleApp.AcmeClaim().ToJsonString());

        Assert.That(reply.IsProblem(HttpStatusCode.BadRequest), Is.True, reply.Text);
        Assert.That(reply.Json!["detail"]!.GetValue<string>(), Does.Contain("X-Tenant"));
    }

    [Test]
    public async Task StartClaim_WithoutUserHeader_Is400NamingTheHeader()
    {
        var reply = await App.SendAsync(HttpMethod.Post, "/claims", "acme", user: null, SampleApp.AcmeClaim().ToJsonString());

        Assert.That(reply.IsProblem(HttpStatusCode.BadRequest), Is.True, reply.Text);
        Assert.That(reply.Json!["detail"]!.GetValue<string>(), Does.Contain("X-User"));
    }

    [TestCase("acme corp")]
    [TestCase("-acme")]
    public async Task AnyEndpoint_WithInvalidTenantId_Is400(string tenant)
    {
        var reply = await App.SendAsync(HttpMethod.Get, "/tasks", tenant, "erin");

        Assert.That(reply.IsProblem(HttpStatusCode.BadRequest), Is.True, reply.Text);
    }

    [TestCase("[1, 2]", "application/json")]
    [TestCase("{\"amount\": ", "application/json")]
    [TestCase("amount=12", "application/x-www-form-urlencoded")]
    public async Task StartClaim_BodyNotAJsonObject_Is400(string body, string contentType)
    {
        var reply = await App.SendAsync(HttpMethod.Post, "/claims", "acme", "erin", body, contentType);

        Assert.That(reply.IsProblem(HttpStatusCode.BadRequest), Is.True, reply.Text);
    }

    [Test]
    public async Task UnknownRoute_Is404ProblemJson()
    {
        var reply = await App.GetAsync("/invoices", "acme", "erin");

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(reply.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task StartClaim_MissingRequiredFields_Is422WithTheFormsMessagesPerField()
    {
        var reply = await App.PostAsync("/claims", "acme", "erin", new JsonObject { ["amount"] = 20 });

        Assert.That(reply.IsProblem(HttpStatusCode.UnprocessableEntity), Is.True, reply.Text);
        Assert.That(reply.Json!["formId"]!.GetValue<string>(), Is.EqualTo("expense-claim"));
        var errors = reply.Json["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "costCentre", "category", "expenseDate", "description" }));
        Assert.That(errors["costCentre"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { "Field is required." }));
    }

    [Test]
    public async Task StartClaim_WhatOnlyTheTenantsValidatorChecks_Is422WithItsMessages()
    {
        var claim = SampleApp.AcmeClaim(amount: 250, costCentre: "C-410", receipt: null);
        claim["category"] = "meals";

        var reply = await App.PostAsync("/claims", "acme", "erin", claim);

        Assert.That(reply.IsProblem(HttpStatusCode.UnprocessableEntity), Is.True, reply.Text);
        var errors = reply.Json!["errors"]!;
        Assert.That(errors["costCentre"]![0]!.GetValue<string>(), Is.EqualTo("Cost centre must look like CC-123."));
        Assert.That(errors["receiptRef"]![0]!.GetValue<string>(), Is.EqualTo("A receipt is required above 50.00."));
        Assert.That(errors["amount"]![0]!.GetValue<string>(), Is.EqualTo("Meals are reimbursed up to 200.00 per claim."));
    }

    [TestCase("CC-123", "Cost centre CC-123 does not exist.")]
    [TestCase("CC-390", "Cost centre CC-390 (Sales Benelux (closed)) is closed.")]
    public async Task StartClaim_OnACostCentreTheHostDoesNotAccept_Is422FromTheValidatorsCapabilityCall(string costCentre, string message)
    {
        var reply = await App.PostAsync("/claims", "acme", "erin", SampleApp.AcmeClaim(costCentre: costCentre));

        Assert.That(reply.IsProblem(HttpStatusCode.UnprocessableEntity), Is.True, reply.Text);
        Assert.That(reply.Json!["errors"]!["costCentre"]![0]!.GetValue<string>(), Is.EqualTo(message));
    }

    [Test]
    public async Task StartClaim_InATenantWithNothingDeployed_Is404()
    {
        var reply = await App.PostAsync("/claims", "initech", "erin", SampleApp.AcmeClaim());

        Assert.That(reply.IsProblem(HttpStatusCode.NotFound), Is.True, reply.Text);
    }

    [TestCase("/claims/0123456789abcdef0123456789abcdef")]
    [TestCase("/claims/0123456789abcdef0123456789abcdef/history")]
    [TestCase("/claims/0123456789abcdef0123456789abcdef/verify")]
    [TestCase("/tasks/0123456789abcdef0123456789abcdef.t3/form")]
    public async Task Read_OfAnIdThatDoesNotExist_Is404(string path)
    {
        var reply = await App.GetAsync(path, "acme", "mia");

        Assert.That(reply.IsProblem(HttpStatusCode.NotFound), Is.True, reply.Text);
    }

    [TestCase("claim")]
    [TestCase("complete")]
    public async Task TaskCommand_OnATaskThatDoesNotExist_Is404(string command)
    {
        var reply = await App.PostAsync($"/tasks/0123456789abcdef0123456789abcdef.t3/{command}", "acme", "mia", new JsonObject());

        Assert.That(reply.IsProblem(HttpStatusCode.NotFound), Is.True, reply.Text);
    }

    [Test]
    public async Task TaskForm_ForAUserWhoIsNotACandidate_Is403()
    {
        var claim = await App.StartAcmeClaimAsync();
        var task = await App.SingleTaskAsync("acme", "mia", claim);

        var reply = await App.GetAsync($"/tasks/{task}/form", "acme", "erin");

        Assert.That(reply.IsProblem(HttpStatusCode.Forbidden), Is.True, reply.Text);
        Assert.That(reply.Json!["detail"]!.GetValue<string>(), Does.Contain("(&(department=sales)(role=manager))"));
    }

    [Test]
    public async Task TaskForm_ForACandidate_IsTheDeployedSchemaWithTheClaimsData()
    {
        var claim = await App.StartAcmeClaimAsync(amount: 75.5m);
        var task = await App.SingleTaskAsync("acme", "mia", claim);

        var reply = await App.GetAsync($"/tasks/{task}/form", "acme", "mia");

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Text);
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Tenants", "acme", "manager-approval.form"));
        Assert.That(JsonNode.DeepEquals(reply.Json!["schema"], JsonNode.Parse(expected)), Is.True, "the schema is the deployed form, unchanged");
        Assert.That(reply.Json["data"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(75.5m));
        Assert.That(reply.Json["data"]!["claimant"]!.GetValue<string>(), Is.EqualTo("erin"));
    }

    [Test]
    public async Task ClaimAndComplete_ByAUserWhoIsNotACandidate_Are403AndChangeNothing()
    {
        var claim = await App.StartAcmeClaimAsync();
        var task = await App.SingleTaskAsync("acme", "mia", claim);
        var before = await App.GetAsync($"/claims/{claim}/history", "acme", "erin");

        var claimed = await App.PostAsync($"/tasks/{task}/claim", "acme", "fay");
        var completed = await App.PostAsync($"/tasks/{task}/complete", "acme", "erin", new JsonObject { ["managerDecision"] = "approve" });

        Assert.That(claimed.IsProblem(HttpStatusCode.Forbidden), Is.True, claimed.Text);
        Assert.That(completed.IsProblem(HttpStatusCode.Forbidden), Is.True, completed.Text);
        var after = await App.GetAsync($"/claims/{claim}/history", "acme", "erin");
        Assert.That(after.Json!.AsArray(), Has.Count.EqualTo(before.Json!.AsArray().Count), "a refused command writes no history");
        Assert.That(await App.SingleTaskAsync("acme", "mia", claim), Is.EqualTo(task));
    }

    [Test]
    public async Task TaskClaimedByOneManager_LeavesTheOtherManagersList_AndRefusesThem403()
    {
        var claim = await App.StartAcmeClaimAsync();
        var task = await App.SingleTaskAsync("acme", "max", claim);
        await App.PostAsync($"/tasks/{task}/claim", "acme", "mia");

        var list = await App.GetAsync($"/tasks?claim={claim}", "acme", "max");
        var form = await App.GetAsync($"/tasks/{task}/form", "acme", "max");
        var claimAgain = await App.PostAsync($"/tasks/{task}/claim", "acme", "max");
        var complete = await App.PostAsync($"/tasks/{task}/complete", "acme", "max", new JsonObject { ["managerDecision"] = "approve" });

        Assert.That(list.Json!.AsArray(), Is.Empty);
        Assert.That(form.IsProblem(HttpStatusCode.Forbidden), Is.True, form.Text);
        Assert.That(form.Json!["detail"]!.GetValue<string>(), Does.Contain("another actor holds the claim"));
        Assert.That(claimAgain.IsProblem(HttpStatusCode.Forbidden), Is.True, claimAgain.Text);
        Assert.That(complete.IsProblem(HttpStatusCode.Forbidden), Is.True, complete.Text);
        Assert.That(await App.SingleTaskAsync("acme", "mia", claim), Is.EqualTo(task));
    }

    [Test]
    public async Task Unclaim_ByAUserWhoDoesNotHoldTheClaim_Is403()
    {
        var claim = await App.StartAcmeClaimAsync();
        var task = await App.SingleTaskAsync("acme", "mia", claim);

        var reply = await App.PostAsync($"/tasks/{task}/unclaim", "acme", "mia");

        Assert.That(reply.IsProblem(HttpStatusCode.Forbidden), Is.True, reply.Text);
    }

    [Test]
    public async Task ClaimThenUnclaim_SetsAndClearsTheAssignee()
    {
        var claim = await App.StartAcmeClaimAsync();
        var task = await App.SingleTaskAsync("acme", "mia", claim);

        var claimed = await App.PostAsync($"/tasks/{task}/claim", "acme", "mia");
        var unclaimed = await App.PostAsync($"/tasks/{task}/unclaim", "acme", "mia");

        Assert.That(claimed.Json!["assignee"]!.GetValue<string>(), Is.EqualTo("mia"));
        Assert.That(unclaimed.Json!["assignee"], Is.Null);
    }

    [Test]
    public async Task Complete_WithAnInvalidSubmission_Is422WithFieldErrorsAndTheTaskStaysOpen()
    {
        var claim = await App.StartAcmeClaimAsync();
        var task = await App.SingleTaskAsync("acme", "mia", claim);

        var reply = await App.PostAsync($"/tasks/{task}/complete", "acme", "mia", new JsonObject { ["managerDecision"] = "maybe" });

        Assert.That(reply.IsProblem(HttpStatusCode.UnprocessableEntity), Is.True, reply.Text);
        Assert.That(reply.Json!["errors"]!["managerDecision"]![0]!.GetValue<string>(), Is.EqualTo("Field is required."), "an option not in the list is cleared, as form-js does");
        Assert.That(await App.SingleTaskAsync("acme", "mia", claim), Is.EqualTo(task));
    }

    [Test]
    public async Task CompleteOrClaim_OfACompletedTask_Is409()
    {
        var claim = await App.StartAcmeClaimAsync();
        var task = await App.SingleTaskAsync("acme", "mia", claim);
        var approve = new JsonObject { ["managerDecision"] = "approve" };
        var first = await App.PostAsync($"/tasks/{task}/complete", "acme", "mia", approve);

        var again = await App.PostAsync($"/tasks/{task}/complete", "acme", "mia", approve);
        var claimAfter = await App.PostAsync($"/tasks/{task}/claim", "acme", "mia");

        Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK), first.Text);
        Assert.That(again.IsProblem(HttpStatusCode.Conflict), Is.True, again.Text);
        Assert.That(claimAfter.IsProblem(HttpStatusCode.Conflict), Is.True, claimAfter.Text);
    }
}
