using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ocap.Workflow.Bpmn.Execution;

/// <summary>
/// The whole state of one process instance as plain data: executions (tokens and scopes), variables, waiting
/// subscriptions, incidents and counters. It round-trips through System.Text.Json exactly
/// (<see cref="ToJson"/>/<see cref="FromJson"/>), and every command on a restored state behaves as on the original.
/// The interpreter never mutates a state it is given; it returns a new one.
/// </summary>
public sealed class BpmnInstanceState
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The process that was started.</summary>
    public string ProcessId { get; set; } = string.Empty;

    /// <summary><c>active</c>, <c>completed</c>, <c>failed</c> or <c>terminated</c>.</summary>
    public string Status { get; set; } = BpmnInstanceStatus.Active;

    /// <summary>The next execution / subscription / incident id.</summary>
    public int NextId { get; set; } = 1;

    /// <summary>The sequence number of the last event emitted for this instance.</summary>
    public long LastSequence { get; set; }

    /// <summary>A state with no executions, subscriptions or incidents.</summary>
    public BpmnInstanceState()
    {
        Executions = [];
        Subscriptions = [];
        Incidents = [];
    }

    // The copies' constructor: their lists are made by the copying code, so no empty list is made only to be replaced
    // (an object initializer runs after the constructor, and property initializers in every constructor).
    private BpmnInstanceState(List<BpmnExecutionState> executions, List<BpmnSubscriptionState> subscriptions, List<BpmnIncidentState> incidents)
    {
        Executions = executions;
        Subscriptions = subscriptions;
        Incidents = incidents;
    }

    /// <summary>Live executions: the process scope, sub-process scopes, loop bodies and tokens.</summary>
    public List<BpmnExecutionState> Executions { get; set; }

    /// <summary>What the instance waits for: timers, messages, signals and conditions.</summary>
    public List<BpmnSubscriptionState> Subscriptions { get; set; }

    /// <summary>Open incidents (a failing script or condition); the token stays where it failed.</summary>
    public List<BpmnIncidentState> Incidents { get; set; }

    /// <summary>Variables that outlive the instance's root scope (the final values once it has ended).</summary>
    public Dictionary<string, JsonElement>? FinalVariables { get; set; }

    /// <summary>When <see cref="Status"/> is <c>failed</c>: the uncaught BPMN error.</summary>
    public BpmnFailureState? Failure { get; set; }

    /// <summary>Serializes the state (compact JSON, camelCase).</summary>
    /// <remarks>Written by <see cref="BpmnStateJsonWriter"/>, byte for byte what <see cref="BpmnStateJsonContext"/>
    /// writes (a differential test holds them equal), without the serializer's per-value overhead.</remarks>
    public string ToJson() => BpmnStateJsonWriter.ToText(this);

    /// <summary>The UTF-8 bytes of <see cref="ToJson"/>, without the text in between.</summary>
    internal byte[] ToUtf8Json() => BpmnStateJsonWriter.ToUtf8Bytes(this);

    /// <summary>
    /// Writes the bytes of <see cref="ToUtf8Json"/> to a writer the caller owns (and flushes), so a caller with a
    /// reusable writer and buffer writes no intermediate array. The writer's options must be
    /// <see cref="BpmnStateJsonWriter.WriterOptions"/> (default encoder, compact) for the same bytes.
    /// </summary>
    internal void WriteJson(Utf8JsonWriter writer) => BpmnStateJsonWriter.Write(writer, this);

    /// <summary>Restores a state written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not a serialized instance state.</exception>
    public static BpmnInstanceState FromJson(string json) =>
        JsonSerializer.Deserialize(json, BpmnStateJsonContext.Default.BpmnInstanceState) ?? throw new JsonException("The JSON is null, not an instance state.");

    /// <summary>A deep copy.</summary>
    public BpmnInstanceState Clone()
    {
        var executions = new List<BpmnExecutionState>(Executions.Count);
        foreach (var execution in Executions)
        {
            executions.Add(execution.Clone());
        }

        return new(executions, CopyRecords(Subscriptions, static s => s with { }), CopyRecords(Incidents, static i => i with { }))
        {
            ProcessId = ProcessId,
            Status = Status,
            NextId = NextId,
            LastSequence = LastSequence,
            FinalVariables = FinalVariables is null ? null : new Dictionary<string, JsonElement>(FinalVariables, StringComparer.Ordinal),
            Failure = Failure,
        };
    }

    /// <summary>
    /// The private copy a step works on: every execution (and its variables) copied, as in <see cref="Clone"/>, with
    /// room for the executions the step will add. Subscriptions, incidents and the failure are immutable records,
    /// so the new lists share them, and the final variables are only ever replaced, never changed in place.
    /// </summary>
    /// <param name="room">How many variables the command brings: the variable maps of process scopes, where new
    /// variables are created, get room for them, so they are allocated once rather than copied and then regrown.</param>
    internal BpmnInstanceState CopyForStep(int room)
    {
        var executions = new List<BpmnExecutionState>(Executions.Count + 2);
        foreach (var execution in Executions)
        {
            executions.Add(execution.CopyForStep(execution.ProcessId is null ? 0 : room));
        }

        return new(executions, Share(Subscriptions), Share(Incidents))
        {
            ProcessId = ProcessId,
            Status = Status,
            NextId = NextId,
            LastSequence = LastSequence,
            FinalVariables = FinalVariables,
            Failure = Failure,
        };
    }

    /// <summary>A new list of the same (immutable) records, exactly sized; an empty one has no array of its own.</summary>
    private static List<T> Share<T>(List<T> items)
    {
        var copy = new List<T>(items.Count);
        if (items.Count > 0)
        {
            copy.AddRange(items);
        }

        return copy;
    }

    /// <summary>The state a <see cref="BpmnInterpreter.Start"/> builds on: no executions yet, with room for the two a start
    /// to a first wait state has (the process scope and its token), rather than the four of a list's first growth.</summary>
    internal static BpmnInstanceState ForStart(string processId) => new(new List<BpmnExecutionState>(2), [], [])
    {
        ProcessId = processId,
    };

    private static List<T> CopyRecords<T>(List<T> items, Func<T, T> copy)
    {
        var copies = new List<T>(items.Count);
        foreach (var item in items)
        {
            copies.Add(copy(item));
        }

        return copies;
    }
}

