using System.Collections;
using System.Runtime.CompilerServices;
using Ocap.Workflow.History;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Storage.InMemory;

/// <summary>
/// One instance's history as the in-memory store keeps it: per event only what is not implied by its position — type,
/// time, actor, artifact hashes, the UTF-8 payload (in the store's <see cref="ByteArena"/>) and the raw 32-byte
/// hash — in one growing array of structs. The
/// tenant, instance id and sequence number come from where the event sits; an event's previous hash is the hash of the
/// event before it. A completed approval instance so keeps about one object per event (its payload bytes) instead of
/// a record, two hash strings and a UTF-16 payload each, which is what the garbage collector pays for in a store that
/// never forgets. <see cref="HistoryEvent"/> objects are built only when someone reads them.
/// </summary>
internal sealed class StoredHistory : IHistoryHeadSource
{
    private StoredEvent[] _events = [];

    /// <summary>The number of events.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Chains <paramref name="drafts"/> after the current last event (the caller has checked that the instance's head
    /// is this history's end) and returns a view of the appended events; the new head is <see cref="HeadAt"/> of the
    /// new <see cref="Count"/> (its text is written only when someone reads it).
    /// </summary>
    public IReadOnlyList<HistoryEvent> Append(
        TenantId tenant, string instanceId, IReadOnlyList<HistoryEventDraft> drafts, ByteArena arena, HistoryHash.Hasher hasher, PayloadPrefixes prefixes)
    {
        var start = Count;
        if (drafts.Count == 0)
        {
            return [];
        }

        if (start + drafts.Count > _events.Length)
        {
            // Exact for an instance's first commit and small histories; doubling past that keeps appends amortised O(1).
            var grown = new StoredEvent[Math.Max(start + drafts.Count, start >= 4 ? _events.Length * 2 : 0)];
            _events.AsSpan(0, start).CopyTo(grown);

            // Published after the copy: a record read outside the store's lock (HeadAt) sees either array, complete.
            Volatile.Write(ref _events, grown);
        }

        Chain(tenant, instanceId, drafts, arena, hasher, prefixes, _events, start);
        Count = start + drafts.Count;
        return new EventView(tenant, instanceId, _events, start, drafts.Count);
    }

    /// <summary>
    /// Chains <paramref name="drafts"/> after the first <paramref name="start"/> events of <paramref name="events"/>,
    /// writing them there (hash computed by the store's <paramref name="hasher"/>, payload kept in the arena after the
    /// prefix it shares with a base of its type, if any).
    /// </summary>
    public static void Chain(
        TenantId tenant, string instanceId, IReadOnlyList<HistoryEventDraft> drafts, ByteArena arena, HistoryHash.Hasher hasher, PayloadPrefixes prefixes, Span<StoredEvent> events, int start)
    {
        Sha256Bytes previous = start == 0 ? default : events[start - 1].Hash;
        for (var i = 0; i < drafts.Count; i++)
        {
            var d = drafts[i];
            Sha256Bytes hash = default;

            // The payload hashed in its pieces, never put together (without a shared run: all of it, after nothing).
            var own = d.OwnPayload;
            var at = d.SharedPayloadAt;
            hasher.Compute(tenant, instanceId, start + i + 1, d.Type, d.Timestamp, d.Actor, d.ArtifactHashes, own[..at], d.SharedPayload, own[at..], previous, hash);

            events[start + i] = new StoredEvent(d.Type, d.Timestamp.UtcTicks, d.Actor, d.ArtifactHashes, StoredPayload.Keep(d, arena, prefixes), hash);
            previous = hash;
        }
    }

    /// <summary>Every event, as <see cref="HistoryEvent"/> objects.</summary>
    public HistoryEvent[] ToEvents(TenantId tenant, string instanceId) => EventView.Build(tenant, instanceId, _events, 0, Count);

    /// <summary>The stored events, oldest first.</summary>
    public ReadOnlySpan<StoredEvent> Events => _events.AsSpan(0, Count);

    /// <summary>A history holding <paramref name="events"/> (read back from an ended instance's record).</summary>
    public static StoredHistory FromEvents(StoredEvent[] events) => new() { _events = events, Count = events.Length };

    /// <summary><paramref name="events"/> as <see cref="HistoryEvent"/> objects.</summary>
    public static HistoryEvent[] Build(TenantId tenant, string instanceId, StoredEvent[] events) => EventView.Build(tenant, instanceId, events, 0, events.Length);

    /// <summary>The <paramref name="count"/> events of <paramref name="events"/> from <paramref name="start"/> on, as <see cref="HistoryEvent"/> objects.</summary>
    public static HistoryEvent[] Build(TenantId tenant, string instanceId, StoredEvent[] events, int start, int count) => EventView.Build(tenant, instanceId, events, start, count);

    /// <summary>
    /// The head of the chain when it had its first <paramref name="count"/> events (they never change, and a grown
    /// array holds copies of them), so a record keeps a count instead of the hash's text.
    /// </summary>
    public HistoryHead HeadAt(int count)
    {
        if (count == 0)
        {
            return HistoryHead.Empty;
        }

        var last = Volatile.Read(ref _events)[count - 1].Hash;
        return new HistoryHead(count, HistoryHash.ToHex(last));
    }

