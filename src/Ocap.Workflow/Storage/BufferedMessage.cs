namespace Ocap.Workflow.Storage;

/// <summary>
/// A message no instance waited for when it was correlated, kept until <see cref="ExpiresAt"/> because its sender
/// asked for a time-to-live. The first instance that opens a matching subscription (same name and correlation key)
/// before it expires consumes it, in the commit that opened the subscription (<see cref="StoreCommit.ConsumeMessages"/>).
/// </summary>
/// <param name="MessageId">The id, unique within the tenant.</param>
/// <param name="MessageName">The message name.</param>
/// <param name="CorrelationKey">The correlation key (may be empty, never null).</param>
/// <param name="VariablesJson">The variables it carries, as a JSON object (<c>{}</c> for none).</param>
/// <param name="ExpiresAt">From this instant (store clock) it can no longer be consumed and is purged.</param>
/// <param name="Actor">Who sent it (recorded in the receiving instance's history).</param>
public sealed record BufferedMessage(string MessageId, string MessageName, string CorrelationKey, string VariablesJson, DateTimeOffset ExpiresAt, string Actor)
{
    /// <summary>Checks every field; stores call it before they keep the message.</summary>
    /// <exception cref="ArgumentException">A field is empty, too long or not JSON where JSON is required.</exception>
    public void Validate()
    {
        StoreIds.EnsureValid(MessageId, nameof(MessageId));
        ArgumentException.ThrowIfNullOrEmpty(MessageName, nameof(MessageName));
        ArgumentNullException.ThrowIfNull(CorrelationKey, nameof(CorrelationKey));
        ArgumentNullException.ThrowIfNull(Actor, nameof(Actor));
        JsonText.EnsureValid(VariablesJson, nameof(VariablesJson));
    }
}

/// <summary>A buffered message as read back.</summary>
/// <param name="Message">The message.</param>
/// <param name="BufferedAt">When the store kept it (store clock).</param>
public sealed record BufferedMessageRecord(BufferedMessage Message, DateTimeOffset BufferedAt);
