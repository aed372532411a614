using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.History;

/// <summary>
/// Recomputes history hash chains. An edited event no longer matches its hash; a deleted, inserted or moved
/// event breaks the link from its successor (and the sequence); events cut off the end no longer reach the head
/// recorded with the instance.
/// </summary>
/// <remarks>
/// The chain proves that the history is the one the store appended, as long as the recorded head is trusted.
/// Someone able to rewrite every row, recompute every hash and the head can forge a consistent chain; to detect
/// that too, copy heads somewhere the store's writers cannot reach (an audit log, a signed report).
/// </remarks>
public static class HistoryVerifier
{
    /// <summary>Checks every link of one instance's chain and reports each that does not hold.</summary>
    /// <param name="tenant">The tenant the chain must belong to.</param>
    /// <param name="instanceId">The instance the chain must belong to.</param>
    /// <param name="events">The events as stored, in sequence order.</param>
    /// <param name="head">The head recorded with the instance, or <see langword="null"/> to skip that check.</param>
    public static HistoryVerification Verify(TenantId tenant, string instanceId, IReadOnlyList<HistoryEvent> events, HistoryHead? head)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(events);
        var broken = new List<BrokenHistoryLink>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var position = i + 1L;
            if (e.Tenant != tenant || !string.Equals(e.InstanceId, instanceId, StringComparison.Ordinal))
            {
                broken.Add(new BrokenHistoryLink(position, e.Sequence, BrokenLinkKind.WrongOwner,
                    $"event belongs to tenant '{e.Tenant}' instance '{e.InstanceId}', not tenant '{tenant}' instance '{instanceId}'."));
            }

            var expectedSequence = i == 0 ? 1 : events[i - 1].Sequence + 1;
            if (e.Sequence != expectedSequence)
            {
                broken.Add(new BrokenHistoryLink(position, e.Sequence, BrokenLinkKind.SequenceMismatch,
                    $"sequence {e.Sequence} where {expectedSequence} was expected."));
            }

            var expectedPrevious = i == 0 ? HistoryHash.Genesis : events[i - 1].Hash;
            if (!string.Equals(e.PreviousHash, expectedPrevious, StringComparison.Ordinal))
            {
                broken.Add(new BrokenHistoryLink(position, e.Sequence, BrokenLinkKind.PreviousHashMismatch,
                    $"previous hash {e.PreviousHash} does not match the preceding event's hash {expectedPrevious}."));
            }

            var computed = HistoryHash.Compute(e);
            if (!string.Equals(e.Hash, computed, StringComparison.Ordinal))
            {
                broken.Add(new BrokenHistoryLink(position, e.Sequence, BrokenLinkKind.HashMismatch,
                    $"stored hash {e.Hash} but the stored fields hash to {computed}."));
            }
        }

        if (head is { } h)
        {
            var actual = events.Count == 0 ? HistoryHead.Empty : new HistoryHead(events[^1].Sequence, events[^1].Hash);
            if (actual.Sequence != h.Sequence || !string.Equals(actual.Hash, h.Hash, StringComparison.Ordinal))
            {
                broken.Add(new BrokenHistoryLink(events.Count, h.Sequence, BrokenLinkKind.HeadMismatch,
                    $"the instance records head {h.Sequence}:{h.Hash} but the chain ends at {actual.Sequence}:{actual.Hash}."));
            }
        }

        return new HistoryVerification(events.Count, broken);
    }

    /// <summary>Reads one instance's history and recorded head from a store and verifies the chain.</summary>
    /// <param name="store">The store.</param>
    /// <param name="tenant">The tenant.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="InstanceNotFoundException">The tenant has no such instance.</exception>
    public static async Task<HistoryVerification> VerifyAsync(IWorkflowStore store, TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var history = await store.ReadHistoryAsync(tenant, instanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new InstanceNotFoundException(tenant, instanceId);
        return Verify(tenant, instanceId, history.Events, history.Head);
    }
}
