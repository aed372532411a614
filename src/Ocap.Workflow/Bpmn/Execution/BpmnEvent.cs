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
    // What only some kinds of events carry lives in an object of its own: a variable change's name and value in a small
    // one, a created user task's info as it is (its only rare property), everything rarer (messages, signals, errors,
    // timers, incidents, service tasks) in a full one, and nothing for the most frequent events (element activated or
    // completed): those are 72 bytes instead of 160, a variable change 120. The properties read, compare, hash, print and
    // copy ('with') exactly as fields would: every init accessor stores the smallest form of the new content and never
    // changes an object another event shares.
    private object? _detail;

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
    public string? Variable
    {
        get => _detail switch { Change change => change.Variable, Detail detail => detail.Variable, _ => null };
        init => _detail = Smallest(Full() with { Variable = value });
    }

    /// <summary><c>variableChanged</c>: its new value.</summary>
    public JsonElement? Value
    {
        get => _detail switch { Change change => change.Value, Detail detail => detail.Value, _ => null };
        init => _detail = Smallest(Full() with { Value = value });
    }

    /// <summary>Messages and signals: the name; errors and escalations: the code.</summary>
    public string? Ref
    {
        get => (_detail as Detail)?.Ref;
        init => _detail = Smallest(Full() with { Ref = value });
    }

    /// <summary>Messages: the correlation key.</summary>
    public string? CorrelationKey
    {
        get => (_detail as Detail)?.CorrelationKey;
        init => _detail = Smallest(Full() with { CorrelationKey = value });
    }

    /// <summary><c>timerScheduled</c>: the due time.</summary>
    public DateTimeOffset? DueAt
    {
        get => (_detail as Detail)?.DueAt;
        init => _detail = Smallest(Full() with { DueAt = value });
    }

    /// <summary><c>incident</c>, <c>processFailed</c>: what went wrong.</summary>
    public string? Message
    {
        get => (_detail as Detail)?.Message;
        init => _detail = Smallest(Full() with { Message = value });
    }

    /// <summary><c>taskCreated</c> for user tasks: assignment and form.</summary>
    public BpmnUserTaskInfo? Task
    {
        get => _detail switch { BpmnUserTaskInfo task => task, Detail detail => detail.Task, _ => null };
        init => _detail = Smallest(Full() with { Task = value });
    }

    /// <summary><c>taskCreated</c> for service-like tasks: the task type / topic.</summary>
    public string? TaskType
    {
        get => (_detail as Detail)?.TaskType;
        init => _detail = Smallest(Full() with { TaskType = value });
    }

    /// <summary>
    /// The detail object an event built by <see cref="BpmnEventLog"/> takes as it is: made by <see cref="DetailOf"/> or
    /// <see cref="ChangeOf"/> (in the one form each content has), never changed afterwards, so events may share it.
    /// </summary>
    internal object? RawDetail
    {
        init => _detail = value;
    }

    /// <summary>
    /// The detail of an event with these rare properties and no variable (one object, or none when all are
    /// <see langword="null"/>), as setting the properties one by one would leave it.
    /// </summary>
    internal static object? DetailOf(string? reference, string? correlationKey, DateTimeOffset? dueAt, string? message, BpmnUserTaskInfo? task, string? taskType) =>
        reference is null && correlationKey is null && dueAt is null && message is null && taskType is null
            ? task
            : new Detail
            {
                Ref = reference,
                CorrelationKey = correlationKey,
                DueAt = dueAt,
                Message = message,
                Task = task,
                TaskType = taskType,
            };

    /// <summary>The detail of a <c>variableChanged</c> event: its <see cref="Variable"/> and <see cref="Value"/>, and none
    /// of the other rare properties.</summary>
    internal static object ChangeOf(string variable, JsonElement value) => new Change(variable, value);

    /// <summary>The <see cref="Message"/> an event with this detail has.</summary>
    internal static string? MessageOf(object? detail) => (detail as Detail)?.Message;

    private Detail Full() => _detail switch
    {
        Detail detail => detail,
        BpmnUserTaskInfo task => Detail.None with { Task = task },
        Change change => Detail.None with { Variable = change.Variable, Value = change.Value },
        _ => Detail.None,
    };

    // The one form each content has, so that events compare equal however their properties were set: nothing for an
    // empty detail, the small form when only the variable and its value are set, the task info when only it is set, the
    // full one otherwise.
    private static object? Smallest(Detail detail)
    {
        if (detail.Ref is null && detail.CorrelationKey is null && detail.DueAt is null && detail.Message is null
            && detail.Task is null && detail.TaskType is null)
        {
            return detail.Variable is null && detail.Value is null ? null : new Change(detail.Variable, detail.Value);
        }

        if (detail.Task is { } task && detail.Variable is null && detail.Value is null && detail.Ref is null && detail.CorrelationKey is null
            && detail.DueAt is null && detail.Message is null && detail.TaskType is null)
        {
            return task;
        }

        return detail;
    }

    private sealed record Change(string? Variable, JsonElement? Value);

    private sealed record Detail
    {
        public static readonly Detail None = new();

        public string? Variable { get; init; }

        public JsonElement? Value { get; init; }

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
