using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Jint.Native;
using Ocap.Workflow.Sandbox;
using Ocap.Workflow.Sandbox.Data;
using Ocap.Workflow.Sandbox.Realm;

namespace Ocap.Workflow.Benchmarks.Sandbox;

/// <summary>
/// The four performance targets of the sandbox (issue 3), plus the lockdown a pooled engine pays once: comparing
/// <see cref="LockdownOneEngine"/> with the evaluations shows that no evaluation pays it.
/// </summary>
[MemoryDiagnoser]
public class SandboxBenchmarks
{
    private JsSandbox _sandbox = null!;
    private PreparedScript _expression = null!;
    private PreparedScript _module = null!;
    private JsonObject _threeVariables = null!;
    private JsonObject _twentyFields = null!;
    private SandboxRealm _realm = null!;
    private string _twoHundredLineModule = string.Empty;
    private int _prepareCounter;
    private Jint.Engine _rawEngine = null!;
    private JsValue _rawFunction = null!;
    private JsValue _rawDecide = null!;
    private JsValue _rawCtx = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sandbox = new JsSandbox(new SandboxOptions());
        _expression = _sandbox.Prepare("amount > limit && region === 'EU'", ScriptKind.Expression, "gateway");
        _threeVariables = new JsonObject { ["amount"] = 1500, ["limit"] = 1000, ["region"] = "EU" };

        var module = new StringBuilder("export default function decide(ctx) {\n  let score = 0;\n");
        for (var i = 0; i < 16; i++)
        {
            module.Append("  if (ctx.f").Append(i).Append(" > ").Append(i).Append(") score += ").Append(i).Append(";\n");
        }

        module.Append("  return { approve: score > 50, score };\n}\n");
        _module = _sandbox.Prepare(module.ToString(), ScriptKind.Module, "decide.js");
        _twentyFields = new JsonObject();
        for (var i = 0; i < 16; i++)
        {
            _twentyFields[$"f{i}"] = i * 2;
        }

        _twentyFields["applicant"] = new JsonObject { ["name"] = "Ada", ["department"] = "finance" };
        _twentyFields["tags"] = new JsonArray("urgent", "travel");
        _twentyFields["amount"] = 1234.5;
        _twentyFields["approved"] = false;

        _realm = new SandboxRealm(new SandboxOptions());

        var big = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            big.Append("export function rule").Append(i).Append("(ctx) {\n  return ctx.value > ").Append(i).Append(" ? 'high' : 'low';\n");
        }

        _twoHundredLineModule = big.ToString().Replace("'low';\n", "'low'; }\n", StringComparison.Ordinal);
        _rawEngine = new Jint.Engine();
        _rawFunction = _rawEngine.Evaluate("(function (amount, limit, region) { 'use strict'; return amount > limit && region === 'EU'; })");
        _rawDecide = _rawEngine.Evaluate("(" + module.ToString().Replace("export default ", string.Empty, StringComparison.Ordinal) + ")");
        _rawCtx = JsonBridge.ToJs(_rawEngine, _twentyFields);
        Warm();
    }

    private void Warm()
    {
        for (var i = 0; i < 100; i++)
        {
            WarmExpressionWithThreeVariables();
            FreshCompartmentTwentyLineModule();
        }
    }

    /// <summary>Target: ≤ 1 µs. A gateway condition on a pooled, locked-down engine, inputs copied in hardened.</summary>
    [Benchmark]
    public JsonNode? WarmExpressionWithThreeVariables()
        => _sandbox.EvaluateAsync(_expression, _threeVariables).GetAwaiter().GetResult().Value;

    /// <summary>Target: ≤ 10 µs. A fresh module instance (fresh compartment) of a 20-line <c>decide(ctx)</c> with a 20-field ctx.</summary>
    [Benchmark]
    public JsonNode? FreshCompartmentTwentyLineModule()
        => _sandbox.EvaluateAsync(_module, _twentyFields).GetAwaiter().GetResult().Value;

    /// <summary>Target: ≤ 2 µs. Copying a 20-field nested JSON object into a realm as hardened data.</summary>
    [Benchmark]
    public JsValue HardenedCopyOfTwentyFieldObject() => JsonBridge.ToJs(_realm.Engine, _twentyFields);

    /// <summary>Target: ≤ 2 ms. First prepare of a 200-line module (a new content hash every call, so no cache hit).</summary>
    [Benchmark]
    public PreparedScript FirstPrepareOfTwoHundredLineModule()
        => _sandbox.Prepare(_twoHundredLineModule + "// " + Interlocked.Increment(ref _prepareCounter), ScriptKind.Module, "rules.js");

    /// <summary>Baseline, not a target: the same condition as a bare Jint call on an unhardened engine (no pool, no copies, no limits).</summary>
    [Benchmark]
    public JsValue BaselineBareJintCallOfTheCondition() => _rawEngine.Call(_rawFunction, JsValue.Undefined, [1500, 1000, "EU"]);

    /// <summary>Baseline, not a target: the module's decide function called bare on an unhardened engine with a ready ctx.</summary>
    [Benchmark]
    public JsValue BaselineBareJintCallOfDecide() => _rawEngine.Call(_rawDecide, JsValue.Undefined, [_rawCtx]);

    /// <summary>Baseline, not a target: the same 20-field copy built unfrozen (writable data properties, no integrity level), the floor for <see cref="HardenedCopyOfTwentyFieldObject"/>.</summary>
    [Benchmark]
    public JsValue BaselineUnfrozenCopyOfTwentyFieldObject() => UnfrozenCopy(_rawEngine, _twentyFields);

    private static JsValue UnfrozenCopy(Jint.Engine engine, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var result = new Jint.Native.JsObject(engine);
                for (var i = 0; i < obj.Count; i++)
                {
                    var (key, value) = obj.GetAt(i);
                    result.FastSetDataProperty(key, UnfrozenCopy(engine, value));
                }

                return result;
            }

            case JsonArray array:
            {
                var items = new JsValue[array.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = UnfrozenCopy(engine, array[i]);
                }

                return new Jint.Native.JsArray(engine, items);
            }

            default:
                return JsonBridge.ToJs(engine, node);
        }
    }

    /// <summary>What a pooled engine pays once (and an evaluation never): a new engine plus lockdown.</summary>
    [Benchmark]
    public object LockdownOneEngine() => new SandboxRealm(new SandboxOptions());
}
