using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Tests.Forms;

public class CustomValidatorTests
{
    private sealed class FakeScripts(Func<FormScriptRequest, CancellationToken, JsonNode?> run) : IFormScriptValidator
    {
        public List<FormScriptRequest> Requests { get; } = [];

        public ValueTask<JsonNode?> ValidateAsync(FormScriptRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return ValueTask.FromResult(run(request, cancellationToken));
        }
    }

    private static readonly FormValidator Validator = FormValidator.Create(FormDefinition.Parse("""
        {"type":"default","id":"Expense","ocap:validator":"expenses/check",
         "components":[
           {"type":"textfield","id":"name","key":"name","validate":{"required":true}},
           {"type":"number","id":"amount","key":"amount"},
           {"type":"dynamiclist","id":"lines","path":"lines","isRepeating":true,"components":[{"type":"textfield","id":"item","key":"item"}]}]}
        """));

    private static Task<FormValidationResult> RunAsync(Func<FormScriptRequest, CancellationToken, JsonNode?> script, string data = """{"amount":"12"}""") =>
        Validator.ValidateAsync(JsonNode.Parse(data), new FakeScripts(script), CancellationToken.None);

    [Test]
    public async Task CustomErrors_AreAddedAfterTheDeclarativeOnes()
    {
        var result = await RunAsync((_, _) => JsonNode.Parse("""{"name":"Ask your manager.","amount":["Over budget.","Needs a receipt."]}"""));
        Assert.That(result.IsValid, Is.False);
        Assert.That(result.ErrorsToJson().ToJsonString(),
            Is.EqualTo("""{"name":["Field is required.","Ask your manager."],"amount":["Over budget.","Needs a receipt."]}"""));
    }

    [Test]
    public async Task ParsedElementOfAFlatForm_RunsTheScriptOnTheCleanedData()
    {
        var flat = FormValidator.Create(FormDefinition.Parse("""
            {"type":"default","id":"Expense","ocap:validator":"expenses/check",
             "components":[{"type":"textfield","id":"name","key":"name","validate":{"required":true}},{"type":"number","id":"amount","key":"amount"}]}
            """));
        var scripts = new FakeScripts((_, _) => JsonNode.Parse("""{"amount":"Over budget."}"""));

        var result = await flat.ValidateAsync(System.Text.Json.JsonElement.Parse("""{"amount":12,"junk":1}"""), scripts, CancellationToken.None);

        Assert.That(flat.ReadsElements, Is.True);
        Assert.That(scripts.Requests.Single().Data.ToJsonString(), Is.EqualTo("""{"name":"","amount":12}"""));
        Assert.That(result.ErrorsToJson().ToJsonString(), Is.EqualTo("""{"name":["Field is required."],"amount":["Over budget."]}"""));
    }

    [Test]
    public async Task Script_ReceivesTheCleanedDataAndTheDeclarativeErrors()
    {
        var scripts = new FakeScripts((_, _) => null);
        await Validator.ValidateAsync(JsonNode.Parse("""{"amount":"12","junk":1}"""), scripts, CancellationToken.None);
        var request = scripts.Requests.Single();
        Assert.That(request.Module, Is.EqualTo("expenses/check"));
        Assert.That(request.Data.ToJsonString(), Is.EqualTo("""{"name":"","amount":12,"lines":[{"item":""}]}"""));
        Assert.That(request.Context.ToJsonString(), Is.EqualTo("""{"formId":"Expense","errors":{"name":["Field is required."]}}"""));
    }

    [TestCase("null")]
    [TestCase("{}")]
    [TestCase("""{"amount":[]}""")]
    [TestCase("""{"amount":null}""")]
    public async Task NoErrorsFromTheScript_LeavesTheDeclarativeVerdict(string returned)
    {
        var result = await RunAsync((_, _) => JsonNode.Parse(returned), """{"name":"Ann"}""");
        Assert.That(result.IsValid, Is.True);
    }

    [TestCase("[\"bad\"]", "instead of an object")]
    [TestCase("""{"nope":"x"}""", "'nope', which is not a component")]
    [TestCase("""{"item":"x"}""", "repeats inside dynamic list 'lines'")]
    [TestCase("""{"amount":5}""", "a number, not a string or a list of strings")]
    [TestCase("""{"amount":["ok",{}]}""", "not only strings")]
    public void UnusableResult_IsATypedFailure_NeverValid(string returned, string reason)
    {
        var e = Assert.ThrowsAsync<FormScriptException>(() => RunAsync((_, _) => JsonNode.Parse(returned), """{"name":"Ann"}"""));
        Assert.That(e!.Kind, Is.EqualTo(FormScriptFailureKind.InvalidResult));
        Assert.That(e.Message, Does.Contain(reason));
    }

    [Test]
    public void ScriptLimit_IsReportedAsItsKind()
    {
        var e = Assert.ThrowsAsync<FormScriptException>(() =>
            RunAsync((_, _) => throw new FormScriptException(FormScriptFailureKind.LimitExceeded, "expenses/check: statement limit of 10000 exceeded")));
        Assert.That(e!.Kind, Is.EqualTo(FormScriptFailureKind.LimitExceeded));
    }

    [Test]
    public void ScriptCrash_IsWrappedAsAScriptError()
    {
        var e = Assert.ThrowsAsync<FormScriptException>(() => RunAsync((_, _) => throw new InvalidOperationException("boom")));
        Assert.That(e!.Kind, Is.EqualTo(FormScriptFailureKind.ScriptError));
        Assert.That(e.Message, Does.Contain("'expenses/check'").And.Contain("boom"));
        Assert.That(e.InnerException, Is.InstanceOf<InvalidOperationException>());
    }

    [Test]
    public void FormNamingAValidator_WithoutARunner_IsUnavailableNotValid()
    {
        var e = Assert.ThrowsAsync<FormScriptException>(() => Validator.ValidateAsync(JsonNode.Parse("""{"name":"Ann"}"""), null, CancellationToken.None));
        Assert.That(e!.Kind, Is.EqualTo(FormScriptFailureKind.Unavailable));
    }

    [Test]
    public void Cancellation_IsNotTurnedIntoAScriptFailure()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.CatchAsync<OperationCanceledException>(() => Validator.ValidateAsync(JsonNode.Parse("{}"),
            new FakeScripts((_, token) => { token.ThrowIfCancellationRequested(); return null; }), cts.Token));
    }

    [Test]
    public async Task FormWithoutValidator_DoesNotCallTheRunner()
    {
        var scripts = new FakeScripts((_, _) => throw new AssertionException("must not run"));
        var validator = FormValidator.Create(FormDefinition.Parse("""{"type":"default","components":[]}"""));
        var result = await validator.ValidateAsync(JsonNode.Parse("{}"), scripts, CancellationToken.None);
        Assert.That(result.IsValid, Is.True);
        Assert.That(scripts.Requests, Is.Empty);
    }
}
