using System.Buffers.Binary;
using System.Text;
using Ocap.Workflow.History;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Storage.InMemory;

/// <summary>
/// One tenant's ended instances (completed, cancelled, terminated), kept without a managed object per instance.
/// <para>
/// An ended instance takes no more commands in the normal course, yet the in-memory store keeps it for ever, so every
/// object it kept would be marked, and while young copied, by the garbage collector for the rest of the process's
/// life. Here an ended instance is one record of bytes in the store's <see cref="ByteArena"/> — its id, its fields,
/// per history event the type, time, actor, artifact hashes, raw hash and where its payload sits in the arena — plus
/// one slot in an open-addressing table of plain integers. The record is packed (see <see cref="Writer"/>: small
/// integers in a byte or two, times as differences, the engine's hex ids as 16 bytes, a payload that follows the
/// previous one in the arena by its length alone), since every byte kept for ever is a byte of fresh memory touched. Neither the arena's chunks (arrays of bytes) nor the table
/// (an array of integer structs) hold references, so the collector never looks inside them. Strings that repeat
/// across instances (process keys, bundle hashes, event types, actors, artifact-hash lists) are kept once in
/// per-tenant tables and named by index.
/// </para>
/// <para>
/// Records, histories and events are built again when someone reads them. A commit to an ended instance (the store's
/// contract allows it though the engine never sends one) takes it back into the store's live table first; the slot
/// here then points at a stale record until the instance ends again and is written anew, and every reader looks in
/// the live table first.
/// </para>
/// Callers serialize access (the store's lock).
/// </summary>
internal sealed class EndedInstances
{
    private const int HashBytes = 32;

    private readonly ByteArena _arena;
    private readonly HistoryHash.Hasher _hasher;
    private readonly List<string> _strings = [];
    private readonly Dictionary<string, int> _stringIndex = new(StringComparer.Ordinal);
    private readonly List<string[]> _hashLists = [];
    private readonly Dictionary<string, int> _hashListIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<object, int> _hashListByReference = new(ReferenceEqualityComparer.Instance);
    private readonly List<byte[]> _sharedPayloads = [];
    private readonly Dictionary<byte[], int> _sharedIndex = new(ReferenceEqualityComparer.Instance);
    private Slot[] _slots = new Slot[16];

    // One bit per possible hash value modulo four times the table's size, set for every id in the table: most lookups
    // are for ids not here (every new instance is checked), and this bitmap — 1/24 of the table's size — usually says
    // so from the processor's cache, where the table itself would cost a miss.
    private ulong[] _present = new ulong[16 * 4 / 64];
    private int _count;

    public EndedInstances(ByteArena arena, HistoryHash.Hasher hasher) => (_arena, _hasher) = (arena, hasher);

    /// <summary>The tenant's payload prefixes (for its live histories too).</summary>
    public PayloadPrefixes Prefixes { get; } = new();

    /// <summary>The number of ended instances.</summary>
    public int Count => _count;

