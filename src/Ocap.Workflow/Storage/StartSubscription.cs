namespace Ocap.Workflow.Storage;

/// <summary>What kind of thrown event a process-level start event catches.</summary>
public enum StartEventKind
{
    /// <summary>A message start event: a correlated message starts an instance.</summary>
    Message,

    /// <summary>A signal start event: a broadcast signal starts an instance.</summary>
    Signal,
}

/// <summary>A message or signal start event of a process version, stored when the version is deployed.</summary>
/// <param name="Kind">Message or signal.</param>
/// <param name="Name">The message or signal name.</param>
/// <param name="ElementId">The start event's element id.</param>
public sealed record StartSubscription(StartEventKind Kind, string Name, string ElementId)
{
    internal void Validate()
    {
        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown start event kind.");
        }

        ArgumentException.ThrowIfNullOrEmpty(Name, nameof(Name));
        StoreIds.EnsureValid(ElementId, nameof(ElementId));
    }
}

/// <summary>A stored start subscription with the process version it starts.</summary>
/// <param name="ProcessKey">The process key.</param>
/// <param name="ProcessVersion">The version (always the key's latest: a new version replaces the subscriptions).</param>
/// <param name="Subscription">The start event.</param>
public sealed record StartSubscriptionRecord(string ProcessKey, int ProcessVersion, StartSubscription Subscription);
