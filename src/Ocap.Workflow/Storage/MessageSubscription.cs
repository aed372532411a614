namespace Ocap.Workflow.Storage;

/// <summary>An instance waiting for a message, written in the commit that reached the waiting element.</summary>
/// <param name="SubscriptionId">The subscription id, unique within the tenant.</param>
/// <param name="MessageName">The message name.</param>
/// <param name="CorrelationKey">The correlation key the message must carry (may be empty, never null).</param>
/// <param name="ElementId">The waiting BPMN element.</param>
public sealed record MessageSubscription(string SubscriptionId, string MessageName, string CorrelationKey, string ElementId)
{
    internal void Validate()
    {
        StoreIds.EnsureValid(SubscriptionId, nameof(SubscriptionId));
        ArgumentException.ThrowIfNullOrEmpty(MessageName, nameof(MessageName));
        ArgumentNullException.ThrowIfNull(CorrelationKey, nameof(CorrelationKey));
        ArgumentException.ThrowIfNullOrEmpty(ElementId, nameof(ElementId));
    }
}

/// <summary>A stored subscription as read back, with the instance it belongs to.</summary>
/// <param name="InstanceId">The waiting instance.</param>
/// <param name="Subscription">The subscription.</param>
public sealed record MessageSubscriptionRecord(string InstanceId, MessageSubscription Subscription);