/// <summary>The values of <see cref="BpmnInstanceState.Status"/>.</summary>
public static class BpmnInstanceStatus
{
    /// <summary>Still running or waiting.</summary>
    public const string Active = "active";

    /// <summary>Every token reached an end.</summary>
    public const string Completed = "completed";

    /// <summary>An uncaught BPMN error ended it.</summary>
    public const string Failed = "failed";

    /// <summary>A terminate end event at the top level ended it.</summary>
    public const string Terminated = "terminated";
}

/// <summary>The kinds of executions.</summary>
public static class BpmnExecutionKind
{
    /// <summary>A scope: the process itself, a sub-process, an event sub-process or a called process.</summary>
    public const string Scope = "scope";

    /// <summary>A token at a flow node.</summary>
    public const string Token = "token";

    /// <summary>The body of a multi-instance activity; its children are the instances.</summary>
    public const string MultiInstance = "multiInstance";

    /// <summary>The body of a standard loop; its child is the current iteration.</summary>
    public const string Loop = "loop";
}

/// <summary>One execution: a token or a scope. Plain data.</summary>
public sealed class BpmnExecutionState
{
    // What only loop bodies, called-process scopes and FEEL-assigned user tasks carry lives in an object of its own,
    // made when one of those properties is first set to a value: a token or a process scope is then 88 bytes instead of
    // 144. The properties read, write and serialize exactly as they did.
    private Rare? _rare;

    /// <summary>Id, unique within the instance.</summary>
    public int Id { get; set; }

    /// <summary>The enclosing scope or loop body, <see langword="null"/> for the process scope.</summary>
    public int? ParentId { get; set; }

    /// <summary>Where it is: a flow node id, or the process id for the process scope.</summary>
    public string ElementId { get; set; } = string.Empty;

    /// <summary>See <see cref="BpmnExecutionKind"/>.</summary>
    public string Kind { get; set; } = BpmnExecutionKind.Token;

    /// <summary>For tokens: <c>waiting</c>, <c>joining</c> or <c>incident</c>; otherwise <see langword="null"/>.</summary>
    public string? Phase { get; set; }

    /// <summary>The sequence flow the token arrived by.</summary>
    public string? Flow { get; set; }

    /// <summary>For the process scope and called-process scopes: the process whose nodes it runs.</summary>
    public string? ProcessId { get; set; }

    /// <summary>For called-process scopes: the pinned version asked for, or <see langword="null"/> for the latest.</summary>
    public string? ProcessVersion
    {
        get => _rare?.ProcessVersion;
        set
        {
            if (value is not null || _rare is not null)
            {
                (_rare ??= new()).ProcessVersion = value;
            }
        }
    }

    /// <summary>Local variables of this execution.</summary>
    public Dictionary<string, JsonElement>? Variables { get; set; }

    /// <summary>Loop bodies: iterations started so far.</summary>
    public int? Counter
    {
        get => _rare?.Counter;
        set
        {
            if (value is not null || _rare is not null)
            {
                (_rare ??= new()).Counter = value;
            }
        }
    }

    /// <summary>Multi-instance bodies: the number of instances.</summary>
    public int? Instances
    {
        get => _rare?.Instances;
        set
        {
            if (value is not null || _rare is not null)
            {
                (_rare ??= new()).Instances = value;
            }
        }
    }

    /// <summary>Multi-instance bodies: the number of completed instances.</summary>
    public int? Completed
    {
        get => _rare?.Completed;
        set
        {
            if (value is not null || _rare is not null)
            {
                (_rare ??= new()).Completed = value;
            }
        }
    }

