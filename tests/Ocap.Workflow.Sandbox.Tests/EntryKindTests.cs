using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox.Tests;

public class EntryKindTests
{
    [Test]
    public async Task Expression_FreeIdentifiersBindToInputProperties()
    {
        var sandbox = SandboxFixture.Create();
        var prepared = sandbox.Prepare("amount > limit && region === 'EU'", ScriptKind.Expression, "gateway");
        Assert.That(prepared.FreeIdentifiers, Is.EqualTo(new[] { "amount", "limit", "region" }));
        var result = await sandbox.EvaluateAsync(prepared, JsonNode.Parse("""{"amount": 1200, "limit": 1000, "region": "EU"}"""));
        Assert.That(result.Value.Json(), Is.EqualTo("true"));
    }

    [Test]
    public async Task Script_ReturnsItsCompletionValue()
    {
        var sandbox = SandboxFixture.Create();
        var value = await sandbox.RunAsync("let total = 0; for (const x of ctx.items) total += x; ({ total })", input: JsonNode.Parse("""{"items": [1, 2, 3]}"""));
        Assert.That(value.Json(), Is.EqualTo("""{"total":6}"""));
    }

    [Test]
    public async Task Module_DefaultExportIsCalledWithTheInput()
    {
        var sandbox = SandboxFixture.Create();
        sandbox.Prepare("export const rate = (x) => x * 2;", ScriptKind.Module, "lib/rate.js");
        var value = await sandbox.RunAsync("import { rate } from './lib/rate.js'; export default function decide(ctx) { return { v: rate(ctx.n) }; }", ScriptKind.Module, JsonNode.Parse("""{"n": 21}"""));
        Assert.That(value.Json(), Is.EqualTo("""{"v":42}"""));
    }

    [Test]
    public async Task CommonJs_ModuleExportsFunctionIsCalledWithTheInput()
    {
        var sandbox = SandboxFixture.Create();
        var value = await sandbox.RunAsync("module.exports = (ctx) => ctx.n + 1;", ScriptKind.CommonJs, JsonNode.Parse("""{"n": 41}"""));
        Assert.That(value.Json(), Is.EqualTo("42"));
    }
}
