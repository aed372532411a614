using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.History;

/// <summary>
/// One stored event of an instance's append-only history, with the hash chain that makes tampering evident:
/// <see cref="PreviousHash"/> is the <see cref="Hash"/> of the event before it (or <see cref="HistoryHash.Genesis"/>
/// for the first), and <see cref="Hash"/> is the SHA-256 of <see cref="HistoryHash.CanonicalBytes"/> of this event.
/// </summary>
/// <remarks>
/// Events read back from a store are returned exactly as stored, even when a row was edited by hand, so that
/// <see cref="HistoryVerifier"/> can report what no longer matches.
/// </remarks>
/// <param name="Tenant">The tenant the instance belongs to.</param>
/// <param name="InstanceId">The instance the event belongs to.</param>
/// <param name="Sequence">1 for the first event of the instance, then consecutive.</param>
/// <param name="Type">What happened.</param>
/// <param name="Timestamp">When it happened (UTC, to the tick).</param>
/// <param name="Actor">Who did it.</param>
/// <param name="ArtifactHashes">The artifact hashes in force.</param>
/// <param name="PayloadJson">The event's details as JSON text, exactly as appended.</param>
/// <param name="PreviousHash">The hash of the preceding event, or <see cref="HistoryHash.Genesis"/>.</param>
/// <param name="Hash">The hash of this event.</param>
public sealed record HistoryEvent(
    TenantId Tenant,
    string InstanceId,
    long Sequence,
    string Type,
    DateTimeOffset Timestamp,
    string Actor,
    IReadOnlyList<string> ArtifactHashes,
    string PayloadJson,
    string PreviousHash,
    string Hash);
