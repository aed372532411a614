using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.History;

/// <summary>Extends a history chain: numbers drafts after the head and links each to its predecessor's hash.</summary>
public static class HistoryChain
{
    /// <summary>Turns drafts into chained events following <paramref name="head"/>.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="head">The chain's current head.</param>
    /// <param name="drafts">The events to append, in order.</param>
    /// <param name="newHead">The head after the last appended event (unchanged when there are no drafts).</param>
    /// <returns>The chained events.</returns>
    public static IReadOnlyList<HistoryEvent> Extend(
        TenantId tenant, string instanceId, HistoryHead head, IReadOnlyList<HistoryEventDraft> drafts, out HistoryHead newHead)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0)
        {
            newHead = head;
            return [];
        }

        var events = new HistoryEvent[drafts.Count];
        var sequence = head.Sequence;
        var previous = head.Hash;
        for (var i = 0; i < drafts.Count; i++)
        {
            var d = drafts[i];
            sequence++;
            var hash = HistoryHash.Compute(tenant, instanceId, sequence, d.Type, d.Timestamp, d.Actor, d.ArtifactHashes, d.PayloadJson, previous);
            events[i] = new HistoryEvent(tenant, instanceId, sequence, d.Type, d.Timestamp, d.Actor, d.ArtifactHashes, d.PayloadJson, previous, hash);
            previous = hash;
        }

        newHead = new HistoryHead(sequence, previous);
        return events;
    }
}
