namespace Ocap.Workflow.Bpmn;

/// <summary>The kinds of BPMN event definitions.</summary>
public enum BpmnEventKind
{
    /// <summary>No event definition: a none start, end or intermediate event.</summary>
    None,

    /// <summary><c>messageEventDefinition</c>.</summary>
    Message,

    /// <summary><c>signalEventDefinition</c>.</summary>
    Signal,

    /// <summary><c>timerEventDefinition</c>.</summary>
    Timer,

    /// <summary><c>errorEventDefinition</c>.</summary>
    Error,

    /// <summary><c>escalationEventDefinition</c>.</summary>
    Escalation,

    /// <summary><c>conditionalEventDefinition</c>.</summary>
    Conditional,

    /// <summary><c>linkEventDefinition</c>.</summary>
    Link,

    /// <summary><c>terminateEventDefinition</c>.</summary>
    Terminate,

    /// <summary><c>compensateEventDefinition</c> (refused at deploy time).</summary>
    Compensate,

    /// <summary><c>cancelEventDefinition</c> (refused at deploy time).</summary>
    Cancel,
}

/// <summary>The three ways a BPMN timer is written.</summary>
public enum BpmnTimerKind
{
    /// <summary><c>timeDuration</c>, an ISO 8601 duration such as <c>PT1H</c>.</summary>
    Duration,

    /// <summary><c>timeDate</c>, an ISO 8601 date-time.</summary>
    Date,

    /// <summary><c>timeCycle</c>, a repeating interval such as <c>R3/PT10M</c>.</summary>
    Cycle,
}

/// <summary>One event definition of an event, with its references resolved by name where the diagram had them.</summary>
public sealed record BpmnEventDefinition
{
    /// <summary>What kind of trigger or result this is.</summary>
    public required BpmnEventKind Kind { get; init; }

    /// <summary>The id of the referenced message, signal, error or escalation, as written.</summary>
    public string? Reference { get; init; }

    /// <summary>The message or signal name, the error code or the escalation code the reference resolved to.</summary>
    public string? ReferenceName { get; init; }

    /// <summary>For timers: how the time is given.</summary>
    public BpmnTimerKind? TimerKind { get; init; }

    /// <summary>For timers: the ISO 8601 text; for conditional events: the condition.</summary>
    public BpmnExpression? Expression { get; init; }

    /// <summary>For link events: the link name.</summary>
    public string? LinkName { get; init; }

    /// <summary>For message catch events and receive tasks: the correlation key expression (Camunda 8 subscription), if any.</summary>
    public string? CorrelationKey { get; init; }

    /// <summary>For error and escalation catchers: the variable that receives the code (Camunda <c>errorCodeVariable</c>).</summary>
    public string? CodeVariable { get; init; }

    /// <summary>1-based line of the definition element.</summary>
    public int Line { get; init; }

    /// <summary>1-based column of the definition element.</summary>
    public int Column { get; init; }
}
