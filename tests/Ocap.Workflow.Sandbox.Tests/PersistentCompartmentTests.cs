using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>Property: a host that asks for a persistent compartment gets state that persists in it, and only in it; intrinsics stay frozen.</summary>
public class PersistentCompartmentTests
{
    [Test]
    public async Task Declarations_PersistAcrossEvaluationsInTheCompartment()
    {
        var sandbox = SandboxFixture.Create();
        var compartment = sandbox.CreatePersistentCompartment();
        var script = sandbox.Prepare("var count = (typeof count === 'number' ? count : 0) + ctx.step; count", ScriptKind.Script, "counter");
        var values = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            values.Add((await compartment.EvaluateAsync(script, new JsonObject { ["step"] = 2 })).Value.Json());
        }

        Assert.That(values, Is.EqualTo(new[] { "2", "4", "6" }));
    }

    [Test]
    public async Task State_DoesNotLeakToOtherCompartmentsOrToFreshEvaluations()
    {
        var sandbox = SandboxFixture.Create();
        var first = sandbox.CreatePersistentCompartment();
        var second = sandbox.CreatePersistentCompartment();
        await first.EvaluateAsync(sandbox.Prepare("globalThis.secret = 42; let hidden = 1; 0", ScriptKind.Script, "set"), null);
        var probe = sandbox.Prepare("[typeof secret, typeof hidden]", ScriptKind.Script, "probe");
        Assert.That((await first.EvaluateAsync(probe, null)).Value.Json(), Is.EqualTo("""["number","number"]"""));
        Assert.That((await second.EvaluateAsync(probe, null)).Value.Json(), Is.EqualTo("""["undefined","undefined"]"""));
        Assert.That((await sandbox.EvaluateAsync(probe, null)).Value.Json(), Is.EqualTo("""["undefined","undefined"]"""));
    }

    [Test]
    public async Task Intrinsics_StayFrozen_TheGlobalObjectIsTheCompartmentsOwn()
    {
        var sandbox = SandboxFixture.Create();
        var compartment = sandbox.CreatePersistentCompartment();
        var script = sandbox.Prepare("let r; try { Array.prototype.push = null; r = 'assigned'; } catch (e) { r = e.name; } [r, Object.isFrozen(Object.prototype), Object.isFrozen(globalThis)]", ScriptKind.Script, "s");
        Assert.That((await compartment.EvaluateAsync(script, null)).Value.Json(), Is.EqualTo("""["TypeError",true,false]"""));
    }

    [Test]
    public async Task ReplacingAGlobal_DoesNotDisableTheBoundedBuiltIns()
    {
        var sandbox = SandboxFixture.Create(new SandboxLimits { MaxStringLength = 1000 });
        var compartment = sandbox.CreatePersistentCompartment();
        await compartment.EvaluateAsync(sandbox.Prepare("globalThis.Math = { trunc: () => 0 }; 0", ScriptKind.Script, "swap"), null);
        var error = Assert.ThrowsAsync<ScriptLimitExceededException>(async () => await compartment.EvaluateAsync(sandbox.Prepare("'x'.repeat(5000)", ScriptKind.Script, "big"), null));
        Assert.That(error!.Limit, Is.EqualTo(ScriptLimit.Memory));
    }

    [Test]
    public async Task ALimit_EndsTheCompartment_AnOrdinaryErrorDoesNot()
    {
        var sandbox = SandboxFixture.Create(new SandboxLimits { MaxStatements = 10_000 });
        var compartment = sandbox.CreatePersistentCompartment();
        Assert.ThrowsAsync<ScriptRuntimeException>(async () => await compartment.EvaluateAsync(sandbox.Prepare("var kept = 1; throw new Error('x')", ScriptKind.Script, "err"), null));
        Assert.That((await compartment.EvaluateAsync(sandbox.Prepare("kept", ScriptKind.Script, "read"), null)).Value.Json(), Is.EqualTo("1"));
        Assert.ThrowsAsync<ScriptLimitExceededException>(async () => await compartment.EvaluateAsync(sandbox.Prepare("while (true) {}", ScriptKind.Script, "loop"), null));
        Assert.That(compartment.IsEnded, Is.True);
        Assert.ThrowsAsync<InvalidOperationException>(async () => await compartment.EvaluateAsync(sandbox.Prepare("1", ScriptKind.Script, "one"), null));
    }

    [Test]
    public void ModulesAndExpressions_AreRefused()
    {
        var sandbox = SandboxFixture.Create();
        var compartment = sandbox.CreatePersistentCompartment();
        Assert.ThrowsAsync<ArgumentException>(async () => await compartment.EvaluateAsync(sandbox.Prepare("export default 1;", ScriptKind.Module, "m.js"), null));
        Assert.ThrowsAsync<ArgumentException>(async () => await compartment.EvaluateAsync(sandbox.Prepare("1 + 1", ScriptKind.Expression, "e"), null));
    }

    [Test]
    public async Task Capabilities_BelongToTheCompartment_AndScriptsMayUseOnlyThose()
    {
        var directory = SandboxCapability.Create("directory").Method("lookup", _ => "m-1").Build();
        var notify = SandboxCapability.Create("notify").Method("send", _ => true).Build();
        var sandbox = new JsSandbox(new SandboxOptions { GrantedCapabilities = new HashSet<string> { "directory", "notify" } }, [directory, notify]);
        var compartment = sandbox.CreatePersistentCompartment(["directory"]);
        var uses = sandbox.Prepare("directory.lookup('u')", ScriptKind.Script, "s", ["directory"]);
        Assert.That((await compartment.EvaluateAsync(uses, null)).Value.Json(), Is.EqualTo("\"m-1\""));
        var other = sandbox.Prepare("notify.send('x')", ScriptKind.Script, "n", ["notify"]);
        Assert.ThrowsAsync<ScriptCapabilityException>(async () => await compartment.EvaluateAsync(other, null));
        var rebind = sandbox.Prepare("let r; try { globalThis.directory = null; r = 'rebound'; } catch (e) { r = e.name; } r", ScriptKind.Script, "r");
        Assert.That((await compartment.EvaluateAsync(rebind, null)).Value.Json(), Is.EqualTo("\"TypeError\""));
        Assert.Throws<ArgumentException>(() => sandbox.CreatePersistentCompartment(["mailer"]));
    }
}
