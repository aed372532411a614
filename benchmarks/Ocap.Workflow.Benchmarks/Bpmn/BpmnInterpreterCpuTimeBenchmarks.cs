using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Benchmarks.Feel;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Benchmarks.Bpmn;

/// <summary>
/// The interpreter's share of the engine's approval flow (issue 7), in thread CPU time so the figures stay
/// meaningful on a loaded machine: the diagram the runtime benchmarks deploy (start → user task → exclusive gateway
/// deciding <c>amount &gt; 1000</c>, with a default flow → end), one <c>Start</c>, and one <c>Apply</c> completing the
/// task with a 5-field submission, the condition once in JavaScript in the hardened sandbox and once in C#. Also
/// the whole instance of <see cref="BpmnInterpreterBenchmarks.ApprovalInterpreterOnly"/> (C# conditions, target
/// ≤ 5 µs) and of <see cref="FeelBpmnBenchmarks.ApprovalWithFeel"/> (FEEL conditions), timed the same way.
/// </summary>
[Config(typeof(CpuTimeConfig))]
[MemoryDiagnoser]
[MedianColumn]
public class BpmnInterpreterCpuTimeBenchmarks
{
    private const string Diagram = Runtime.ApprovalFlowBenchmarks.Diagram;

    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private BpmnInterpreter _javaScript = null!;
    private BpmnInterpreter _csharp = null!;
    private BpmnInstanceState _waiting = null!;
    private Dictionary<string, JsonElement> _submission = null!;
    private int _task;
    private BpmnInterpreter _flowCSharp = null!;
    private BpmnInterpreter _flowFeel = null!;
    private Dictionary<string, JsonElement> _decision = null!;

    [GlobalSetup]
    public void Setup()
    {
        var definitions = new BpmnReader().Read(Encoding.UTF8.GetBytes(Diagram), "approval.bpmn");
        _javaScript = new BpmnInterpreter(definitions, new SandboxBpmnScriptEvaluator());
        _csharp = new BpmnInterpreter(definitions, new AmountOver1000());
        _waiting = _javaScript.Start("approval", null, At).State;
        _task = _waiting.Executions.Single(e => e.Phase == "waiting").Id;
        _submission = JsonDocument.Parse("""{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}""")
            .RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        _flowCSharp = new BpmnInterpreter(new BpmnReader().Read(ApprovalFlow.Bytes, "approval.bpmn"), new ApprovalFlow.CSharpConditions());
        _flowFeel = new BpmnInterpreter(new BpmnReader().Read(Encoding.UTF8.GetBytes(FeelBpmnBenchmarks.Xml), "approval.bpmn"), new ApprovalFlow.CSharpConditions());
        _decision = new Dictionary<string, JsonElement> { ["approved"] = JsonSerializer.SerializeToElement(true) };
    }

    [Benchmark(Description = "Start the approval diagram (runs to the review task)")]
    public BpmnInstanceState StartCpuTime() => _javaScript.Start("approval", null, At).State;

    [Benchmark(Description = "Complete the review task, JavaScript gateway condition in the hardened sandbox")]
    public BpmnInstanceState CompleteTaskJavaScriptCpuTime() =>
        _javaScript.Apply(_waiting, new CompleteTask("review", _submission) { At = At, ExecutionId = _task }).State;

    [Benchmark(Description = "Complete the review task, the gateway condition in C# (interpreter only)")]
    public BpmnInstanceState CompleteTaskCSharpCpuTime() =>
        _csharp.Apply(_waiting, new CompleteTask("review", _submission) { At = At, ExecutionId = _task }).State;

    [Benchmark(Description = "Approval instance start to completion (interpreter only, C# conditions)")]
    public string ApprovalInterpreterOnlyCpuTime()
    {
        var started = _flowCSharp.Start("approval", null, At);
        return _flowCSharp.Apply(started.State, new CompleteTask("approve", _decision) { At = At }).State.Status;
    }

    [Benchmark(Description = "Approval instance start to completion (FEEL conditions)")]
    public string ApprovalWithFeelCpuTime()
    {
        var started = _flowFeel.Start("approval", null, At);
        return _flowFeel.Apply(started.State, new CompleteTask("approve", _decision) { At = At }).State.Status;
    }

    private sealed class CpuTimeConfig() : ThreadCpuTimeConfig(20);

    /// <summary>The diagram's one condition, <c>amount &gt; 1000</c>, computed in C# from the variables it is given.</summary>
    private sealed class AmountOver1000 : IBpmnScriptEvaluator
    {
        private static readonly JsonElement True = JsonSerializer.SerializeToElement(true);
        private static readonly JsonElement False = JsonSerializer.SerializeToElement(false);

        public string? Check(BpmnExpression expression, BpmnScriptPurpose purpose) =>
            expression.Text == "amount > 1000" ? null : $"Only 'amount > 1000' is known here, not '{expression.Text}'.";

        public BpmnScriptOutcome Evaluate(BpmnScriptRequest request) =>
            request.Variables.TryGetValue("amount", out var amount) && amount.ValueKind == JsonValueKind.Number
                ? BpmnScriptOutcome.Success(amount.GetDecimal() > 1000 ? True : False)
                : BpmnScriptOutcome.Failure("ReferenceError: amount is not a number");
    }
}
