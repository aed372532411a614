using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Benchmarks.Feel;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Benchmarks.Bpmn;

/// <summary>
/// The interpreter's two steps of the engine's approval flow (ADR 0005, fourth pass), in thread CPU time: <c>Start</c>
/// to the review task, and <c>Apply(CompleteTask)</c> with the 5-field submission and the JavaScript gateway condition,
/// each alone, with the step's events read the way the engine's history payload reads them
/// (<see cref="BpmnEventLog.TypeAt"/>, <see cref="BpmnEventLog.ElementIdAt"/>, <see cref="BpmnEventLog.MessageAt"/>), and
/// with them built as public <see cref="BpmnEvent"/> objects (what any other reader of
/// <see cref="BpmnStepResult.Events"/> pays).
/// </summary>
[Config(typeof(CpuTimeConfig))]
[MemoryDiagnoser]
[MedianColumn]
public class InterpreterStepBenchmarks
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private BpmnInterpreter _interpreter = null!;
    private BpmnInstanceState _waiting = null!;
    private Dictionary<string, JsonElement> _submission = null!;
    private int _task;

    [GlobalSetup]
    public void Setup()
    {
        var definitions = new BpmnReader().Read(Encoding.UTF8.GetBytes(Runtime.ApprovalFlowBenchmarks.Diagram), "approval.bpmn");
        _interpreter = new BpmnInterpreter(definitions, new SandboxBpmnScriptEvaluator());
        _waiting = _interpreter.Start("approval", null, At).State;
        _task = _waiting.Executions.Single(e => e.Phase == "waiting").Id;
        _submission = JsonDocument.Parse("""{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}""")
            .RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    [Benchmark(Description = "Start the approval diagram (to the review task)")]
    public BpmnStepResult Start() => _interpreter.Start("approval", null, At);

    [Benchmark(Description = "Complete the review task (5 fields, JavaScript gateway condition, to the end)")]
    public BpmnStepResult CompleteTask() => Complete();

    [Benchmark(Description = "Complete the review task, events read as the engine's history does")]
    public int CompleteTaskReadingEventsCompactly()
    {
        var step = Complete();
        var log = (BpmnEventLog)step.Events;
        var length = 0;
        for (var i = 0; i < log.Count; i++)
        {
            length += log.TypeAt(i).Length + (log.ElementIdAt(i)?.Length ?? 0) + (log.MessageAt(i)?.Length ?? 0);
        }

        return length;
    }

    [Benchmark(Description = "Complete the review task, events built as public BpmnEvent objects")]
    public BpmnEvent CompleteTaskBuildingEvents()
    {
        var events = Complete().Events;
        return events[^1];
    }

    private BpmnStepResult Complete() =>
        _interpreter.Apply(_waiting, new CompleteTask("review", _submission) { At = At, ExecutionId = _task });

    private sealed class CpuTimeConfig() : ThreadCpuTimeConfig(20);
}