    /// <summary>A SHA-256 hash as raw bytes, inline in its event.</summary>
    [InlineArray(32)]
    internal struct Sha256Bytes
    {
        private byte _first;
    }

    /// <summary>
    /// An event's payload as kept: its own bytes — the prefix they share with a base of their type
    /// (<see cref="PayloadPrefixes"/>), if any, then the rest in the arena — and, when the draft named a shared run of
    /// bytes, a reference to that run and where it goes among the own bytes (<see cref="HistoryEventDraft.SharedPayload"/>).
    /// </summary>
    internal readonly struct StoredPayload(Utf8Slice own, byte[]? shared, int sharedAt, byte[]? prefix, int prefixLength)
    {
        /// <summary>The own bytes after the shared prefix.</summary>
        public Utf8Slice Own { get; } = own;

        public byte[]? Shared { get; } = shared;

        /// <summary>Where the shared run goes among the own bytes (prefix included).</summary>
        public int SharedAt { get; } = sharedAt;

        /// <summary>The base whose first <see cref="PrefixLength"/> bytes begin the own bytes, or <see langword="null"/>.</summary>
        public byte[]? Prefix { get; } = prefix;

        public int PrefixLength { get; } = prefixLength;

        public static StoredPayload Keep(HistoryEventDraft draft, ByteArena arena, PayloadPrefixes prefixes)
        {
            var own = draft.OwnPayload;
            var (prefix, length) = prefixes.Find(draft.Type, own);
            return new StoredPayload(arena.Append(own[length..]), draft.SharedPayload, draft.SharedPayloadAt, prefix, length);
        }

        /// <summary>The whole payload as text.</summary>
        public string Decode()
        {
            if (Shared is null && Prefix is null)
            {
                return Own.Decode();
            }

            var own = Own.Span;
            if (Prefix is { } prefix)
            {
                byte[] joined = [.. prefix.AsSpan(0, PrefixLength), .. own];
                own = joined;
            }

            if (Shared is not { } shared)
            {
                return System.Text.Encoding.UTF8.GetString(own);
            }

            var whole = new byte[own.Length + shared.Length];
            own[..SharedAt].CopyTo(whole);
            shared.CopyTo(whole.AsSpan(SharedAt));
            own[SharedAt..].CopyTo(whole.AsSpan(SharedAt + shared.Length));
            return System.Text.Encoding.UTF8.GetString(whole);
        }
    }

    internal readonly struct StoredEvent(string type, long utcTicks, string actor, IReadOnlyList<string> artifactHashes, StoredPayload payload, Sha256Bytes hash)
    {
        public string Type { get; } = type;

        public long UtcTicks { get; } = utcTicks;

        public string Actor { get; } = actor;

        public IReadOnlyList<string> ArtifactHashes { get; } = artifactHashes;

        public StoredPayload Payload { get; } = payload;

        public Sha256Bytes Hash { get; } = hash;

        /// <summary>Copies the raw hash into <paramref name="destination"/>.</summary>
        public void CopyHashTo(Span<byte> destination)
        {
            var copy = Hash;
            ((ReadOnlySpan<byte>)copy).CopyTo(destination);
        }
    }

    /// <summary>
    /// Events appended by one commit, built on first use. The slots it reads are never written again (later appends go
    /// after them, into this array or a larger copy), so it needs no lock.
    /// </summary>
    private sealed class EventView(TenantId tenant, string instanceId, StoredEvent[] events, int start, int count) : IReadOnlyList<HistoryEvent>
    {
        private HistoryEvent[]? _built;

        public int Count => count;

        public HistoryEvent this[int index] => Built()[index];

        public IEnumerator<HistoryEvent> GetEnumerator() => ((IEnumerable<HistoryEvent>)Built()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private HistoryEvent[] Built() => _built ??= Build(tenant, instanceId, events, start, count);

        public static HistoryEvent[] Build(TenantId tenant, string instanceId, StoredEvent[] events, int start, int count)
        {
            var built = new HistoryEvent[count];
            var before = start == 0 ? default : events[start - 1].Hash;
            var previous = start == 0 ? HistoryHash.Genesis : HistoryHash.ToHex(before);
            for (var i = 0; i < count; i++)
            {
                var e = events[start + i];
                var raw = e.Hash;
                var hash = HistoryHash.ToHex(raw);
                built[i] = new HistoryEvent(
                    tenant, instanceId, start + i + 1, e.Type, new DateTimeOffset(e.UtcTicks, TimeSpan.Zero), e.Actor, e.ArtifactHashes,
                    e.Payload.Decode(), previous, hash);
                previous = hash;
            }

            return built;
        }
    }
}

/// <summary>Where a <see cref="CommitResult"/> of the in-memory store reads its head when asked (the text is written then).</summary>
internal interface IHistoryHeadSource
{
    /// <summary>The head of the chain when it had its first <paramref name="count"/> events.</summary>
    HistoryHead HeadAt(int count);
}
