using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>Property: each evaluation sees a fresh compartment; nothing one leaves behind is visible to the next, on the same pooled engine or another tenant's.</summary>
public class IsolationTests
{
    [Test]
    public async Task TopLevelDeclarations_DoNotPersistAcrossEvaluations()
    {
        var sandbox = SandboxFixture.Create();
        var script = sandbox.Prepare("var seen = (seen || 0) + 1; let counter = 1; const k = 2; function f() {} class C {} [seen, counter + k]", ScriptKind.Script, "s");
        var first = await sandbox.EvaluateAsync(script, null);
        var second = await sandbox.EvaluateAsync(script, null);
        Assert.That(first.Value.Json(), Is.EqualTo("[1,3]"));
        Assert.That(second.Value.Json(), Is.EqualTo("[1,3]"), "a persisted let would be a redeclaration error, a persisted var would count 2");
        Assert.That(sandbox.RealmsCreated, Is.EqualTo(1), "both evaluations ran on the same pooled engine");
    }

    [Test]
    public async Task DeclarationsOfOneScript_AreInvisibleToAnother()
    {
        var sandbox = SandboxFixture.Create();
        await sandbox.RunAsync("var shared = 42; let other = 1; shared");
        var value = await sandbox.RunAsync("[typeof shared, typeof other]");
        Assert.That(value.Json(), Is.EqualTo("""["undefined","undefined"]"""));
        Assert.That(sandbox.RealmsCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task ModuleState_IsFreshForEveryEvaluation()
    {
        var sandbox = SandboxFixture.Create();
        sandbox.Prepare("let count = 0; export function next() { count += 1; return count; }", ScriptKind.Module, "counter.js");
        var entry = sandbox.Prepare("import { next } from './counter.js'; export default () => next();", ScriptKind.Module, "main.js");
        var first = await sandbox.EvaluateAsync(entry, null);
        var second = await sandbox.EvaluateAsync(entry, null);
        Assert.That((first.Value.Json(), second.Value.Json()), Is.EqualTo(("1", "1")));
        Assert.That(sandbox.RealmsCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task CommonJsModuleState_IsFreshForEveryEvaluation()
    {
        var sandbox = SandboxFixture.Create();
        sandbox.Prepare("let count = 0; exports.next = () => ++count;", ScriptKind.CommonJs, "counter.js");
        var entry = sandbox.Prepare("const c = require('./counter'); module.exports = () => c.next();", ScriptKind.CommonJs, "main.js");
        var first = await sandbox.EvaluateAsync(entry, null);
        var second = await sandbox.EvaluateAsync(entry, null);
        Assert.That((first.Value.Json(), second.Value.Json()), Is.EqualTo(("1", "1")));
    }

    [Test]
    public async Task ExpressionClosureState_IsFreshForEveryEvaluation()
    {
        var sandbox = SandboxFixture.Create();
        var expression = sandbox.Prepare("((cache) => (cache.push(1), cache.length))([])", ScriptKind.Expression, "e");
        var first = await sandbox.EvaluateAsync(expression, null);
        var second = await sandbox.EvaluateAsync(expression, null);
        Assert.That((first.Value.Json(), second.Value.Json()), Is.EqualTo(("1", "1")));
    }

    [Test]
    public async Task MutatingASharedIntrinsic_FailsSoTheNextEvaluationSeesItIntact()
    {
        var sandbox = SandboxFixture.Create();
        Assert.ThrowsAsync<ScriptRuntimeException>(async () => await sandbox.RunAsync("Array.prototype.includes = () => true; 1"));
        Assert.ThrowsAsync<ScriptRuntimeException>(async () => await sandbox.RunAsync("Object.defineProperty(Object.prototype, 'x', { value: 1 }); 1"));
        var value = await sandbox.RunAsync("[[1].includes(2), ({}).x]");
        Assert.That(value.Json(), Is.EqualTo("[false,null]"));
    }

    [Test]
    public async Task InputObjects_AreHardenedCopies_NotLiveHostObjects()
    {
        var sandbox = SandboxFixture.Create();
        var input = JsonNode.Parse("""{"order":{"lines":[{"qty":1}]}}""")!;
        var value = await sandbox.RunAsync("""
            const frozen = [Object.isFrozen(ctx), Object.isFrozen(ctx.order), Object.isFrozen(ctx.order.lines), Object.isFrozen(ctx.order.lines[0])];
            let threw = false; try { ctx.order.lines[0].qty = 99; } catch (e) { threw = e instanceof TypeError; }
            [...frozen, threw]
            """, input: input);
        Assert.That(value.Json(), Is.EqualTo("[true,true,true,true,true]"));
        Assert.That(input.ToJsonString(), Is.EqualTo("""{"order":{"lines":[{"qty":1}]}}"""));
    }

    [Test]
    public async Task ChangingTheHostInputDuringTheEvaluation_DoesNotChangeWhatTheScriptSees()
    {
        var input = JsonNode.Parse("""{"n":1}""")!;
        var capability = SandboxCapability.Create("mutator").Method("run", _ =>
        {
            input["n"] = 2;
            return null;
        }).Build();
        var tenant = new JsSandbox(new SandboxOptions { GrantedCapabilities = new HashSet<string> { "mutator" } }, [capability]);
        var script = tenant.Prepare("const before = ctx.n; mutator.run(); [before, ctx.n]", ScriptKind.Script, "s", ["mutator"]);
        var value = await tenant.EvaluateAsync(script, input);
        Assert.That(value.Value.Json(), Is.EqualTo("[1,1]"));
        Assert.That(input["n"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    public async Task TwoTenants_NeverShareEngines()
    {
        var a = SandboxFixture.Create();
        var b = SandboxFixture.Create();
        await a.RunAsync("1");
        await b.RunAsync("1");
        Assert.That((a.RealmsCreated, b.RealmsCreated), Is.EqualTo((1, 1)));
    }

    [Test]
    public async Task PromiseJobs_RunWithinTheirOwnEvaluation()
    {
        var calls = new List<string>();
        var log = SandboxCapability.Create("log").Method("write", args =>
        {
            calls.Add(args[0]!.GetValue<string>());
            return null;
        }).Build();
        var tenant = new JsSandbox(new SandboxOptions { GrantedCapabilities = new HashSet<string> { "log" } }, [log]);
        var first = tenant.Prepare("Promise.resolve().then(() => Promise.resolve()).then(() => log.write('job of first')); 'first'", ScriptKind.Script, "a", ["log"]);
        var second = tenant.Prepare("log.write('second'); 'second'", ScriptKind.Script, "b", ["log"]);
        Assert.That((await tenant.EvaluateAsync(first, null)).Value.Json(), Is.EqualTo("\"first\""));
        Assert.That(calls, Is.EqualTo(new[] { "job of first" }));
        Assert.That((await tenant.EvaluateAsync(second, null)).Value.Json(), Is.EqualTo("\"second\""));
        Assert.That(calls, Is.EqualTo(new[] { "job of first", "second" }));
    }
}