    /// <summary>Multi-instance bodies: the collection being iterated, if any.</summary>
    public JsonElement? Items
    {
        get => _rare?.Items;
        set
        {
            if (value is not null || _rare is not null)
            {
                (_rare ??= new()).Items = value;
            }
        }
    }

    /// <summary>
    /// Waiting user tasks whose Camunda 8 assignment is FEEL: the assignment as evaluated when the task was created
    /// (no expressions left), so a host can derive the task's candidates from the state as well as from the
    /// <c>taskCreated</c> event. <see langword="null"/> for every other execution.
    /// </summary>
    public BpmnUserTaskInfo? Assignment
    {
        get => _rare?.Assignment;
        set
        {
            if (value is not null || _rare is not null)
            {
                (_rare ??= new()).Assignment = value;
            }
        }
    }

    /// <summary>
    /// A deep copy for a step, field by field (cheaper than <see cref="object.MemberwiseClone"/>, a runtime call),
    /// with room for <paramref name="room"/> more variables. A property added to this class must be copied here too;
    /// a test compares every public property of the copy with the original's.
    /// </summary>
    internal BpmnExecutionState CopyForStep(int room)
    {
        Dictionary<string, JsonElement>? variables = null;
        if (Variables is not null)
        {
            // Entries are added in the original's order, so the copy enumerates (and serializes) identically.
            variables = new Dictionary<string, JsonElement>(Variables.Count + room, StringComparer.Ordinal);
            foreach (var (name, value) in Variables)
            {
                variables.Add(name, value);
            }
        }

        return new BpmnExecutionState
        {
            Id = Id,
            ParentId = ParentId,
            ElementId = ElementId,
            Kind = Kind,
            Phase = Phase,
            Flow = Flow,
            ProcessId = ProcessId,
            Variables = variables,
            _rare = _rare?.Copy(),
        };
    }

    /// <summary>
    /// Makes this token the one that follows it along a flow, as a new execution with these values would be (every
    /// other property back to its default; the parent stays), for a step that would otherwise make that execution and
    /// drop this one. A property added to this class must be reset here too; a test compares every public property
    /// with a new execution's.
    /// </summary>
    internal void MoveTo(int id, string elementId, string flow)
    {
        Id = id;
        ElementId = elementId;
        Kind = BpmnExecutionKind.Token;
        Phase = null;
        Flow = flow;
        ProcessId = null;
        Variables = null;
        _rare = null;
    }

    /// <summary>A deep copy.</summary>
    public BpmnExecutionState Clone()
    {
        var copy = (BpmnExecutionState)MemberwiseClone();
        copy._rare = _rare?.Copy();
        if (Variables is not null)
        {
            copy.Variables = new Dictionary<string, JsonElement>(Variables, StringComparer.Ordinal);
        }

        return copy;
    }

    /// <summary>The properties few executions have (see the field's remarks); copied with the execution, never shared.</summary>
    private sealed class Rare
    {
        public string? ProcessVersion;
        public int? Counter;
        public int? Instances;
        public int? Completed;
        public JsonElement? Items;
        public BpmnUserTaskInfo? Assignment;

        public Rare Copy() => new()
        {
            ProcessVersion = ProcessVersion,
            Counter = Counter,
            Instances = Instances,
            Completed = Completed,
            Items = Items,
            Assignment = Assignment,
        };
    }
}

/// <summary>Something an execution waits for.</summary>
/// <param name="Id">Subscription id.</param>
/// <param name="ExecutionId">The execution it belongs to (the token, the activity, or the scope of an event sub-process).</param>
/// <param name="ElementId">The catching element (catch event, boundary event, event sub-process start, receive task).</param>
/// <param name="Kind"><c>timer</c>, <c>message</c>, <c>signal</c> or <c>conditional</c>.</param>
public sealed record BpmnSubscriptionState(int Id, int ExecutionId, string ElementId, string Kind)
{
    /// <summary>Message or signal name.</summary>
    public string? Name { get; init; }

    /// <summary>Message correlation key value, when the catcher has one.</summary>
    public string? CorrelationKey { get; init; }

    /// <summary>Timers: when it is due.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Cycles: repetitions still to fire (<see langword="null"/> = unbounded).</summary>
    public int? Remaining { get; init; }

    /// <summary>Cycles: the ISO 8601 interval between firings, or the cron expression that gives them.</summary>
    public string? Interval { get; init; }
}

/// <summary>An incident: the token at <paramref name="ElementId"/> cannot move until someone acts.</summary>
/// <param name="Id">Incident id.</param>
/// <param name="ExecutionId">The stuck execution.</param>
/// <param name="ElementId">Where it is stuck.</param>
/// <param name="Message">What went wrong, as a sentence (the script's error included).</param>
public sealed record BpmnIncidentState(int Id, int ExecutionId, string ElementId, string Message);

/// <summary>Why an instance failed.</summary>
/// <param name="ErrorCode">The uncaught BPMN error code.</param>
/// <param name="ElementId">The element that threw it.</param>
/// <param name="Message">A sentence.</param>
public sealed record BpmnFailureState(string? ErrorCode, string ElementId, string Message);
