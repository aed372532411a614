using System.Diagnostics;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Telemetry;

namespace Ocap.Workflow.Runtime;

/// <summary>One script evaluation the interpreter asked for during a command, with what it gave.</summary>
internal sealed record ScriptDecision(BpmnScriptRequest Request, BpmnScriptOutcome Outcome);

/// <summary>
/// Wraps a bundle's script evaluator so that every decision a command makes is captured for history. The
/// interpreter is shared by every command of the bundle and calls scripts synchronously inside
/// <see cref="Bpmn.Execution.BpmnInterpreter.Apply"/>, on the thread that started recording, so the log is carried
/// per thread (a <see cref="ThreadLocal{T}"/> owned by this instance), never shared between concurrent commands.
/// Not an <see cref="AsyncLocal{T}"/>: setting one copies the execution context, twice per command, for a value that
/// never crosses an await.
/// </summary>
internal sealed class RecordingScriptEvaluator(IBpmnScriptEvaluator inner, WorkflowTelemetry telemetry) : IBpmnScriptEvaluator
{
    private readonly ThreadLocal<List<ScriptDecision>?> _log = new();

    public IBpmnScriptEvaluator Inner => inner;

    public string? Check(BpmnExpression expression, BpmnScriptPurpose purpose) => inner.Check(expression, purpose);

    public BpmnScriptOutcome Evaluate(BpmnScriptRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = inner.Evaluate(request);
        telemetry.RecordScriptEvaluation(Stopwatch.GetElapsedTime(started), outcome.Error is null);
        _log.Value?.Add(new ScriptDecision(request, outcome));
        return outcome;
    }

    /// <summary>Starts capturing the decisions made on the current thread; returns the list they go to.</summary>
    public List<ScriptDecision> BeginRecording()
    {
        var log = new List<ScriptDecision>();
        _log.Value = log;
        return log;
    }

    /// <summary>Stops capturing on the current thread.</summary>
    public void EndRecording() => _log.Value = null;
}
