using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>
/// Property: an ES module graph is shared between evaluations on an engine only when its syntax proves it holds no
/// state; anything that could hold state gets a fresh instance per evaluation, so reuse never leaks.
/// </summary>
public class ModuleReuseTests
{
    [TestCase("export default (ctx) => ctx.n + 1;")]
    [TestCase("const RATE = 2; const LABEL = `x`; const NEG = -1; function scale(x) { return x * RATE; } export default function decide(ctx) { return scale(ctx.n) + NEG; }")]
    [TestCase("export const double = (x) => x * 2; export function triple(x) { return x * 3; }")]
    public void StatelessModule_IsReusable(string source)
    {
        var sandbox = SandboxFixture.Create();
        Assert.That(sandbox.Prepare(source, ScriptKind.Module, "m.js").ReusableGraph, Is.True);
    }

    [TestCase("let count = 0; export default () => ++count;")]
    [TestCase("var count = 0; export default () => ++count;")]
    [TestCase("const cache = []; export default () => cache.push(1);")]
    [TestCase("const config = { n: 1 }; export default () => config.n++;")]
    [TestCase("const re = /a/g; export default () => re.lastIndex;")]
    [TestCase("function h() { h.n = (h.n || 0) + 1; return h.n; } export default () => h();")]
    [TestCase("export default function d() { return d; }")]
    [TestCase("function F() {} export default () => new F();")]
    [TestCase("class C {} export default () => C;")]
    [TestCase("export default { n: 1 };")]
    [TestCase("export default () => import.meta;")]
    [TestCase("export default () => import('./m.js');")]
    [TestCase("globalThis.x; export default () => 1;")]
    public void PossiblyStatefulModule_GetsFreshInstances(string source)
    {
        var sandbox = SandboxFixture.Create();
        Assert.That(sandbox.Prepare(source, ScriptKind.Module, "m.js").ReusableGraph, Is.False);
    }

    [Test]
    public void GraphWithAStatefulImport_GetsFreshInstances()
    {
        var sandbox = SandboxFixture.Create();
        sandbox.Prepare("let n = 0; export function next() { return ++n; }", ScriptKind.Module, "lib.js");
        var entry = sandbox.Prepare("import { next } from './lib.js'; export default () => next();", ScriptKind.Module, "main.js");
        Assert.That(entry.ReusableGraph, Is.False);
    }

    [Test]
    public async Task FunctionPropertyCounter_DoesNotLeakBetweenEvaluations()
    {
        var sandbox = SandboxFixture.Create();
        var entry = sandbox.Prepare("function h() { h.n = (h.n || 0) + 1; return h.n; } export default () => h();", ScriptKind.Module, "m.js");
        var first = await sandbox.EvaluateAsync(entry, null);
        var second = await sandbox.EvaluateAsync(entry, null);
        Assert.That((first.Value.Json(), second.Value.Json()), Is.EqualTo(("1", "1")));
    }

    [Test]
    public async Task ReusedGraph_WithImports_ComputesFromEachInput()
    {
        var sandbox = SandboxFixture.Create();
        sandbox.Prepare("export const rate = (x) => x * 2;", ScriptKind.Module, "lib/rate.js");
        var entry = sandbox.Prepare("import { rate } from './lib/rate.js'; export default (ctx) => rate(ctx.n);", ScriptKind.Module, "main.js");
        Assert.That(entry.ReusableGraph, Is.True);
        var results = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            results.Add((await sandbox.EvaluateAsync(entry, new JsonObject { ["n"] = n })).Value.Json());
        }

        Assert.That(results, Is.EqualTo(new[] { "0", "2", "4" }));
        Assert.That(sandbox.RealmsCreated, Is.EqualTo(1));
    }
}
