using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>
/// Property: input data is built frozen (every property non-writable and non-configurable, every object and array
/// non-extensible, ordinary prototypes), indistinguishable from <c>Object.freeze</c> applied to a JSON copy.
/// </summary>
public class FrozenInputTests
{
    private readonly JsSandbox _sandbox = SandboxFixture.Create();

    [Test]
    public async Task InputArray_HasTheDescriptorsObjectFreezeGives()
    {
        var input = JsonNode.Parse("""{"tags":["a",{"b":1}]}""");
        var value = await _sandbox.RunAsync("""
            const expected = Object.freeze(["a", Object.freeze({ b: 1 })]);
            const strip = (d) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, { ...v, value: typeof v.value === 'object' ? 'object' : v.value }]));
            [JSON.stringify(strip(Object.getOwnPropertyDescriptors(ctx.tags))) === JSON.stringify(strip(Object.getOwnPropertyDescriptors(expected))),
             Object.getOwnPropertyDescriptor(ctx.tags, 'length').writable, Reflect.ownKeys(ctx.tags), Array.isArray(ctx.tags),
             Object.getPrototypeOf(ctx.tags) === Array.prototype, Object.isExtensible(ctx.tags), Object.isFrozen(ctx.tags[1])]
            """, input: input);
        Assert.That(value.Json(), Is.EqualTo("""[true,false,["0","1","length"],true,true,false,true]"""));
    }

    [Test]
    public async Task InputArray_RefusesEveryWriteThroughReflectAndProxy()
    {
        var input = JsonNode.Parse("""{"tags":["a","b"]}""");
        var value = await _sandbox.RunAsync("""
            const t = ctx.tags;
            const p = new Proxy(t, {});
            [Reflect.set(t, 0, 'x'), Reflect.set(t, 'length', 0), Reflect.set(t, 2, 'c'), Reflect.deleteProperty(t, 0),
             Reflect.defineProperty(t, 0, { value: 'x' }), Reflect.defineProperty(t, 'length', { value: 5 }),
             Reflect.setPrototypeOf(t, null), Reflect.set(p, 1, 'y'),
             (() => { try { t.push('c'); return 'pushed'; } catch (e) { return e.name; } })(),
             t.length, t.join()]
            """, input: input);
        Assert.That(value.Json(), Is.EqualTo("""[false,false,false,false,false,false,false,false,"TypeError",2,"a,b"]"""));
    }

    [Test]
    public async Task InputObject_HasTheDescriptorsObjectFreezeGives()
    {
        var input = JsonNode.Parse("""{"a":1,"n":{"s":"x"}}""");
        var value = await _sandbox.RunAsync("""
            const d = Object.getOwnPropertyDescriptors(ctx);
            [d.a.writable, d.a.configurable, d.a.enumerable, Object.isExtensible(ctx), Object.getPrototypeOf(ctx.n) === Object.prototype,
             Reflect.set(ctx.n, 's', 'y'), Reflect.defineProperty(ctx, 'z', { value: 1 }), Object.isFrozen(ctx.n)]
            """, input: input);
        Assert.That(value.Json(), Is.EqualTo("[false,false,true,false,true,false,false,true]"));
    }
}
