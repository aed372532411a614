using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Tests.Forms;

public class SandboxFormScriptValidatorTests
{
    private static readonly FormValidator Validator = FormValidator.Create(FormDefinition.Parse("""
        {"type":"default","id":"Expense","ocap:validator":"validators/expense.js","components":[
          {"type":"number","id":"amount","key":"amount","validate":{"required":true}},
          {"type":"textfield","id":"reason","key":"reason"}]}
        """));

    private static SandboxFormScriptValidator Runner(string source, SandboxLimits? limits = null)
    {
        var runner = new SandboxFormScriptValidator(new JsSandbox(new SandboxOptions { Limits = limits ?? new SandboxLimits() }));
        runner.Prepare("validators/expense.js", source);
        return runner;
    }

    [Test]
    public async Task Validate_RunsTheModuleWithDataAndContext_AndMergesItsErrors()
    {
        var runner = Runner("""
            export function validate(data, ctx) {
              const errors = {};
              if (data.amount > 100 && data.reason === '') errors.reason = 'Explain amounts over 100.';
              if (ctx.errors.amount) errors.amount = ['Seen by script: ' + ctx.formId];
              return errors;
            }
            """);
        var over = await Validator.ValidateAsync(JsonNode.Parse("""{"amount":150}"""), runner, CancellationToken.None);
        Assert.That(over.ErrorsToJson().ToJsonString(), Is.EqualTo("""{"reason":["Explain amounts over 100."]}"""));
        var missing = await Validator.ValidateAsync(JsonNode.Parse("{}"), runner, CancellationToken.None);
        Assert.That(missing.ErrorsToJson().ToJsonString(), Is.EqualTo("""{"amount":["Field is required.","Seen by script: Expense"]}"""));
        var fine = await Validator.ValidateAsync(JsonNode.Parse("""{"amount":5}"""), runner, CancellationToken.None);
        Assert.That(fine.IsValid, Is.True);
    }

    [Test]
    public void Validate_ScriptThatThrows_IsAScriptErrorWithItsLine()
    {
        var runner = Runner("export function validate(data) {\n  throw new TypeError('no budget');\n}");
        var e = Assert.ThrowsAsync<FormScriptException>(() => Validator.ValidateAsync(JsonNode.Parse("{}"), runner, CancellationToken.None));
        Assert.That(e!.Kind, Is.EqualTo(FormScriptFailureKind.ScriptError));
        Assert.That(e.Message, Does.Contain("no budget").And.Contain("validators/expense.js"));
    }

    [Test]
    public void Validate_ScriptThatNeverEnds_IsALimitNotValid()
    {
        var runner = Runner("export function validate() { for (;;) {} }", new SandboxLimits { MaxStatements = 10_000, Timeout = TimeSpan.FromSeconds(5) });
        var e = Assert.ThrowsAsync<FormScriptException>(() => Validator.ValidateAsync(JsonNode.Parse("""{"amount":1}"""), runner, CancellationToken.None));
        Assert.That(e!.Kind, Is.EqualTo(FormScriptFailureKind.LimitExceeded));
    }

    [Test]
    public void Validate_ScriptReturningSomethingOtherThanErrors_IsAnInvalidResult()
    {
        var runner = Runner("export function validate() { return { amount: 42 }; }");
        var e = Assert.ThrowsAsync<FormScriptException>(() => Validator.ValidateAsync(JsonNode.Parse("""{"amount":1}"""), runner, CancellationToken.None));
        Assert.That(e!.Kind, Is.EqualTo(FormScriptFailureKind.InvalidResult));
    }

    [Test]
    public void Validate_ModuleWithoutValidateExport_IsAScriptErrorNotValid()
    {
        var runner = Runner("export function check() { return null; }");
        var e = Assert.ThrowsAsync<FormScriptException>(() => Validator.ValidateAsync(JsonNode.Parse("""{"amount":1}"""), runner, CancellationToken.None));
        Assert.That(e!.Kind, Is.EqualTo(FormScriptFailureKind.ScriptError));
    }

    [Test]
    public void Prepare_ModuleThatDoesNotParse_IsRefused()
    {
        var e = Assert.Throws<FormScriptException>(() => Runner("export function validate( {"));
        Assert.That(e!.Message, Does.Contain("cannot be prepared"));
    }

    [Test]
    public void Validate_ModuleNotPrepared_IsUnavailable()
    {
        var runner = new SandboxFormScriptValidator(new JsSandbox(new SandboxOptions()));
        var e = Assert.ThrowsAsync<FormScriptException>(() => Validator.ValidateAsync(JsonNode.Parse("{}"), runner, CancellationToken.None));
        Assert.That(e!.Kind, Is.EqualTo(FormScriptFailureKind.Unavailable));
    }
}
