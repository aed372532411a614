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
    HistoryHead HistoryHead)
{
    private string? _stateJson = StateJson;
    private HistoryHead _historyHead = HistoryHead;

    /// <summary>The last link of its history chain.</summary>
    public HistoryHead HistoryHead
    {
        get => HeadHistory is { } history ? history.HeadAt(HeadCount) : _historyHead;
        init
        {
            _historyHead = value;
            HeadHistory = null;
        }
    }

    /// <summary>
    /// The in-memory store's history of the instance, whose first <see cref="HeadCount"/> events were the whole chain
    /// when this record was committed: the head is read from there (the hash's text is written on read, not kept).
    /// </summary>
    internal InMemory.StoredHistory? HeadHistory { get; init; }

    /// <summary>The number of events of <see cref="HeadHistory"/> this record's head is the last of.</summary>
    internal int HeadCount { get; init; }

    /// <summary>The interpreter's state, as JSON text exactly as last committed.</summary>
    /// <remarks>Setting it (<c>record with { StateJson = ... }</c>, as a store decorator might) replaces whatever the
    /// record held: the runtime then reads that text, not an object kept beside it.</remarks>
    public string StateJson
    {
        get => _stateJson ?? (Live is { } live ? live.Json : StateUtf8!.Value.Decode());
        init
        {
            _stateJson = value;
            Live = null;
            StateUtf8 = null;
        }
    }

    /// <summary>
    /// The committed state as the runtime's object, kept by a store in the same process instead of its text (which is
    /// then written on first read); <see langword="null"/> when the store keeps text.
    /// </summary>
    internal LiveState? Live { get; init; }

    /// <summary>
    /// The committed state's text as UTF-8 kept by the in-memory store for an ended instance (decoded on each read,
    /// never cached here); <see langword="null"/> otherwise.
    /// </summary>
    internal InMemory.Utf8Slice? StateUtf8 { get; init; }

    /// <summary>Equal when every public field is equal (a state kept as an object is compared by its text).</summary>
    public bool Equals(InstanceRecord? other) =>
        other is not null && InstanceId == other.InstanceId && ProcessKey == other.ProcessKey && ProcessVersion == other.ProcessVersion
        && BundleHash == other.BundleHash && Status == other.Status && StateJson == other.StateJson && Version == other.Version
        && CreatedAt == other.CreatedAt && UpdatedAt == other.UpdatedAt && HistoryHead == other.HistoryHead;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(InstanceId, ProcessKey, ProcessVersion, BundleHash, Status, Version, HistoryHead);
}
