using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Benchmarks.Feel;

/// <summary>
/// The target: a typical gateway condition, parsed once, evaluated in ≤ 300 ns (median).
/// The variables are converted from JSON once per instance step, as the engine does for all conditions of
/// one gateway; the conversion and parse costs are measured separately.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FeelBenchmarks
{
    private const string Condition = "amount > 1000 and costCenter in [\"A\", \"B\"]";

    private FeelExpression _condition = null!;
    private FeelContext _variables = null!;
    private JsonObject _json = null!;
    private FeelExpression _listExpression = null!;
    private FeelContext _items = null!;

    [GlobalSetup]
    public void Setup()
    {
        _condition = FeelExpression.Parse(Condition);
        _json = new JsonObject { ["amount"] = 1500, ["costCenter"] = "B", ["requester"] = "ada", ["days"] = 3 };
        _variables = FeelContext.FromJson(_json);
        _listExpression = FeelExpression.Parse("sum(for i in items[price > 10] return i.price * i.quantity)");
        var items = new JsonArray();
        for (var i = 0; i < 20; i++)
        {
            items.Add(new JsonObject { ["price"] = i * 1.5m, ["quantity"] = i % 4 });
        }

        _items = FeelContext.FromJson(new JsonObject { ["items"] = items });
    }

    /// <summary>The target: evaluation of the parsed condition against converted variables.</summary>
    [Benchmark(Baseline = true)]
    public bool? EvaluateGatewayCondition() => _condition.EvaluateCondition(_variables);

    /// <summary>The same condition, returning JSON (one JsonValue allocated for the result).</summary>
    [Benchmark]
    public JsonNode? EvaluateGatewayConditionToJson() => _condition.Evaluate(_variables);

    /// <summary>Converting a four-variable JSON object to a FEEL context (paid once per step, not per condition).</summary>
    [Benchmark]
    public FeelContext ConvertVariables() => FeelContext.FromJson(_json);

    /// <summary>Parsing the condition (paid once at deploy time).</summary>
    [Benchmark]
    public FeelExpression ParseGatewayCondition() => FeelExpression.Parse(Condition);

    /// <summary>A heavier mapping: filter, iterate and sum over 20 items.</summary>
    [Benchmark]
    public JsonNode? EvaluateFilterForSum() => _listExpression.Evaluate(_items);
}
