using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Benchmarks.Bpmn;

/// <summary>
/// FEEL inside the interpreter: the approval flow with its two gateway conditions written in FEEL (compare with
/// the C# and sandboxed-JavaScript rows of <see cref="BpmnInterpreterBenchmarks"/>), and one gateway condition
/// through the BPMN FEEL evaluator with ten instance variables visible (JSON in, the names it reads converted).
/// </summary>
[MemoryDiagnoser]
public class FeelBpmnBenchmarks
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The approval flow with its two gateway conditions in FEEL (also timed in CPU time by <see cref="BpmnInterpreterCpuTimeBenchmarks"/>).</summary>
    internal static readonly string Xml = ApprovalFlow.Xml
        .Replace("""<conditionExpression language="javascript">approved === true</conditionExpression>""", "<conditionExpression>=approved = true</conditionExpression>", StringComparison.Ordinal)
        .Replace("""<conditionExpression language="javascript">approved === false</conditionExpression>""", "<conditionExpression>=approved = false</conditionExpression>", StringComparison.Ordinal);

    private BpmnInterpreter _feel = null!;
    private FeelBpmnEvaluator _evaluator = null!;
    private Dictionary<string, JsonElement> _decision = null!;
    private Dictionary<string, JsonElement> _variables = null!;

    [GlobalSetup]
    public void Setup()
    {
        _feel = new BpmnInterpreter(new BpmnReader().Read(Encoding.UTF8.GetBytes(Xml), "approval.bpmn"), new ApprovalFlow.CSharpConditions());
        _decision = new Dictionary<string, JsonElement> { ["approved"] = JsonSerializer.SerializeToElement(true) };
        _evaluator = new FeelBpmnEvaluator(null);
        _variables = Enumerable.Range(0, 8).ToDictionary(i => $"field{i}", i => JsonSerializer.SerializeToElement($"value number {i}"));
        _variables["amount"] = JsonSerializer.SerializeToElement(1500);
        _variables["costCenter"] = JsonSerializer.SerializeToElement("A");
    }

    [Benchmark(Description = "Approval instance start to completion (FEEL conditions)")]
    public string ApprovalWithFeel()
    {
        var started = _feel.Start("approval", null, At);
        return _feel.Apply(started.State, new CompleteTask("approve", _decision) { At = At }).State.Status;
    }

    [Benchmark(Description = "One FEEL gateway condition through the BPMN evaluator, 10 variables visible")]
    public bool GatewayConditionFromJsonVariables() =>
        _evaluator.Evaluate("=amount > 1000 and costCenter in [\"A\", \"B\"]", _variables, At).Value!.Value.ValueKind == JsonValueKind.True;
}
