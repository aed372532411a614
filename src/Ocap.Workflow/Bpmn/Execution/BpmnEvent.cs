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
    public string? Ref { get; init; }

    /// <summary>Messages: the correlation key.</summary>
    public string? CorrelationKey { get; init; }

    /// <summary><c>timerScheduled</c>: the due time.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary><c>incident</c>, <c>processFailed</c>: what went wrong.</summary>
    public string? Message { get; init; }

    /// <summary><c>taskCreated</c> for user tasks: assignment and form.</summary>
    public BpmnUserTaskInfo? Task { get; init; }

    /// <summary><c>taskCreated</c> for service-like tasks: the task type / topic.</summary>
    public string? TaskType { get; init; }
}

/// <summary>The result of one step: the new state and what happened.</summary>
/// <param name="State">The new state (the input state is untouched).</param>
/// <param name="Events">Events in the order they happened.</param>
/// <param name="Handled">Whether the command matched anything (a message or signal nobody waits for is not handled).</param>
public sealed record BpmnStepResult(BpmnInstanceState State, IReadOnlyList<BpmnEvent> Events, bool Handled);
