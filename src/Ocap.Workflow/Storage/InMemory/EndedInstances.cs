using System.Buffers.Binary;
using System.Runtime.CompilerServices;
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
/// one slot in an open-addressing table of plain integers. Neither the arena's chunks (arrays of bytes) nor the table
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
    private readonly List<string> _strings = [];
    private readonly Dictionary<string, int> _stringIndex = new(StringComparer.Ordinal);
    private readonly List<string[]> _hashLists = [];
    private readonly Dictionary<string, int> _hashListIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<object, int> _hashListByReference = new(ReferenceEqualityComparer.Instance);
    private readonly List<byte[]> _sharedPayloads = [];
    private readonly Dictionary<byte[], int> _sharedIndex = new(ReferenceEqualityComparer.Instance);
    private byte[] _scratch = new byte[1024];
    private Slot[] _slots = new Slot[16];

    // One bit per possible hash value modulo four times the table's size, set for every id in the table: most lookups
    // are for ids not here (every new instance is checked), and this bitmap — 1/24 of the table's size — usually says
    // so from the processor's cache, where the table itself would cost a miss.
    private ulong[] _present = new ulong[16 * 4 / 64];
    private int _count;

    public EndedInstances(ByteArena arena) => _arena = arena;

    /// <summary>The number of ended instances.</summary>
    public int Count => _count;

    /// <summary>
    /// Records an ended instance (<paramref name="record"/>, whose state is <paramref name="state"/>, already in the
    /// arena) and its whole history, replacing an earlier record of the same id.
    /// </summary>
    /// <param name="record">The record's fields.</param>
    /// <param name="state">The state text in the arena.</param>
    /// <param name="history">The whole history.</param>
    /// <param name="mayBeHere">Whether the instance may have a record here already (it was taken back from here);
    /// <see langword="false"/> for an instance that was live all along, which saves a lookup in a table too large for
    /// the processor's caches.</param>
    public void Put(in Fields record, Utf8Slice state, StoredHistory history, bool mayBeHere)
    {
        var id = record.InstanceId;
        var idBytes = Encoding.UTF8.GetByteCount(id);
        var events = history.Events;
        var size = 4 + idBytes + (4 * 4) + 1 + (8 * 3) + (4 * 3) + 4 + (events.Length * EventBytes);
        if (_scratch.Length < size)
        {
            _scratch = new byte[Math.Max(size, _scratch.Length * 2)];
        }

        var w = new Writer(_scratch);
        w.Int(idBytes);
        w.Position += Encoding.UTF8.GetBytes(id, _scratch.AsSpan(w.Position));
        w.Int(Intern(record.ProcessKey));
        w.Int(record.ProcessVersion);
        w.Int(Intern(record.BundleHash));
        w.Byte((byte)record.Status);
        w.Long(record.Version);
        w.Long(record.CreatedAt.UtcTicks);
        w.Long(record.UpdatedAt.UtcTicks);
        w.Slice(state);
        w.Int(events.Length);
        foreach (ref readonly var e in events)
        {
            w.Int(Intern(e.Type));
            w.Long(e.UtcTicks);
            w.Int(Intern(e.Actor));
            w.Int(InternHashes(e.ArtifactHashes));
            w.Slice(e.Payload.Own);
            w.Int(e.Payload.Shared is { } shared ? InternShared(shared) : -1);
            w.Int(e.Payload.SharedAt);
            e.CopyHashTo(_scratch.AsSpan(w.Position));
            w.Position += HashBytes;
        }

        var stored = _arena.Append(_scratch.AsSpan(0, w.Position));
        var hash = HashOf(id);
        var index = mayBeHere ? Find(id, hash) : -1;
        if (index >= 0)
        {
            _slots[index] = new Slot(hash, stored.Chunk + 1, stored.Offset);
            return;
        }

        if ((_count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        Insert(new Slot(hash, stored.Chunk + 1, stored.Offset));
        _count++;
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
        history = StoredHistory.FromEvents(ReadEvents(ref reader));
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
        var events = StoredHistory.Build(tenant, instanceId, ReadEvents(ref reader));
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
        reader = new Reader(chunk, slot.Offset);
        var idLength = reader.Int();
        var id = Encoding.UTF8.GetString(chunk, reader.Position, idLength);
        reader.Position += idLength;
        var processKey = _strings[reader.Int()];
        var processVersion = reader.Int();
        var bundleHash = _strings[reader.Int()];
        var status = (InstanceStatus)reader.Byte();
        var version = reader.Long();
        var created = new DateTimeOffset(reader.Long(), TimeSpan.Zero);
        var updated = new DateTimeOffset(reader.Long(), TimeSpan.Zero);
        var state = reader.Slice(_arena);
        var eventsAt = reader.Position;
        var count = reader.Int();
        var head = HistoryHead.Empty;
        if (count > 0)
        {
            var lastHash = chunk.AsSpan(reader.Position + ((count - 1) * EventBytes) + EventBytes - HashBytes, HashBytes);
            head = new HistoryHead(count, Convert.ToHexStringLower(lastHash));
        }

        reader.Position = eventsAt;
        return new InstanceRecord(id, processKey, processVersion, bundleHash, status, null!, version, created, updated, head)
        {
            StateUtf8 = state,
        };
    }

    private const int EventBytes = (4 * 3) + 8 + (4 * 5) + HashBytes;

    private StoredHistory.StoredEvent[] ReadEvents(ref Reader reader)
    {
        var count = reader.Int();
        var events = new StoredHistory.StoredEvent[count];
        for (var i = 0; i < count; i++)
        {
            var type = _strings[reader.Int()];
            var ticks = reader.Long();
            var actor = _strings[reader.Int()];
            var hashes = _hashLists[reader.Int()];
            var own = reader.Slice(_arena);
            var shared = reader.Int();
            var payload = new StoredHistory.StoredPayload(own, shared < 0 ? null : _sharedPayloads[shared], reader.Int());
            StoredHistory.Sha256Bytes hash = default;
            reader.Array.AsSpan(reader.Position, HashBytes).CopyTo((Span<byte>)hash);
            reader.Position += HashBytes;
            events[i] = new StoredHistory.StoredEvent(type, ticks, actor, hashes, payload, hash);
        }

        return events;
    }

    private int Intern(string text)
    {
        // Most texts are the very same string objects instance after instance (literals, a definition's fields): a
        // small cache by identity answers them without hashing their characters.
        ref var cached = ref _recent[RuntimeHelpers.GetHashCode(text) & (RecentSlots - 1)];
        if (ReferenceEquals(cached.Text, text))
        {
            return cached.Index;
        }

        if (!_stringIndex.TryGetValue(text, out var index))
        {
            index = _strings.Count;
            _strings.Add(text);
            _stringIndex.Add(text, index);
        }

        cached = (text, index);
        return index;
    }

    private const int RecentSlots = 16;
    private readonly (string? Text, int Index)[] _recent = new (string?, int)[RecentSlots];

    private int InternShared(byte[] shared)
    {
        // Shared payload runs come from bounded per-process tables, so this grows with deployments, not instances.
        if (!_sharedIndex.TryGetValue(shared, out var index))
        {
            index = _sharedPayloads.Count;
            _sharedPayloads.Add(shared);
            _sharedIndex.Add(shared, index);
        }

        return index;
    }

    private int InternHashes(IReadOnlyList<string> hashes)
    {
        // The engine shares one array among all the events of a process and form: found by reference, without
        // hashing its texts. Other lists are found by content and copied once.
        if (_hashListByReference.TryGetValue(hashes, out var index))
        {
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
        var length = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(slot.Offset));
        var stored = chunk.AsSpan(slot.Offset + 4, length);
        if (Encoding.UTF8.GetByteCount(id) != length)
        {
            return false;
        }

        Span<byte> buffer = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(id, buffer);
        return stored.SequenceEqual(buffer);
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

    private void Insert(Slot slot)
    {
        var mask = _slots.Length - 1;
        var i = slot.Hash & mask;
        while (_slots[i].ChunkPlusOne != 0)
        {
            i = (i + 1) & mask;
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

    private ref struct Writer(byte[] buffer)
    {
        public int Position;

        public void Int(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(Position), value);
            Position += 4;
        }

        public void Long(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(Position), value);
            Position += 8;
        }

        public void Byte(byte value) => buffer[Position++] = value;

        public void Slice(Utf8Slice slice)
        {
            Int(slice.Chunk);
            Int(slice.Offset);
            Int(slice.Length);
        }
    }

    private ref struct Reader(byte[] array, int position)
    {
        public readonly byte[] Array = array;
        public int Position = position;

        public int Int()
        {
            var value = BinaryPrimitives.ReadInt32LittleEndian(Array.AsSpan(Position));
            Position += 4;
            return value;
        }

        public long Long()
        {
            var value = BinaryPrimitives.ReadInt64LittleEndian(Array.AsSpan(Position));
            Position += 8;
            return value;
        }

        public byte Byte() => Array[Position++];

        public Utf8Slice Slice(ByteArena arena)
        {
            var chunk = Int();
            var offset = Int();
            var length = Int();
            return new Utf8Slice(arena.Chunk(chunk), offset, length, chunk);
        }
    }
}
