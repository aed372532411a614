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
/// <remarks>
/// Each thread keeps one <see cref="Recording"/> for its life: a step reads the thread's slot once when it begins
/// and once per decision, and a step that decides nothing allocates no list. A recording begun while another is
/// open on the same thread (host code a script calls back into the engine) sets the outer one aside and gives it
/// back, decisions and all, when it ends.
/// </remarks>
internal sealed class RecordingScriptEvaluator(IBpmnScriptEvaluator inner, WorkflowTelemetry telemetry) : IBpmnScriptEvaluator
{
    private readonly ThreadLocal<Recording?> _log = new();

    public IBpmnScriptEvaluator Inner => inner;

    public string? Check(BpmnExpression expression, BpmnScriptPurpose purpose) => inner.Check(expression, purpose);

    public BpmnScriptOutcome Evaluate(BpmnScriptRequest request)
    {
        // Timed only when someone listens to the duration (two clock reads per decision otherwise).
        var started = telemetry.TimesScriptEvaluations ? Stopwatch.GetTimestamp() : 0;
        var outcome = inner.Evaluate(request);
        telemetry.RecordScriptEvaluation(started != 0 ? Stopwatch.GetElapsedTime(started) : null, outcome.Error is null);
        if (_log.Value is { Active: true } recording)
        {
            (recording.Decisions ??= []).Add(new ScriptDecision(request, outcome));
        }

        return outcome;
    }

    /// <summary>Starts capturing the decisions made on the current thread until <see cref="EndRecording"/>.</summary>
    public RecordingScope BeginRecording()
    {
        var recording = _log.Value ??= new Recording();
        var scope = new RecordingScope(recording, recording.Active, recording.Decisions);
        recording.Active = true;
        recording.Decisions = null;
        return scope;
    }

    /// <summary>Stops the capture <paramref name="scope"/> began; returns its decisions (<see langword="null"/> for none).</summary>
    public static List<ScriptDecision>? EndRecording(RecordingScope scope)
    {
        var recording = scope.Recording;
        var decisions = recording.Decisions;
        recording.Active = scope.OuterActive;
        recording.Decisions = scope.OuterDecisions;
        return decisions;
    }

    /// <summary>One thread's capture state.</summary>
    internal sealed class Recording
    {
        public bool Active { get; set; }

        public List<ScriptDecision>? Decisions { get; set; }
    }

    /// <summary>A capture in progress and what it set aside.</summary>
    internal readonly record struct RecordingScope(Recording Recording, bool OuterActive, List<ScriptDecision>? OuterDecisions);
}
