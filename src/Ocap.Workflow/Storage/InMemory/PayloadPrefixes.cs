namespace Ocap.Workflow.Storage.InMemory;

/// <summary>
/// One tenant's bases for history payloads kept as a shared prefix plus their own other bytes. Payloads of one event
/// type mostly begin alike (<c>{"command":"task-completed","taskId":"</c>, an instance-started payload's process key
/// and version, a decision's inputs when the data repeat); each payload's own bytes (those around its shared run, see
/// <see cref="History.HistoryEventDraft.SharedPayload"/>) are kept as the longest prefix they share with one of a
/// few bases of their type — copies of earlier payloads' first bytes — plus the rest, so every instance does not keep
/// and touch those bytes again. A prefix shorter than <see cref="MinShared"/> bytes is not shared. Bounded: at most
/// <see cref="MaxTypes"/> types, <see cref="BasesPerType"/> bases each of at most <see cref="BaseBytes"/> bytes.
/// Callers serialize access (the store's lock).
/// </summary>
internal sealed class PayloadPrefixes
{
    /// <summary>The shortest prefix worth naming (a record spends two or three bytes on it).</summary>
    public const int MinShared = 16;

    private const int MaxTypes = 64;
    private const int BasesPerType = 4;
    private const int BaseBytes = 256;

    private readonly Dictionary<string, List<byte[]>> _byType = new(StringComparer.Ordinal);

    // The last types asked for, by reference: the engine's types are the same string objects every time.
    private readonly (string? Type, List<byte[]>? Bases)[] _recent = new (string?, List<byte[]>?)[4];
    private int _nextRecent;

    /// <summary>
    /// The base and the length of the prefix <paramref name="own"/> shares with it (at least <see cref="MinShared"/>),
    /// or <see langword="null"/> and 0; a payload of a type with room for another base and no long enough prefix
    /// becomes a base itself (its first bytes are copied).
    /// </summary>
    public (byte[]? Base, int Length) Find(string type, ReadOnlySpan<byte> own)
    {
        if (own.Length < MinShared || Bases(type) is not { } bases)
        {
            return (null, 0);
        }

        return Match(bases, own, MinShared, BasesPerType, BaseBytes);
    }

    /// <summary>
    /// The base among <paramref name="bases"/> with which <paramref name="bytes"/> share the longest prefix, and its
    /// length, when it is at least <paramref name="minShared"/> (else <see langword="null"/> and 0); when none is and there
    /// is room for another base, the first <paramref name="baseBytes"/> bytes (if at least <paramref name="minShared"/>)
    /// become one and are the prefix. Payloads here and ended states (<see cref="EndedInstances"/>) are kept this way.
    /// </summary>
    internal static (byte[]? Base, int Length) Match(List<byte[]> bases, ReadOnlySpan<byte> bytes, int minShared, int maxBases, int baseBytes)
    {
        byte[]? best = null;
        var length = 0;
        for (var i = 0; i < bases.Count; i++)
        {
            var candidate = bases[i];
            var shared = bytes.CommonPrefixLength(candidate);
            if (shared > length)
            {
                (best, length) = (candidate, shared);
            }
        }

        if (length < minShared && bytes.Length >= minShared && bases.Count < maxBases)
        {
            best = bytes[..Math.Min(bytes.Length, baseBytes)].ToArray();
            bases.Add(best);
            length = best.Length;
        }

        return length < minShared ? (null, 0) : (best, length);
    }

    private List<byte[]>? Bases(string type)
    {
        var recent = _recent;
        for (var i = 0; i < recent.Length; i++)
        {
            if (ReferenceEquals(recent[i].Type, type))
            {
                return recent[i].Bases;
            }
        }

        if (!_byType.TryGetValue(type, out var bases))
        {
            if (_byType.Count >= MaxTypes)
            {
                return null;
            }

            bases = [];
            _byType.Add(type, bases);
        }

        recent[_nextRecent] = (type, bases);
        _nextRecent = (_nextRecent + 1) % recent.Length;
        return bases;
    }
}
