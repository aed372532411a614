using System.Text.Json;

namespace Ocap.Workflow.Bpmn.Execution;

/// <summary>
/// One thing that happened during a step, for history and for the host (tasks to show, timers to schedule,
/// messages and signals to route). Properties that do not apply are <see langword="null"/>.
/// Types: <c>elementActivated</c>, <c>elementCompleted</c>, <c>elementTerminated</c>, <c>taskCreated</c>,
/// <c>timerScheduled</c>, <c>timerFired</c>, <c>messageSubscribed</c>, <c>signalSubscribed</c>, <c>messageSent</c>,
/// <c>signalThrown</c>, <c>errorThrown</c>, <c>escalationThrown</c>, <c>variableChanged</c>, <c>incident</c>,
/// <c>processStarted</c>, <c>processCompleted</c>, <c>processFailed</c>, <c>processTerminated</c>.
/// </summary>
public sealed record BpmnEvent
{
    // What only a few kinds of events carry (messages, signals, errors, timers, incidents, created tasks) lives in one
    // object of its own, allocated only for those events: most events of a step (element activated or completed, a
    // variable changed) are 104 bytes instead of 160. The properties read and compare exactly as fields would.
    private Detail? _detail;

    /// <summary>Sequence number within the instance (1, 2, ...).</summary>
    public long Seq { get; init; }

    /// <summary>The event type (see the type list above).</summary>
    public required string Type { get; init; }

    /// <summary>The element concerned.</summary>
    public string? ElementId { get; init; }

    /// <summary>Its BPMN local element name.</summary>
    public string? ElementType { get; init; }

    /// <summary>Its name in the diagram.</summary>
    public string? Name { get; init; }

    /// <summary>The execution concerned.</summary>
    public int? ExecutionId { get; init; }

    /// <summary><c>variableChanged</c>: the variable.</summary>
    public string? Variable { get; init; }

    /// <summary><c>variableChanged</c>: its new value.</summary>
    public JsonElement? Value { get; init; }

    /// <summary>Messages and signals: the name; errors and escalations: the code.</summary>
    public string? Ref
    {
        get => _detail?.Ref;
        init => _detail = Normalized((_detail ?? Detail.None) with { Ref = value });
    }

    /// <summary>Messages: the correlation key.</summary>
    public string? CorrelationKey
    {
        get => _detail?.CorrelationKey;
        init => _detail = Normalized((_detail ?? Detail.None) with { CorrelationKey = value });
    }

    /// <summary><c>timerScheduled</c>: the due time.</summary>
    public DateTimeOffset? DueAt
    {
        get => _detail?.DueAt;
        init => _detail = Normalized((_detail ?? Detail.None) with { DueAt = value });
    }

    /// <summary><c>incident</c>, <c>processFailed</c>: what went wrong.</summary>
    public string? Message
    {
        get => _detail?.Message;
        init => _detail = Normalized((_detail ?? Detail.None) with { Message = value });
    }

    /// <summary><c>taskCreated</c> for user tasks: assignment and form.</summary>
    public BpmnUserTaskInfo? Task
    {
        get => _detail?.Task;
        init => _detail = Normalized((_detail ?? Detail.None) with { Task = value });
    }

    /// <summary><c>taskCreated</c> for service-like tasks: the task type / topic.</summary>
    public string? TaskType
    {
        get => _detail?.TaskType;
        init => _detail = Normalized((_detail ?? Detail.None) with { TaskType = value });
    }

    /// <summary>
    /// The interpreter's way to set the rarely used properties at once (one detail object, or none when all are
    /// <see langword="null"/>), rather than one copy of the detail per property set.
    /// </summary>
    internal (string? Ref, string? CorrelationKey, DateTimeOffset? DueAt, string? Message, BpmnUserTaskInfo? Task, string? TaskType) Details
    {
        init => _detail = value is (null, null, null, null, null, null)
            ? null
            : new Detail { Ref = value.Ref, CorrelationKey = value.CorrelationKey, DueAt = value.DueAt, Message = value.Message, Task = value.Task, TaskType = value.TaskType };
    }

    // A detail with nothing in it is no detail, so an event compares equal however its properties were set (a property
    // set to null, or never set). A 'with' on an event replaces its detail, never changes the one it shares.
    private static Detail? Normalized(Detail detail) => detail == Detail.None ? null : detail;

    private sealed record Detail
    {
        public static readonly Detail None = new();

        public string? Ref { get; init; }

        public string? CorrelationKey { get; init; }

        public DateTimeOffset? DueAt { get; init; }

        public string? Message { get; init; }

        public BpmnUserTaskInfo? Task { get; init; }

        public string? TaskType { get; init; }
    }
}

/// <summary>The result of one step: the new state and what happened.</summary>
/// <param name="State">The new state (the input state is untouched).</param>
/// <param name="Events">Events in the order they happened.</param>
/// <param name="Handled">Whether the command matched anything (a message or signal nobody waits for is not handled).</param>
public sealed record BpmnStepResult(BpmnInstanceState State, IReadOnlyList<BpmnEvent> Events, bool Handled);
