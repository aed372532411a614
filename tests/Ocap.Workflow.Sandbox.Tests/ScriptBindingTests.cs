using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>A script's free identifiers read the input's properties, read-only, as BPMN scripts read instance variables.</summary>
public class ScriptBindingTests
{
    private static async Task<JsonNode?> EvaluateAsync(string source, string input)
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var script = sandbox.Prepare(source, ScriptKind.Script, "binding.js");
        return (await sandbox.EvaluateAsync(script, JsonNode.Parse(input))).Value;
    }

    [Test]
    public async Task FreeIdentifier_ReadsTheInputProperty()
    {
        var value = await EvaluateAsync("const total = amount * 2; total + ctx.amount", """{"amount": 21}""");
        Assert.That(value!.ToJsonString(), Is.EqualTo("63"));
    }

    [Test]
    public void AssigningAnInputBinding_IsATypeError()
    {
        var e = Assert.ThrowsAsync<ScriptRuntimeException>(() => EvaluateAsync("amount = 5; amount", """{"amount": 1}"""));
        Assert.That(e!.ErrorName, Is.EqualTo("TypeError"));
    }

    [Test]
    public async Task FreeIdentifierTheInputLacks_IsUnresolvable_AsInPlainJavaScript()
    {
        var value = await EvaluateAsync("typeof missing", """{"amount": 1}""");
        Assert.That(value!.GetValue<string>(), Is.EqualTo("undefined"));
        var e = Assert.ThrowsAsync<ScriptRuntimeException>(() => EvaluateAsync("missing + 1", """{"amount": 1}"""));
        Assert.That(e!.ErrorName, Is.EqualTo("ReferenceError"));
    }

    [Test]
    public async Task DeclarationOfTheSameName_ShadowsTheBinding()
    {
        var value = await EvaluateAsync("let amount = 7; amount", """{"amount": 1}""");
        Assert.That(value!.ToJsonString(), Is.EqualTo("7"));
    }

    [Test]
    public async Task InputBindings_DoNotLeakIntoTheNextEvaluation()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var script = sandbox.Prepare("typeof amount === 'undefined' ? 'none' : amount", ScriptKind.Script, "binding.js");
        var first = await sandbox.EvaluateAsync(script, JsonNode.Parse("""{"amount": 5}"""));
        var second = await sandbox.EvaluateAsync(script, JsonNode.Parse("""{"other": 1}"""));
        Assert.That(first.Value!.ToJsonString(), Is.EqualTo("5"));
        Assert.That(second.Value!.GetValue<string>(), Is.EqualTo("none"));
    }
}