    /// <summary>
    /// Records an ended instance (<paramref name="record"/>, whose state is <paramref name="state"/>) and its whole
    /// history, replacing an earlier record of the same id.
    /// </summary>
    /// <param name="record">The record's fields.</param>
    /// <param name="state">The state's text as UTF-8 (copied).</param>
    /// <param name="events">The whole history.</param>
    /// <param name="mayBeHere">Whether the instance may have a record here already (it was taken back from here);
    /// <see langword="false"/> for an instance that was live all along, which saves a lookup in a table too large for
    /// the processor's caches.</param>
    /// <returns>Where the record starts in the arena.</returns>
    public (int Chunk, int Offset) Put(in Fields record, ReadOnlySpan<byte> state, ReadOnlySpan<StoredHistory.StoredEvent> events, bool mayBeHere)
    {
        var id = record.InstanceId;

        // The table's slot is found first and its line loaded now, while the record is written: in a table larger
        // than the processor's caches that load misses, and the writing below does not wait for it.
        var hash = HashOf(id);
        var index = mayBeHere ? Find(id, hash) : -1;
        if (index < 0 && (_count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        var probe = index >= 0 ? index : hash & (_slots.Length - 1);
        var probed = _slots[probe].ChunkPlusOne;
        var processKey = Intern(record.ProcessKey);
        var (stateOwn, stateBase, statePrefix) = KeepState(processKey, state);
        var room = _arena.Open(MaxHeaderBytes + (3 * id.Length) + (events.Length * MaxEventBytes), out var chunk, out var offset);
        var w = new Writer(room);
        w.Id(id);
        w.VarInt((uint)processKey);
        w.VarInt((uint)record.ProcessVersion);
        w.VarInt((uint)Intern(record.BundleHash));
        w.Byte((byte)record.Status);
        w.VarInt((ulong)record.Version);
        var ticks = record.CreatedAt.UtcTicks;
        w.Long(ticks);
        w.Delta(record.UpdatedAt.UtcTicks, ticks);
        w.VarInt((uint)events.Length);
        foreach (ref readonly var e in events)
        {
            w.VarInt((uint)Intern(e.Type));
            w.Delta(e.UtcTicks, ticks);
            ticks = e.UtcTicks;
            w.VarInt((uint)Intern(e.Actor));
            w.VarInt((uint)InternHashes(e.ArtifactHashes));
            w.Slice(e.Payload.Own);
            if (e.Payload.Shared is { } shared)
            {
                w.VarInt((uint)InternShared(shared) + 1);
                w.VarInt((uint)e.Payload.SharedAt);
            }
            else
            {
                w.Byte(0);
            }

            if (e.Payload.Prefix is { } prefix)
            {
                w.VarInt((uint)InternShared(prefix) + 1);
                w.VarInt((uint)e.Payload.PrefixLength);
            }
            else
            {
                w.Byte(0);
            }

            e.CopyHashTo(room[w.Position..]);
            w.Position += HashBytes;
        }

        // The state last: its own bytes went into the arena just after the last payloads of this commit.
        w.Slice(stateOwn);
        w.VarInt((uint)(stateBase + 1));
        if (stateBase >= 0)
        {
            w.VarInt((uint)statePrefix);
        }

        _arena.Close(chunk, w.Position);
        if (index >= 0)
        {
            _slots[index] = new Slot(hash, chunk + 1, offset);
            return (chunk, offset);
        }

        Insert(new Slot(hash, chunk + 1, offset), probe, probed);
        _count++;
        return (chunk, offset);
    }

    /// <summary>
    /// Records an instance that was live all along and ends with this commit: its earlier events
    /// (<paramref name="earlier"/>, or none for an instance created ended) and <paramref name="drafts"/>, chained
    /// here, go straight into its record, without growing the live history's array first.
    /// </summary>
    /// <returns>The commit's events and head, read from the record when asked.</returns>
    public EndedCommit End(TenantId tenant, in Fields record, ReadOnlySpan<byte> state, StoredHistory? earlier, IReadOnlyList<HistoryEventDraft> drafts, Lock gate)
    {
        var before = earlier is null ? default : earlier.Events;
        var total = before.Length + drafts.Count;
        if (_events.Length < total)
        {
            _events = new StoredHistory.StoredEvent[Math.Max(total, _events.Length * 2)];
        }

        var events = _events.AsSpan(0, total);
        before.CopyTo(events);
        StoredHistory.Chain(tenant, record.InstanceId, drafts, _arena, _hasher, Prefixes, events, before.Length);
        var (chunk, offset) = Put(record, state, events, mayBeHere: false);
        var last = total == 0 ? default : events[^1].Hash;
        events.Clear(); // the scratch keeps no strings or arrays alive
        if (_events.Length > 1024)
        {
            _events = []; // nor the room of one long history
        }

        return new EndedCommit(gate, this, tenant, record.InstanceId, chunk, offset, before.Length, drafts.Count, last);
    }

    private StoredHistory.StoredEvent[] _events = [];

    /// <summary>The events of the record at <paramref name="chunk"/> and <paramref name="offset"/> (it never changes).</summary>
    private StoredHistory.StoredEvent[] EventsAt(int chunk, int offset)
    {
        var record = ReadRecord(new Slot(0, chunk + 1, offset), out var reader);
        return ReadEvents(ref reader, record.CreatedAt.UtcTicks);
    }

    /// <summary>
    /// What a commit that ended an instance appended, read from the instance's record when first asked (under the
    /// store's lock, which guards the string tables): the engine never asks, so nothing is built for it.
    /// </summary>
    internal sealed class EndedCommit(
        Lock gate, EndedInstances ended, TenantId tenant, string instanceId, int chunk, int offset, int start, int count, StoredHistory.Sha256Bytes last)
        : IReadOnlyList<HistoryEvent>, IHistoryHeadSource
    {
        private readonly StoredHistory.Sha256Bytes _last = last;
        private HistoryEvent[]? _built;

        public int Count => count;

        public HistoryEvent this[int index] => Built()[index];

        public HistoryHead HeadAt(int count) => count == 0 ? HistoryHead.Empty : new HistoryHead(count, HistoryHash.ToHex(_last));

        public IEnumerator<HistoryEvent> GetEnumerator() => ((IEnumerable<HistoryEvent>)Built()).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private HistoryEvent[] Built()
        {
            if (_built is null)
            {
                lock (gate)
                {
                    _built = StoredHistory.Build(tenant, instanceId, ended.EventsAt(chunk, offset), start, count);
                }
            }

            return _built;
        }
    }

    /// <summary>The instance's record, or <see langword="null"/>.</summary>
    public InstanceRecord? Record(string instanceId)
    {
        var index = Find(instanceId, HashOf(instanceId));
        return index < 0 ? null : ReadRecord(_slots[index], out _);
    }

    /// <summary>The instance's record and its history as a live history (to take the instance back), or <see langword="null"/>.</summary>
    public InstanceRecord? Thaw(string instanceId, out StoredHistory history)
    {
        history = null!;
        var index = Find(instanceId, HashOf(instanceId));
        if (index < 0)
        {
            return null;
        }

        var record = ReadRecord(_slots[index], out var reader);
        history = StoredHistory.FromEvents(ReadEvents(ref reader, record.CreatedAt.UtcTicks));
        return record;
    }

    /// <summary>The instance's history as events, with the record's head, or <see langword="null"/>.</summary>
    public InstanceHistory? History(TenantId tenant, string instanceId)
    {
        var index = Find(instanceId, HashOf(instanceId));
        if (index < 0)
        {
            return null;
        }

        var record = ReadRecord(_slots[index], out var reader);
        var events = StoredHistory.Build(tenant, instanceId, ReadEvents(ref reader, record.CreatedAt.UtcTicks));
        return new InstanceHistory(record.HistoryHead, events);
    }

    /// <summary>Every record, in no particular order (the caller skips ids it holds live).</summary>
    public IEnumerable<InstanceRecord> Records()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].ChunkPlusOne != 0)
            {
                yield return ReadRecord(_slots[i], out _);
            }
        }
    }

    private InstanceRecord ReadRecord(Slot slot, out Reader reader)
    {
        var chunk = _arena.Chunk(slot.ChunkPlusOne - 1);
        reader = new Reader(chunk, slot.Offset, _arena);
        var id = reader.Id();
        var processKey = _strings[(int)reader.VarInt()];
        var processVersion = (int)reader.VarInt();
        var bundleHash = _strings[(int)reader.VarInt()];
        var status = (InstanceStatus)reader.Byte();
        var version = (long)reader.VarInt();
        var createdTicks = reader.Long();
        var created = new DateTimeOffset(createdTicks, TimeSpan.Zero);
        var updated = new DateTimeOffset(reader.Delta(createdTicks), TimeSpan.Zero);
        var eventsAt = reader;
        var count = (int)reader.VarInt();
        var head = HistoryHead.Empty;
        for (var i = 0; i < count; i++)
        {
            // The head is the last event's hash; the state comes after the events.
            reader.SkipEventFields();
            if (i == count - 1)
            {
                head = new HistoryHead(count, Convert.ToHexStringLower(chunk.AsSpan(reader.Position, HashBytes)));
            }

            reader.Position += HashBytes;
        }

        var state = reader.Slice();
        var stateBase = (int)reader.VarInt() - 1;
        if (stateBase >= 0)
        {
            // A state that began as an earlier one of its process did is put together again (reads of ended
            // instances are rare; the record keeps one run of bytes).
            var prefix = (int)reader.VarInt();
            var whole = new byte[prefix + state.Length];
            _sharedPayloads[stateBase].AsSpan(0, prefix).CopyTo(whole);
            state.Span.CopyTo(whole.AsSpan(prefix));
            state = new Utf8Slice(whole, 0, whole.Length, -1);
        }

        reader = eventsAt;
        return new InstanceRecord(id, processKey, processVersion, bundleHash, status, null!, version, created, updated, head)
        {
            StateUtf8 = state,
        };
    }

    // The most bytes a record's fields before its events, and one event, can take (the id's bytes come on top).
    private const int MaxHeaderBytes = 1 + 5 + (5 * 3) + 1 + 10 + 8 + 10 + 5 + (5 * 3) + 5 + 5;
    private const int MaxEventBytes = 5 + 10 + 5 + 5 + (5 * 3) + 5 + 5 + 5 + 5 + HashBytes;

    private StoredHistory.StoredEvent[] ReadEvents(ref Reader reader, long createdTicks)
    {
        var count = (int)reader.VarInt();
        var events = new StoredHistory.StoredEvent[count];
        var ticks = createdTicks;
        for (var i = 0; i < count; i++)
        {
            var type = _strings[(int)reader.VarInt()];
            ticks = reader.Delta(ticks);
            var actor = _strings[(int)reader.VarInt()];
            var hashes = _hashLists[(int)reader.VarInt()];
            var own = reader.Slice();
            var shared = (int)reader.VarInt();
            var (sharedRun, sharedAt) = shared == 0 ? (null, 0) : (_sharedPayloads[shared - 1], (int)reader.VarInt());
            var prefix = (int)reader.VarInt();
            var payload = prefix == 0
                ? new StoredHistory.StoredPayload(own, sharedRun, sharedAt, null, 0)
                : new StoredHistory.StoredPayload(own, sharedRun, sharedAt, _sharedPayloads[prefix - 1], (int)reader.VarInt());
            StoredHistory.Sha256Bytes hash = default;
            reader.Array.AsSpan(reader.Position, HashBytes).CopyTo((Span<byte>)hash);
            reader.Position += HashBytes;
            events[i] = new StoredHistory.StoredEvent(type, ticks, actor, hashes, payload, hash);
        }

        return events;
    }

    // States of ended instances of one process mostly begin alike (its id, status, counters, the variable names):
    // each is kept as the longest prefix it shares with one of a few bases of its process (bounded copies of earlier
    // states' first bytes, kept once) plus its own other bytes.
    private const int MinSharedState = 32;
    private const int StateBaseBytes = 1024;
    private const int StateBasesPerProcess = 4;
    private readonly List<List<byte[]>?> _stateBases = [];

    /// <summary>Puts the state's bytes after its longest prefix shared with a base into the arena: the slice, the base's index (or -1) and the prefix's length.</summary>
    private (Utf8Slice Own, int Base, int Prefix) KeepState(int processKey, ReadOnlySpan<byte> state)
    {
        while (_stateBases.Count <= processKey)
        {
            _stateBases.Add(null);
        }

        var (best, prefix) = PayloadPrefixes.Match(_stateBases[processKey] ??= [], state, MinSharedState, StateBasesPerProcess, StateBaseBytes);
        return best is null ? (_arena.Append(state), -1, 0) : (_arena.Append(state[prefix..]), InternShared(best), prefix);
    }

    private int Intern(string text)
    {
        // Most texts are the very same string objects instance after instance (literals, a definition's fields): the
        // last few, compared by reference, answer them without hashing their characters.
        var recent = _recent;
        for (var i = 0; i < recent.Length; i++)
        {
            if (ReferenceEquals(recent[i].Text, text))
            {
                return recent[i].Index;
            }
        }

        if (!_stringIndex.TryGetValue(text, out var index))
        {
            index = _strings.Count;
            _strings.Add(text);
            _stringIndex.Add(text, index);
        }

        recent[_nextRecent] = (text, index);
        _nextRecent = (_nextRecent + 1) & (RecentSlots - 1);
        return index;
    }

    // The hash list of the last event written: the next event's is usually the very same object.
    private (object? List, int Index) _lastHashes;

    private const int RecentSlots = 8;
    private readonly (string? Text, int Index)[] _recent = new (string?, int)[RecentSlots];
    private int _nextRecent;

    // The last shared runs and payload bases named (a commit's events alternate between a few).
    private readonly (byte[]? Run, int Index)[] _recentShared = new (byte[]?, int)[RecentSlots];
    private int _nextShared;

    private int InternShared(byte[] shared)
    {
        var recent = _recentShared;
        for (var i = 0; i < recent.Length; i++)
        {
            if (ReferenceEquals(recent[i].Run, shared))
            {
                return recent[i].Index;
            }
        }

        // Shared payload runs and bases come from bounded per-process and per-type tables, so this grows with
        // deployments and event types, not instances.
        if (!_sharedIndex.TryGetValue(shared, out var index))
        {
            index = _sharedPayloads.Count;
            _sharedPayloads.Add(shared);
            _sharedIndex.Add(shared, index);
        }

        recent[_nextShared] = (shared, index);
        _nextShared = (_nextShared + 1) & (RecentSlots - 1);
        return index;
    }

    private int InternHashes(IReadOnlyList<string> hashes)
    {
        // The engine shares one array among all the events of a process and form: found by reference, without
        // hashing its texts. Other lists are found by content and copied once.
        if (ReferenceEquals(hashes, _lastHashes.List))
        {
            return _lastHashes.Index;
        }

        if (_hashListByReference.TryGetValue(hashes, out var index))
        {
            _lastHashes = (hashes, index);
            return index;
        }

        var key = string.Join('\n', hashes);
        if (!_hashListIndex.TryGetValue(key, out index))
        {
            index = _hashLists.Count;
            _hashLists.Add([.. hashes]);
            _hashListIndex.Add(key, index);
        }

        if (_hashListByReference.Count >= 1024)
        {
            _hashListByReference.Clear(); // a caller building a new list per event must not grow this for ever
        }

        _hashListByReference[hashes] = index;
        _lastHashes = (hashes, index);
        return index;
    }

    private static int HashOf(string id) => string.GetHashCode(id, StringComparison.Ordinal) & int.MaxValue;

    private int Find(string id, int hash)
    {
        var bit = (uint)hash & (uint)((_present.Length * 64) - 1);
        if ((_present[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
        {
            return -1;
        }

        var mask = _slots.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var slot = _slots[i];
            if (slot.ChunkPlusOne == 0)
            {
                return -1;
            }

            if (slot.Hash == hash && IdEquals(slot, id))
            {
                return i;
            }
        }
    }

    private bool IdEquals(Slot slot, string id)
    {
        var chunk = _arena.Chunk(slot.ChunkPlusOne - 1);
        return new Reader(chunk, slot.Offset, _arena).IdEquals(id);
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        _present = new ulong[_slots.Length * 4 / 64];
        foreach (var slot in old)
        {
            if (slot.ChunkPlusOne != 0)
            {
                Insert(slot);
            }
        }
    }

    private void Insert(Slot slot) => Insert(slot, slot.Hash & (_slots.Length - 1), _slots[slot.Hash & (_slots.Length - 1)].ChunkPlusOne);

    /// <summary>Inserts <paramref name="slot"/>, probing from its home <paramref name="home"/>, whose chunk field was <paramref name="homeChunk"/>.</summary>
    private void Insert(Slot slot, int home, int homeChunk)
    {
        var mask = _slots.Length - 1;
        var i = home;
        if (homeChunk != 0)
        {
            do
            {
                i = (i + 1) & mask;
            }
            while (_slots[i].ChunkPlusOne != 0);
        }

        _slots[i] = slot;
        var bit = (uint)slot.Hash & (uint)((_present.Length * 64) - 1);
        _present[bit >> 6] |= 1UL << (int)(bit & 63);
    }

    /// <summary>The fields of an ended instance's record (those of <see cref="InstanceRecord"/> but its state and head).</summary>
    internal readonly record struct Fields(
        string InstanceId, string ProcessKey, int ProcessVersion, string BundleHash, InstanceStatus Status, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    /// <summary>A table slot: the id's hash and where its record starts; an empty slot has chunk 0.</summary>
    private readonly record struct Slot(int Hash, int ChunkPlusOne, int Offset);

    /// <summary>An id of 32 lowercase hex digits (as the engine makes them), kept as its 16 bytes.</summary>
    private static class HexId
    {
        public const int Bytes = 16;

        /// <summary>Writes the id's bytes when it is 32 lowercase hex digits (else returns false, <paramref name="destination"/> scribbled on).</summary>
        public static bool TryWrite(string id, Span<byte> destination) =>
            id.Length == Bytes * 2
            && !id.AsSpan().ContainsAnyInRange('A', 'F') // the decoder takes either case; a stored id is lowercase
            && Convert.FromHexString(id, destination[..Bytes], out _, out _) == System.Buffers.OperationStatus.Done;

        public static string Read(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
    }

    /// <summary>
    /// Writes a record: integers as unsigned LEB128 (seven bits a byte), times as the zig-zagged difference from the
    /// time before, an id of 32 lowercase hex digits (the engine's) as its 16 bytes, other ids as UTF-8, and a slice
    /// of the arena by its length plus either where it starts or that it starts where the previous slice (or the
    /// state's) ends, as a commit's payloads do.
    /// </summary>
    private ref struct Writer(Span<byte> room)
    {
        private readonly Span<byte> _buffer = room;
        public int Position;
        private int _chunk = -1;
        private int _end;

        public void Id(string id)
        {
            if (HexId.TryWrite(id, _buffer.Slice(Position + 1, HexId.Bytes)))
            {
                _buffer[Position] = 1;
                Position += 1 + HexId.Bytes;
                return;
            }

            _buffer[Position++] = 0;
            VarInt((uint)Encoding.UTF8.GetByteCount(id));
            Position += Encoding.UTF8.GetBytes(id, _buffer[Position..]);
        }

        public void VarInt(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer[Position++] = (byte)(value | 0x80);
                value >>= 7;
            }

            _buffer[Position++] = (byte)value;
        }

        public void Long(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_buffer[Position..], value);
            Position += 8;
        }

        /// <summary>Writes <paramref name="value"/> as its zig-zagged difference from <paramref name="before"/>.</summary>
        public void Delta(long value, long before)
        {
            var delta = unchecked(value - before);
            VarInt(unchecked((ulong)((delta << 1) ^ (delta >> 63))));
        }

        public void Byte(byte value) => _buffer[Position++] = value;

        /// <summary>A slice of the arena: its length, and where it starts unless right where the slice before it ended.</summary>
        public void Slice(Utf8Slice slice)
        {
            var length = (ulong)(uint)slice.Length << 1;
            if (slice.Chunk == _chunk && slice.Offset == _end)
            {
                VarInt(length | 1);
            }
            else
            {
                VarInt(length);
                VarInt((uint)slice.Chunk);
                VarInt((uint)slice.Offset);
            }

            (_chunk, _end) = (slice.Chunk, slice.Offset + slice.Length);
        }
    }

    /// <summary>Reads what <see cref="Writer"/> wrote, in the same order.</summary>
    private ref struct Reader(byte[] array, int position, ByteArena arena)
    {
        public readonly byte[] Array = array;
        public int Position = position;
        private int _chunk = -1;
        private int _end;

        public string Id()
        {
            if (Array[Position++] == 1)
            {
                var id = HexId.Read(Array.AsSpan(Position, HexId.Bytes));
                Position += HexId.Bytes;
                return id;
            }

            var length = (int)VarInt();
            var text = Encoding.UTF8.GetString(Array, Position, length);
            Position += length;
            return text;
        }

        /// <summary>Whether the record's id is <paramref name="id"/>, without building the stored id's string.</summary>
        public bool IdEquals(string id)
        {
            if (Array[Position++] == 1)
            {
                Span<byte> bytes = stackalloc byte[HexId.Bytes];
                return HexId.TryWrite(id, bytes) && bytes.SequenceEqual(Array.AsSpan(Position, HexId.Bytes));
            }

            // An id of 32 lowercase hex digits is always stored as bytes, so a UTF-8 record never holds one.
            var length = (int)VarInt();
            var stored = Array.AsSpan(Position, length);
            if (id.Length > length || Encoding.UTF8.GetByteCount(id) != length)
            {
                return false;
            }

            Span<byte> buffer = length <= 256 ? stackalloc byte[length] : new byte[length];
            Encoding.UTF8.GetBytes(id, buffer);
            return stored.SequenceEqual(buffer);
        }

        public ulong VarInt()
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = Array[Position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }

        public long Long()
        {
            var value = BinaryPrimitives.ReadInt64LittleEndian(Array.AsSpan(Position));
            Position += 8;
            return value;
        }

        /// <summary>Reads a value written by <see cref="Writer.Delta"/> against <paramref name="before"/>.</summary>
        public long Delta(long before)
        {
            var zigzag = VarInt();
            return unchecked(before + ((long)(zigzag >> 1) ^ -(long)(zigzag & 1)));
        }

        public byte Byte() => Array[Position++];

        public Utf8Slice Slice()
        {
            var tagged = VarInt();
            var length = (int)(tagged >> 1);
            var (chunk, offset) = (tagged & 1) != 0 ? (_chunk, _end) : ((int)VarInt(), (int)VarInt());
            (_chunk, _end) = (chunk, offset + length);
            return new Utf8Slice(arena.Chunk(chunk), offset, length, chunk);
        }

        /// <summary>Steps over an event's fields up to its hash.</summary>
        public void SkipEventFields()
        {
            VarInt(); // type
            VarInt(); // time
            VarInt(); // actor
            VarInt(); // artifact hashes
            Slice();
            if (VarInt() != 0)
            {
                VarInt(); // where the shared run goes
            }

            if (VarInt() != 0)
            {
                VarInt(); // the shared prefix's length
            }
        }
    }
}
