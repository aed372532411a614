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

    [Test]
    public async Task Input_MayBeAJsonElement()
    {
        var sandbox = SandboxFixture.Create();
        var prepared = sandbox.Prepare("a + b", ScriptKind.Expression, "sum");
        using var doc = System.Text.Json.JsonDocument.Parse("""{"a": 2, "b": 3}""");
        var result = await sandbox.EvaluateAsync(prepared, doc.RootElement);
        Assert.That(result.Value.Json(), Is.EqualTo("5"));
    }

    [Test]
    public async Task CommonJs_NamedExportAndRequireOfTheTenantsModules()
    {
        var sandbox = SandboxFixture.Create();
        sandbox.Prepare("exports.rate = 3;", ScriptKind.CommonJs, "lib/rates.js");
        var entry = sandbox.Prepare("const { rate } = require('./lib/rates'); exports.price = (ctx) => ctx.qty * rate;", ScriptKind.CommonJs, "main.js");
        var result = await sandbox.EvaluateAsync(entry, JsonNode.Parse("""{"qty": 4}"""), new EvaluationOptions { ExportName = "price" });
        Assert.That(result.Value.Json(), Is.EqualTo("12"));
    }

    [Test]
    public async Task Module_NamedExportIsCalled()
    {
        var sandbox = SandboxFixture.Create();
        var entry = sandbox.Prepare("export function approve(ctx) { return ctx.amount < 100; } export default () => 'default';", ScriptKind.Module, "rules.js");
        var result = await sandbox.EvaluateAsync(entry, JsonNode.Parse("""{"amount": 50}"""), new EvaluationOptions { ExportName = "approve" });
        Assert.That(result.Value.Json(), Is.EqualTo("true"));
    }

    [Test]
    public async Task Module_AsyncDefaultExport_IsAwaited()
    {
        var sandbox = SandboxFixture.Create();
        var value = await sandbox.RunAsync("export default async function (ctx) { await null; return ctx.n * 2; }", ScriptKind.Module, JsonNode.Parse("""{"n": 4}"""));
        Assert.That(value.Json(), Is.EqualTo("8"));
    }

    [Test]
    public async Task Module_MissingExport_IsAReferenceError()
    {
        var sandbox = SandboxFixture.Create();
        var entry = sandbox.Prepare("export const a = 1;", ScriptKind.Module, "m.js");
        var error = Assert.ThrowsAsync<ScriptRuntimeException>(async () => await sandbox.EvaluateAsync(entry, null, new EvaluationOptions { ExportName = "b" }));
        Assert.That(error!.ErrorName, Is.EqualTo("ReferenceError"));
    }
}
