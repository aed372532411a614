namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>Property: <c>harden</c> has SES semantics: transitive freeze along own properties, accessors and prototypes; idempotent; returns its argument.</summary>
public class HardenTests
{
    private readonly JsSandbox _sandbox = SandboxFixture.Create();

    [Test]
    public async Task Harden_ReturnsItsArgument()
    {
        var value = await _sandbox.RunAsync("const o = { a: 1 }; [harden(o) === o, harden(3), harden('s'), harden(null)]");
        Assert.That(value.Json(), Is.EqualTo("""[true,3,"s",null]"""));
    }

    [Test]
    public async Task Harden_FreezesTransitivelyAlongOwnProperties()
    {
        var value = await _sandbox.RunAsync("const o = harden({ a: { b: { c: [1, { d: 2 }] } } }); [Object.isFrozen(o.a), Object.isFrozen(o.a.b.c), Object.isFrozen(o.a.b.c[1])]");
        Assert.That(value.Json(), Is.EqualTo("[true,true,true]"));
    }

    [Test]
    public async Task Harden_FreezesAccessorFunctionsAndPrototypes()
    {
        var value = await _sandbox.RunAsync("""
            const proto = { greet() { return 'hi'; } };
            const getter = () => 1;
            const o = harden(Object.create(proto, { x: { get: getter, enumerable: true } }));
            [Object.isFrozen(proto), Object.isFrozen(getter), Object.isFrozen(proto.greet)]
            """);
        Assert.That(value.Json(), Is.EqualTo("[true,true,true]"));
    }

    [Test]
    public async Task Harden_IsIdempotent()
    {
        var value = await _sandbox.RunAsync("const o = { a: {} }; harden(o); harden(o); Object.isFrozen(o.a)");
        Assert.That(value.Json(), Is.EqualTo("true"));
    }

    [Test]
    public async Task HardenedObject_RejectsWritesInStrictCode()
    {
        var error = await _sandbox.FailsWithAsync<ScriptRuntimeException>("const o = harden({ a: { b: 1 } }); o.a.b = 2;");
        Assert.That(error.ErrorName, Is.EqualTo("TypeError"));
    }

    [Test]
    public async Task Harden_FreezesFunctionsAndTheirPrototypeObjects()
    {
        var value = await _sandbox.RunAsync("function F() {} harden(F); [Object.isFrozen(F), Object.isFrozen(F.prototype)]");
        Assert.That(value.Json(), Is.EqualTo("[true,true]"));
    }
}
