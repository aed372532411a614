using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Benchmarks.Feel;

/// <summary>
/// The gateway-condition target measured in thread CPU time (see <see cref="ThreadCpuClock"/>), so that the
/// figure stays meaningful when the machine is loaded by other work. Same workload as
/// <see cref="FeelBenchmarks.EvaluateGatewayCondition"/>.
/// </summary>
[Config(typeof(CpuTimeConfig))]
[MemoryDiagnoser]
[MedianColumn]
public class FeelCpuTimeBenchmarks
{
    private FeelExpression _condition = null!;
    private FeelContext _variables = null!;

    [GlobalSetup]
    public void Setup()
    {
        _condition = FeelExpression.Parse("amount > 1000 and costCenter in [\"A\", \"B\"]");
        _variables = FeelContext.FromJson(new JsonObject { ["amount"] = 1500, ["costCenter"] = "B", ["requester"] = "ada", ["days"] = 3 });
    }

    [Benchmark]
    public bool? EvaluateGatewayConditionCpuTime() => _condition.EvaluateCondition(_variables);

    private sealed class CpuTimeConfig() : ThreadCpuTimeConfig(20);
}
