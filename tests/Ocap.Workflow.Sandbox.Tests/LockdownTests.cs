namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>Property: every intrinsic reachable from the global object, or only through syntax, is frozen before tenant code runs.</summary>
public class LockdownTests
{
    private readonly JsSandbox _sandbox = SandboxFixture.Create();

    [TestCase("globalThis")]
    [TestCase("Object.prototype")]
    [TestCase("Array.prototype")]
    [TestCase("Function.prototype")]
    [TestCase("JSON")]
    [TestCase("Math")]
    [TestCase("Reflect")]
    [TestCase("Promise")]
    [TestCase("Promise.prototype")]
    [TestCase("Error.prototype")]
    [TestCase("RegExp.prototype")]
    [TestCase("String.prototype")]
    [TestCase("Date")]
    [TestCase("Date.prototype")]
    [TestCase("Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()))")]
    [TestCase("Object.getPrototypeOf([][Symbol.iterator]())")]
    [TestCase("Object.getPrototypeOf(function* () {})")]
    [TestCase("Object.getPrototypeOf(function* () {}).prototype")]
    [TestCase("Object.getPrototypeOf(async function () {})")]
    [TestCase("Object.getPrototypeOf(async function* () {}).prototype")]
    [TestCase("Object.getPrototypeOf(Int8Array)")]
    [TestCase("Object.getPrototypeOf(Int8Array).prototype")]
    [TestCase("Object.getOwnPropertyDescriptor((function () { 'use strict'; return arguments; })(), 'callee').get")]
    [TestCase("Object.getPrototypeOf('a'.matchAll(/a/g))")]
    [TestCase("Object.getPrototypeOf(new Map().entries())")]
    [TestCase("Object.getPrototypeOf([].values().map((x) => x))")]
    [TestCase("harden")]
    public async Task Intrinsic_IsFrozen(string expression)
    {
        var value = await _sandbox.RunAsync($"Object.isFrozen({expression})");
        Assert.That(value.Json(), Is.EqualTo("true"));
    }

    [Test]
    public async Task EveryObjectReachableFromGlobalThis_IsFrozen()
    {
        const string walk = """
            const seen = new Set(); const todo = [globalThis]; const thawed = [];
            while (todo.length) {
              const o = todo.pop();
              if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue;
              seen.add(o);
              if (!Object.isFrozen(o)) thawed.push(String(o.name || o));
              todo.push(Object.getPrototypeOf(o));
              for (const k of Reflect.ownKeys(o)) {
                const d = Object.getOwnPropertyDescriptor(o, k);
                if ('value' in d) todo.push(d.value); else todo.push(d.get, d.set);
              }
            }
            ({ count: seen.size, thawed })
            """;
        var value = await _sandbox.RunAsync(walk);
        Assert.That(value!["thawed"]!.AsArray(), Is.Empty);
        Assert.That(value["count"]!.GetValue<long>(), Is.GreaterThan(500));
    }

    [TestCase("Object.prototype.polluted = 1")]
    [TestCase("Array.prototype.push = function () { return 0; }")]
    [TestCase("JSON.parse = () => 1")]
    [TestCase("globalThis.leak = 1")]
    [TestCase("Math.max = Math.min")]
    public async Task PoisoningAnIntrinsic_ThrowsTypeError(string assignment)
    {
        var error = await _sandbox.FailsWithAsync<ScriptRuntimeException>(assignment);
        Assert.That(error.ErrorName, Is.EqualTo("TypeError"));
    }

    [TestCase("ShadowRealm")]
    [TestCase("WeakRef")]
    [TestCase("FinalizationRegistry")]
    [TestCase("SharedArrayBuffer")]
    [TestCase("Atomics")]
    [TestCase("Temporal")]
    [TestCase("Intl")]
    [TestCase("System")]
    [TestCase("importNamespace")]
    [TestCase("require")]
    [TestCase("process")]
    [TestCase("setTimeout")]
    [TestCase("fetch")]
    [TestCase("console")]
    public async Task NonContractGlobal_IsAbsent(string name)
    {
        var value = await _sandbox.RunAsync($"typeof {name}");
        Assert.That(value.Json(), Is.EqualTo("\"undefined\""));
    }

    [Test]
    public async Task LegacyRegExpStatics_AreAbsent()
    {
        var value = await _sandbox.RunAsync("/(b)/.test('abc'); [typeof RegExp.$1, typeof RegExp.lastMatch, typeof RegExp.input]");
        Assert.That(value.Json(), Is.EqualTo("""["undefined","undefined","undefined"]"""));
    }

    [Test]
    public async Task StandardIntrinsics_StillWork()
    {
        var value = await _sandbox.RunAsync("""
            const m = new Map([[1, 'a']]);
            [JSON.stringify({ a: [1, 2] }), [3, 1, 2].sort().join('-'), m.get(1), 'abc'.toUpperCase(), Math.max(1, 5), [1, 2, 3].map((x) => x * 2).join(),
             String(new Uint8Array([1, 2]).length), (12.5).toFixed(1), Object.entries({ x: 1 }).length, [..."ab"].length]
            """);
        Assert.That(value.Json(), Is.EqualTo("""["{\"a\":[1,2]}","1-2-3","a","ABC",5,"2,4,6","2","12.5",1,2]"""));
    }

    [Test]
    public async Task LockdownIsPaidOncePerPooledEngine_NotPerEvaluation()
    {
        var sandbox = SandboxFixture.Create();
        var prepared = sandbox.Prepare("1 + 1", ScriptKind.Expression, "x");
        for (var i = 0; i < 20; i++)
        {
            await sandbox.EvaluateAsync(prepared, null);
        }

        Assert.That(sandbox.RealmsCreated, Is.EqualTo(1));
    }
}
