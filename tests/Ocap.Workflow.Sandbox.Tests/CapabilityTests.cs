using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>Property: a script has exactly the authority its capabilities give it, granted per tenant and per script, and host details never leak.</summary>
public class CapabilityTests
{
    private static readonly SandboxCapability Directory = SandboxCapability.Create("directory")
        .Method("lookup", args => new JsonObject { ["id"] = args[0]?.GetValue<string>(), ["manager"] = "m-1" })
        .AsyncMethod("lookupLater", async (args, ct) =>
        {
            await Task.Yield();
            return new JsonObject { ["id"] = args[0]?.GetValue<string>(), ["async"] = true };
        })
        .Method("fail", _ => throw new CapabilityException("user not found"))
        .Method("crash", _ => throw new InvalidOperationException("connection string Server=secret"))
        .AsyncMethod("failLater", async (_, ct) =>
        {
            await Task.Yield();
            throw new CapabilityException("later not found");
        })
        .Build();

    private static readonly SandboxCapability Notify = SandboxCapability.Create("notify").Method("send", _ => true).Build();

    private static JsSandbox Tenant(params string[] granted)
        => new(new SandboxOptions { GrantedCapabilities = granted.ToHashSet(StringComparer.Ordinal) }, [Directory, Notify]);

    [Test]
    public async Task GrantedCapability_IsCallableAndCopiesItsResultIn()
    {
        var sandbox = Tenant("directory");
        var value = await sandbox.RunAsync("const u = directory.lookup('u-7'); [u.manager, Object.isFrozen(u), Object.isFrozen(directory)]", capabilities: "directory");
        Assert.That(value.Json(), Is.EqualTo("""["m-1",true,true]"""));
    }

    [Test]
    public async Task AsyncCapability_IsAPromiseThatSettlesWithinTheEvaluation()
    {
        var sandbox = Tenant("directory");
        var value = await sandbox.RunAsync("(async () => { const p = directory.lookupLater('u-8'); const u = await p; return [p instanceof Promise, u.id, u.async]; })()", capabilities: "directory");
        Assert.That(value.Json(), Is.EqualTo("""[true,"u-8",true]"""));
    }

    [Test]
    public async Task CapabilityException_SurfacesAsAPlainErrorWithTheChosenMessage()
    {
        var sandbox = Tenant("directory");
        var value = await sandbox.RunAsync("try { directory.fail(); } catch (e) { [e.name, e.message, e instanceof Error, String(e.stack).includes('Ocap')] }", capabilities: "directory");
        Assert.That(value.Json(), Is.EqualTo("""["Error","user not found",true,false]"""));
    }

    [Test]
    public async Task AsyncCapabilityException_RejectsWithTheChosenMessage()
    {
        var sandbox = Tenant("directory");
        var value = await sandbox.RunAsync("directory.failLater().then(() => 'no', (e) => e.message)", capabilities: "directory");
        Assert.That(value.Json(), Is.EqualTo("\"later not found\""));
    }

    [Test]
    public async Task UnexpectedHostException_HidesItsTypeAndMessage()
    {
        var sandbox = Tenant("directory");
        var value = await sandbox.RunAsync("try { directory.crash(); } catch (e) { e.message }", capabilities: "directory");
        Assert.That(value.Json(), Is.EqualTo("\"directory.crash failed\""));
    }

    [Test]
    public void UngrantedCapability_UsedByAScript_FailsAtPrepare()
    {
        var sandbox = Tenant("directory", "notify");
        var error = Assert.Throws<ScriptCapabilityException>(() => sandbox.Prepare("notify.send('x')", ScriptKind.Script, "s", ["directory"]));
        Assert.That(error!.Capability, Is.EqualTo("notify"));
    }

    [Test]
    public void CapabilityNotGrantedToTheTenant_FailsAtPrepare()
    {
        var sandbox = Tenant("directory");
        var error = Assert.Throws<ScriptCapabilityException>(() => sandbox.Prepare("notify.send('x')", ScriptKind.Expression, "e", ["notify"]));
        Assert.That(error!.Message, Does.Contain("not granted to this tenant"));
    }

    [Test]
    public void UnregisteredCapability_FailsAtPrepare()
    {
        var sandbox = Tenant("directory");
        Assert.Throws<ScriptCapabilityException>(() => sandbox.Prepare("1", ScriptKind.Script, "s", ["mailer"]));
    }

    [Test]
    public async Task ExpressionCapabilities_AreNotInputs()
    {
        var sandbox = Tenant("directory");
        var prepared = sandbox.Prepare("directory.lookup(user).manager === manager", ScriptKind.Expression, "e", ["directory"]);
        Assert.That(prepared.FreeIdentifiers, Is.EqualTo(new[] { "manager", "user" }));
        Assert.That(prepared.Capabilities, Is.EqualTo(new[] { "directory" }));
        var result = await sandbox.EvaluateAsync(prepared, JsonNode.Parse("""{"user":"u","manager":"m-1"}"""));
        Assert.That(result.Value.Json(), Is.EqualTo("true"));
    }

    [Test]
    public async Task ModuleCapabilities_ArriveAsTheSecondArgument()
    {
        var sandbox = Tenant("directory");
        var value = await sandbox.RunAsync("export default (ctx, { directory }) => directory.lookup(ctx.id).manager;", ScriptKind.Module, JsonNode.Parse("""{"id":"u"}"""), "directory");
        Assert.That(value.Json(), Is.EqualTo("\"m-1\""));
    }

    [Test]
    public async Task CapabilityArguments_MustBePlainData()
    {
        var sandbox = Tenant("directory");
        var value = await sandbox.RunAsync("try { directory.lookup(() => 1); 'accepted' } catch (e) { e.name }", capabilities: "directory");
        Assert.That(value.Json(), Is.EqualTo("\"TypeError\""));
    }

    [Test]
    public async Task CapabilityObject_CannotBeExtendedOrRewired()
    {
        var sandbox = Tenant("directory");
        var value = await sandbox.RunAsync("const r = []; try { directory.lookup = () => 'forged'; r.push('rewired'); } catch (e) { r.push(e.name); } try { directory.extra = 1; r.push('extended'); } catch (e) { r.push(e.name); } r", capabilities: "directory");
        Assert.That(value.Json(), Is.EqualTo("""["TypeError","TypeError"]"""));
    }

    [Test]
    public void Capabilities_RegisterThroughDependencyInjection()
    {
        var services = new ServiceCollection().AddSandboxCapability(Directory).AddSandboxCapability(_ => Notify);
        using var provider = services.BuildServiceProvider();
        var registered = provider.GetServices<SandboxCapability>().Select(c => c.Name).Order().ToArray();
        Assert.That(registered, Is.EqualTo(new[] { "directory", "notify" }));
    }

    [Test]
    public void TwoCapabilitiesWithOneName_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new JsSandbox(new SandboxOptions(), [Notify, Notify]));
    }
}
