using Ocap.Workflow.History;

namespace Ocap.Workflow.Storage;

/// <summary>A stored instance: where it came from, its opaque state and its version.</summary>
/// <param name="InstanceId">The instance id, unique within the tenant.</param>
/// <param name="ProcessKey">The process it runs.</param>
/// <param name="ProcessVersion">The process version it runs; running instances keep theirs.</param>
/// <param name="BundleHash">The deployment bundle of that version.</param>
/// <param name="Status">Where the instance is in its life.</param>
/// <param name="StateJson">The interpreter's state, as JSON text exactly as last committed.</param>
/// <param name="Version">1 after the commit that created it, then one more per commit.</param>
/// <param name="CreatedAt">When it was created (store clock).</param>
/// <param name="UpdatedAt">When it was last committed (store clock).</param>
/// <param name="HistoryHead">The last link of its history chain.</param>
public sealed record InstanceRecord(
    string InstanceId,
    string ProcessKey,
    int ProcessVersion,
    string BundleHash,
    InstanceStatus Status,
    string StateJson,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    HistoryHead HistoryHead);
