namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>Property: SES's default ('moderate') override taming keeps ordinary code working on frozen prototypes.</summary>
public class OverrideTamingTests
{
    private readonly JsSandbox _sandbox = SandboxFixture.Create();

    [Test]
    public async Task AssigningErrorName_OnAnInstance_Works()
    {
        var value = await _sandbox.RunAsync("const e = new Error('boom'); e.name = 'MyError'; [e.name, String(e), new Error('x').name]");
        Assert.That(value.Json(), Is.EqualTo("""["MyError","MyError: boom","Error"]"""));
    }

    [Test]
    public async Task AssigningToString_OnAPlainObject_Works()
    {
        var value = await _sandbox.RunAsync("const o = {}; o.toString = () => 'mine'; [String(o), `${o}`, ({}).toString()]");
        Assert.That(value.Json(), Is.EqualTo("""["mine","mine","[object Object]"]"""));
    }

    [Test]
    public async Task ClassConstructor_AndPrototypeConstructorAssignment_Work()
    {
        var value = await _sandbox.RunAsync("""
            class Base { constructor() { this.kind = this.constructor.name; } }
            class Child extends Base {}
            function Legacy() {}
            Legacy.prototype = Object.create(Base.prototype);
            Legacy.prototype.constructor = Legacy;
            [new Child().kind, Legacy.prototype.constructor === Legacy]
            """);
        Assert.That(value.Json(), Is.EqualTo("""["Child",true]"""));
    }

    [Test]
    public async Task SubclassingError_AndSettingPrototypeMessage_Works()
    {
        var value = await _sandbox.RunAsync("""
            class ValidationError extends Error { constructor(m) { super(m); this.name = 'ValidationError'; } }
            function Old() {} Old.prototype = Object.create(TypeError.prototype); Old.prototype.message = 'old';
            [String(new ValidationError('bad')), new Old().message]
            """);
        Assert.That(value.Json(), Is.EqualTo("""["ValidationError: bad","old"]"""));
    }

    [Test]
    public async Task AssigningOnTheFrozenPrototypeItself_StillThrows()
    {
        var error = await _sandbox.FailsWithAsync<ScriptRuntimeException>("Object.prototype.toString = () => 'poisoned'");
        Assert.That(error.ErrorName, Is.EqualTo("TypeError"));
    }

    [Test]
    public async Task AssigningArrayMethod_OnAnArrayInstance_Works()
    {
        var value = await _sandbox.RunAsync("const a = [1, 2]; a.push = function () { return 'own'; }; [a.push(3), [].push(1)]");
        Assert.That(value.Json(), Is.EqualTo("""["own",1]"""));
    }
}
