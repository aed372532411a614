using System.Text.Json.Nodes;

namespace Ocap.Workflow.Runtime;

/// <summary>A message to correlate within a tenant (see <see cref="WorkflowEngine.CorrelateMessageAsync(Tenancy.TenantId, MessageCorrelation, CancellationToken)"/>).</summary>
/// <param name="MessageName">The message name.</param>
/// <param name="CorrelationKey">The correlation key (empty matches subscriptions without a key).</param>
public sealed record MessageCorrelation(string MessageName, string CorrelationKey)
{
    /// <summary>Variables the message carries, or <see langword="null"/>.</summary>
    public JsonObject? Variables { get; init; }

    /// <summary>Who sends it (recorded in the receiving instance's history); empty for the system.</summary>
    public string ActorId { get; init; } = string.Empty;

    /// <summary>
    /// How long to keep the message when nothing receives it now; <see langword="null"/> (the default) makes an
    /// unmatched message a <see cref="MessageNotCorrelatedException"/>. When set (more than zero), the first instance
    /// that opens a matching subscription (same name and correlation key) before it expires receives it, exactly once.
    /// </summary>
    public TimeSpan? TimeToLive { get; init; }
}

/// <summary>What happened to a correlated message.</summary>
public enum MessageCorrelationOutcome
{
    /// <summary>A waiting instance received it.</summary>
    Correlated,

    /// <summary>No instance waited, and a message start event of the latest version of a process started a new instance.</summary>
    InstanceStarted,

    /// <summary>Nothing received it; it is kept until its time-to-live ends.</summary>
    Buffered,
}

/// <summary>The outcome of a message correlation.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="InstanceId">The instance that received the message or was started by it; <see langword="null"/> when buffered.</param>
/// <param name="BufferedMessageId">The buffered message's id when buffered; otherwise <see langword="null"/>.</param>
public sealed record MessageCorrelationResult(MessageCorrelationOutcome Outcome, string? InstanceId, string? BufferedMessageId);
