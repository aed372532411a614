namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>Property: nothing a script can reach leads to the host, to CLR objects, or to another evaluation's state.</summary>
public class NoPathToHostTests
{
    private readonly JsSandbox _sandbox = SandboxFixture.Create();

    [Test]
    public async Task ConstructorConstructor_ReturnsOnlyTheFrozenSharedGlobal()
    {
        var value = await _sandbox.RunAsync("""
            const g = ({}).constructor.constructor('return this')();
            [g === globalThis, Object.isFrozen(g), typeof g.ctx, Object.getOwnPropertyNames(g).includes('ctx')]
            """, input: new System.Text.Json.Nodes.JsonObject { ["secret"] = 1 });
        Assert.That(value.Json(), Is.EqualTo("""[true,true,"undefined",false]"""));
    }

    [Test]
    public async Task IndirectEvalAndFunction_SeeOnlyTheFrozenGlobal_NotTheEndowments()
    {
        var value = await _sandbox.RunAsync("""
            [(0, eval)('typeof ctx'), Function('return typeof ctx')(), eval('typeof ctx'), (0, eval)('Object.isFrozen(globalThis)')]
            """, input: new System.Text.Json.Nodes.JsonObject());
        Assert.That(value.Json(), Is.EqualTo("""["undefined","undefined","object",true]"""));
    }

    [Test]
    public async Task DeclarationsInEvalAndFunction_CannotReachTheGlobal()
    {
        var error = await _sandbox.FailsWithAsync<ScriptRuntimeException>("(0, eval)('var leaked = 1');");
        Assert.That(error.ErrorName, Is.EqualTo("TypeError"));
    }

    [Test]
    public async Task DynamicImport_OfAHostModule_IsRefused()
    {
        var value = await _sandbox.RunAsync("import('fs').then(() => 'loaded', (e) => e.name + ': ' + e.message)");
        Assert.That(value!.GetValue<string>(), Does.StartWith("TypeError: import of 'fs' is refused"));
    }

    [TestCase("import fs from 'fs'; export default 1;")]
    [TestCase("import x from 'https://example.org/x.js'; export default 1;")]
    [TestCase("export * from '/etc/passwd';")]
    public void StaticImport_OfAnythingButTheTenantsModules_IsRefusedAtPrepare(string source)
    {
        Assert.Throws<ScriptCapabilityException>(() => _sandbox.Prepare(source, ScriptKind.Module, "m.js"));
    }

    [Test]
    public async Task Require_OfAHostModule_IsRefused()
    {
        var error = await _sandbox.FailsWithAsync<ScriptRuntimeException>("module.exports = require('fs');", ScriptKind.CommonJs);
        Assert.That(error.ErrorMessage, Does.Contain("require('fs') is refused"));
    }

    [Test]
    public async Task ErrorStack_ShowsNoHostFramesOrDotNetTypeNames()
    {
        var value = await _sandbox.RunAsync("""
            function inner() { return null.x; }
            let stack = '';
            try { inner(); } catch (e) { stack = String(e.stack) + ' ' + String(new Error('y').stack); }
            stack
            """);
        var stack = value!.GetValue<string>();
        Assert.That(stack, Does.Not.Contain("Jint").And.Not.Contain("System.").And.Not.Contain("Ocap.").And.Not.Contain(".cs:"));
    }

    [Test]
    public async Task RuntimeError_Message_ShowsNoDotNetTypeNames()
    {
        var error = await _sandbox.FailsWithAsync<ScriptRuntimeException>("null.x");
        Assert.That(error.Message, Does.Not.Contain("Jint").And.Not.Contain("System."));
        Assert.That(error.ErrorName, Is.EqualTo("TypeError"));
    }

    [Test]
    public async Task NoClrMembers_AreReachableFromValues()
    {
        var value = await _sandbox.RunAsync("""
            const probes = [ctx, ctx.list, 'a', 1, Math, harden, globalThis];
            probes.every((p) => p.GetType === undefined && p.getType === undefined && p.constructor?.GetType === undefined)
            """, input: System.Text.Json.Nodes.JsonNode.Parse("""{"list":[1]}"""));
        Assert.That(value.Json(), Is.EqualTo("true"));
    }

    [Test]
    public async Task ProxyOverTheGlobal_CannotAddBindings()
    {
        var value = await _sandbox.RunAsync("""
            const p = new Proxy(globalThis, { get: (t, k) => k === 'ctx2' ? 'x' : Reflect.get(t, k) });
            [p.ctx2, typeof ctx2, Reflect.defineProperty(globalThis, 'ctx2', { value: 1 })]
            """);
        Assert.That(value.Json(), Is.EqualTo("""["x","undefined",false]"""));
    }

    [Test]
    public async Task SymbolRegistry_CarriesNoValuesBetweenEvaluations()
    {
        await _sandbox.RunAsync("Symbol.for('channel'); 1");
        var value = await _sandbox.RunAsync("[Symbol.keyFor(Symbol.for('channel')), Symbol.for('channel') === Symbol.for('channel')]");
        Assert.That(value.Json(), Is.EqualTo("""["channel",true]"""), "a registered symbol is indistinguishable from a fresh registration");
    }

    [Test]
    public async Task ThrownHostileProxy_CannotHangTheHost()
    {
        var sandbox = SandboxFixture.Create(new SandboxLimits { Timeout = TimeSpan.FromMilliseconds(500) });
        var error = await sandbox.FailsWithAsync<ScriptException>("throw new Proxy({}, { get() { while (true) {} } })");
        Assert.That(error, Is.TypeOf<ScriptRuntimeException>().Or.TypeOf<ScriptLimitExceededException>());
        Assert.That((await sandbox.RunAsync("'usable'")).Json(), Is.EqualTo("\"usable\""));
    }
}
