using System.Text.Json;

namespace Ocap.Workflow.Bpmn.Execution;

/// <summary>Something that happens to a running instance. Each carries the (virtual) time it happens at; the
/// interpreter has no clock of its own.</summary>
public abstract record BpmnCommand
{
    /// <summary>When the command happens; timers scheduled while handling it count from here.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>Complete a waiting task (user, manual, service, send, receive, business rule).</summary>
/// <param name="ElementId">The task's element id.</param>
/// <param name="Data">Variables to set, or <see langword="null"/>.</param>
public sealed record CompleteTask(string ElementId, IReadOnlyDictionary<string, JsonElement>? Data = null) : BpmnCommand
{
    /// <summary>A specific execution, when several tokens wait at the same element (multi-instance).</summary>
    public int? ExecutionId { get; init; }
}

/// <summary>Deliver a message to the first subscription with this name (and correlation key, when given).</summary>
/// <param name="Name">The message name.</param>
/// <param name="CorrelationKey">The correlation key, or <see langword="null"/>.</param>
/// <param name="Data">Variables to set, or <see langword="null"/>.</param>
public sealed record CorrelateMessage(string Name, string? CorrelationKey = null, IReadOnlyDictionary<string, JsonElement>? Data = null) : BpmnCommand;

/// <summary>Broadcast a signal to every subscription with this name.</summary>
/// <param name="Name">The signal name.</param>
/// <param name="Data">Variables to set, or <see langword="null"/>.</param>
public sealed record BroadcastSignal(string Name, IReadOnlyDictionary<string, JsonElement>? Data = null) : BpmnCommand;

/// <summary>Move the virtual clock to <see cref="BpmnCommand.At"/>, firing every timer due by then, in due order.</summary>
public sealed record AdvanceTime : BpmnCommand;

/// <summary>A waiting task (typically a service task) fails with a BPMN error, to be caught by error boundary events.</summary>
/// <param name="ElementId">The waiting task.</param>
/// <param name="ErrorCode">The BPMN error code.</param>
/// <param name="Message">An optional message for history.</param>
public sealed record ThrowBpmnError(string ElementId, string ErrorCode, string? Message = null) : BpmnCommand;

/// <summary>
/// An operator acts on an incident (a failing script or condition): the incident is removed, <paramref name="Data"/>
/// is set on the stuck token, and the token either enters its element again (<paramref name="Retry"/>: a script task
/// runs its script again, a gateway evaluates its conditions again) or leaves it as if its work were done.
/// </summary>
/// <param name="IncidentId">The incident (<see cref="BpmnIncidentState.Id"/>).</param>
/// <param name="Retry">Enter the element again (<see langword="true"/>) or leave it (<see langword="false"/>).</param>
/// <param name="Data">Variables to set first, or <see langword="null"/>.</param>
public sealed record ResolveIncident(int IncidentId, bool Retry, IReadOnlyDictionary<string, JsonElement>? Data = null) : BpmnCommand;

/// <summary>A command names something the instance is not waiting for.</summary>
public sealed class BpmnCommandRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A sentence saying what was asked and why it cannot happen.</param>
    /// <param name="elementId">The element named by the command, if any.</param>
    public BpmnCommandRejectedException(string message, string? elementId)
        : base(message) => ElementId = elementId;

    /// <summary>The element named by the command, if any.</summary>
    public string? ElementId { get; }
}
