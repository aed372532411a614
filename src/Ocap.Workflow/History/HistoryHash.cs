using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.History;

/// <summary>
/// The canonical serialization of a history event and its SHA-256 hash. The format is fixed and versioned so
/// that <c>ocapwf verify</c> and any third party can recompute every hash from the stored fields alone.
/// </summary>
/// <remarks>
/// <para>The canonical bytes of an event are the UTF-8 encoding of these lines, each ending in one line feed
/// (<c>0x0A</c>), in this order:</para>
/// <code>
/// ocapwf-history-v1
/// tenant N:TENANT
/// instance N:INSTANCE-ID
/// sequence SEQUENCE
/// type N:TYPE
/// timestamp yyyy-MM-ddTHH:mm:ss.fffffffZ
/// actor N:ACTOR
/// artifacts COUNT
/// N:HASH                (once per artifact hash, in stored order)
/// payload N:PAYLOAD-JSON
/// previous PREVIOUS-HASH
/// </code>
/// <para><c>N</c> is the number of UTF-8 bytes of the value that follows the colon, in decimal ASCII digits
/// without leading zeros; the value follows as is (it may contain line feeds: the length, not the line end,
/// delimits it). <c>SEQUENCE</c> and <c>COUNT</c> are decimal. The timestamp is the event's UTC time with
/// seven fractional digits (100 ns ticks). The payload is the JSON text exactly as appended (not re-formatted).
/// The hash is the SHA-256 of those bytes as 64 lowercase hexadecimal characters. The first event's previous
/// hash is <see cref="Genesis"/>. Tenant and instance are part of the bytes, so an event cannot be moved to
/// another instance or tenant without breaking its hash.</para>
/// </remarks>
public static class HistoryHash
{
    /// <summary>The previous hash of an instance's first event: 64 zeros.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The first line of the canonical serialization; it changes if the format ever does.</summary>
    public const string FormatVersion = "ocapwf-history-v1";

    /// <summary>The format of the timestamp line.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>Computes the hash an event must carry.</summary>
    /// <param name="e">The event; its own <see cref="HistoryEvent.Hash"/> is not used.</param>
    /// <returns>64 lowercase hexadecimal characters.</returns>
    public static string Compute(HistoryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Compute(e.Tenant, e.InstanceId, e.Sequence, e.Type, e.Timestamp, e.Actor, e.ArtifactHashes, e.PayloadJson, e.PreviousHash);
    }

    /// <summary>Computes the hash of an event from its fields.</summary>
    /// <returns>64 lowercase hexadecimal characters.</returns>
    public static string Compute(
        TenantId tenant, string instanceId, long sequence, string type, DateTimeOffset timestamp, string actor,
        IReadOnlyList<string> artifactHashes, string payloadJson, string previousHash)
    {
        var max = MaxLength(tenant, instanceId, type, actor, artifactHashes, payloadJson, previousHash);
        byte[]? rented = null;
        Span<byte> buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Write(buffer, tenant, instanceId, sequence, type, timestamp, actor, artifactHashes, payloadJson, previousHash);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            Sha256.HashData(buffer[..length], digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The hash of an event whose payload is already UTF-8 and whose predecessor's hash is raw bytes (all zeros for the
    /// genesis), written as 32 raw bytes: what a store that keeps events in that form computes at commit, with the
    /// same canonical bytes as <see cref="Compute(TenantId, string, long, string, DateTimeOffset, string, IReadOnlyList{string}, string, string)"/>.
    /// </summary>
    internal static void Compute(
        TenantId tenant, string instanceId, long sequence, string type, DateTimeOffset timestamp, string actor,
        IReadOnlyList<string> artifactHashes, ReadOnlySpan<byte> payloadUtf8, ReadOnlySpan<byte> previousHash, Span<byte> hash) =>
        Compute(tenant, instanceId, sequence, type, timestamp, actor, artifactHashes, payloadUtf8, default, default, previousHash, hash);

    /// <summary>
    /// As <see cref="Compute(TenantId, string, long, string, DateTimeOffset, string, IReadOnlyList{string}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>,
    /// for a payload held in up to three pieces (the payload is their concatenation): a draft's own bytes around a shared
    /// run (<see cref="HistoryEventDraft.SharedPayload"/>) are hashed where they lie, without being put together first.
    /// </summary>
    internal static void Compute(
        TenantId tenant, string instanceId, long sequence, string type, DateTimeOffset timestamp, string actor,
        IReadOnlyList<string> artifactHashes, ReadOnlySpan<byte> payload1, ReadOnlySpan<byte> payload2, ReadOnlySpan<byte> payload3,
        ReadOnlySpan<byte> previousHash, Span<byte> hash)
    {
        if (previousHash.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("A previous hash is 32 bytes.", nameof(previousHash));
        }

        // The lines before the payload's text and the ones after it, in one small buffer; the payload is hashed where it lies.
        var max = HeadMaxLength(tenant, instanceId, type, actor, artifactHashes) + TailLength;
        byte[]? rented = null;
        Span<byte> buffer = max <= HeadStackLimit ? stackalloc byte[HeadStackLimit] : (rented = ArrayPool<byte>.Shared.Rent((int)max));
        try
        {
            var w = new CanonicalWriter(buffer);
            w.Head(tenant, instanceId, sequence, type, timestamp, actor, artifactHashes, payload1.Length + payload2.Length + payload3.Length);
            var head = w.Position;
            w.Literal("\nprevious "u8);
            w.Hex(previousHash);
            w.Byte((byte)'\n');
            Sha256.HashData(buffer[..head], payload1, payload2, payload3, buffer[head..w.Position], hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Hashes many events in a row for one caller (a store, under its lock: not thread-safe), with the same canonical
    /// bytes as <see cref="Compute(TenantId, string, long, string, DateTimeOffset, string, IReadOnlyList{string}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>
    /// but fewer steps per event: the lines that stay the same from one event of a commit to the next — the format,
    /// tenant and instance lines — are written once and stay at the start of a reused buffer while the tenant and
    /// instance strings stay the same objects; the artifact-hash lines of a list seen before (the engine shares one
    /// array per process and form) are copied as bytes kept for that list; the date part of the timestamp is kept for
    /// its day. Everything it keeps is bounded (one buffer, a few lists, one date).
    /// </summary>
    internal sealed class Hasher
    {
        /// <summary>The buffer is given back (the prefix written again) after an event that needed more than this.</summary>
        private const int KeptBufferBytes = 16 * 1024;

        /// <summary>The longest outer piece of a payload copied next to the lines around it.</summary>
        private const int MergeBytes = 2048;

        /// <summary>Lists kept encoded, found by reference (and lists seen once, remembered to be kept when seen again).</summary>
        private const int ListSlots = 8;

        /// <summary>The longest list kept encoded, in bytes (longer ones are written each time).</summary>
        private const int MaxListBytes = 4096;

        private readonly ListEntry[] _lists = new ListEntry[ListSlots];
        private readonly object?[] _seen = new object?[ListSlots];
        private int _nextList;
        private int _nextSeen;
        private byte[] _buffer = new byte[1024];
        private string? _tenant;
        private string? _instance;
        private int _prefix;
        private readonly byte[] _stamp = new byte[CanonicalWriter.TimestampLength];
        private long _ticks = -1;
        private long _day = -1;
        private ulong _date;
        private ushort _dateTail;

        /// <summary>
        /// Writes the hash of an event (payload in up to three pieces, previous hash as 32 raw bytes) into
        /// <paramref name="hash"/>: the same as the static overload.
        /// </summary>
        public void Compute(
            TenantId tenant, string instanceId, long sequence, string type, DateTimeOffset timestamp, string actor,
            IReadOnlyList<string> artifactHashes, ReadOnlySpan<byte> payload1, ReadOnlySpan<byte> payload2, ReadOnlySpan<byte> payload3,
            ReadOnlySpan<byte> previousHash, Span<byte> hash)
        {
            ArgumentNullException.ThrowIfNull(instanceId);
            ArgumentNullException.ThrowIfNull(type);
            ArgumentNullException.ThrowIfNull(actor);
            ArgumentNullException.ThrowIfNull(artifactHashes);
            if (previousHash.Length != SHA256.HashSizeInBytes)
            {
                throw new ArgumentException("A previous hash is 32 bytes.", nameof(previousHash));
            }

            var tenantText = tenant.Value ?? string.Empty;
            if (!ReferenceEquals(tenantText, _tenant) || !ReferenceEquals(instanceId, _instance))
            {
                Prefix(tenantText, instanceId);
            }

            var list = Encoded(artifactHashes);

            // Sequence, type and actor lines, timestamp, the list's lines, the payload's label and length, then the
            // previous-hash lines: labels and numbers take at most 192 bytes, each text 3 bytes per UTF-16 unit.
            var merge1 = payload1.Length <= MergeBytes;
            var merge3 = payload3.Length <= MergeBytes;
            var variable = (((long)type.Length + actor.Length) * 3) + 192 + TailLength
                + (list is null ? ListMaxLength(artifactHashes) : list.Length)
                + (merge1 ? payload1.Length : 0) + (merge3 ? payload3.Length : 0);
            if (_prefix + variable > _buffer.Length)
            {
                Grow(_prefix + variable);
            }

            var w = new CanonicalWriter(_buffer) { Position = _prefix };
            w.Number(sequence);
            w.Literal("\ntype "u8);
            w.Value(type);
            w.Literal("\ntimestamp "u8);
            Timestamp(ref w, timestamp.UtcTicks);
            w.Literal("\nactor "u8);
            w.Value(actor);
            w.Literal("\nartifacts "u8);
            if (list is not null)
            {
                w.Literal(list);
            }
            else
            {
                w.Artifacts(artifactHashes);
            }

            w.Literal("payload "u8);
            w.Number(payload1.Length + payload2.Length + payload3.Length);
            w.Byte((byte)':');

            // Small outer pieces of the payload are copied next to the lines around them: fewer, longer runs for the
            // hash (each run is a call into OpenSSL, which costs more than copying a few hundred bytes).
            if (merge1)
            {
                w.Literal(payload1);
                payload1 = default;
            }

            var head = w.Position;
            if (merge3)
            {
                w.Literal(payload3);
                payload3 = default;
            }

            w.Literal("\nprevious "u8);
            w.Hex(previousHash);
            w.Byte((byte)'\n');
            Sha256.HashData(_buffer.AsSpan(0, head), payload1, payload2, payload3, _buffer.AsSpan(head, w.Position - head), hash);

            if (_buffer.Length > KeptBufferBytes)
            {
                _buffer = new byte[1024];
                _tenant = _instance = null;
            }
        }

        /// <summary>The format, tenant and instance lines and the sequence label, at the buffer's start.</summary>
        private void Prefix(string tenant, string instanceId)
        {
            _tenant = _instance = null;
            var max = ((tenant.Length + (long)instanceId.Length) * 3) + 64;
            if (max > _buffer.Length)
            {
                Grow(max);
            }

            var w = new CanonicalWriter(_buffer);
            w.Prefix(tenant, instanceId);
            (_prefix, _tenant, _instance) = (w.Position, tenant, instanceId);
        }

        private void Grow(long length)
        {
            if (length > Array.MaxLength)
            {
                throw new ArgumentException("The event is too large to hash.");
            }

            var grown = new byte[Math.Max((int)length, _buffer.Length * 2)];
            _buffer.AsSpan(0, _prefix).CopyTo(grown);
            _buffer = grown;
        }

        /// <summary>
        /// The bytes of a list's lines (its count, line end, then each hash's line) kept from an earlier event, or
        /// <see langword="null"/>. Lists are found by reference among the few kept (the engine's repeat from one commit
        /// to the next); a list is kept the second time it is seen, so lists made anew per event (public drafts copy
        /// theirs) are written each time instead of filling the slots; a kept list is used only while it still holds
        /// equal strings, so a list changed in place is encoded again.
        /// </summary>
        private byte[]? Encoded(IReadOnlyList<string> list)
        {
            var lists = _lists;
            for (var i = 0; i < lists.Length; i++)
            {
                ref var entry = ref lists[i];
                if (ReferenceEquals(entry.List, list))
                {
                    return entry.Holds(list) ? entry.Bytes : (entry = Encode(list) ?? default).Bytes;
                }
            }

            var seen = _seen;
            for (var i = 0; i < seen.Length; i++)
            {
                if (ReferenceEquals(seen[i], list))
                {
                    seen[i] = null;
                    ref var entry = ref lists[_nextList];
                    _nextList = (_nextList + 1) % lists.Length;
                    return (entry = Encode(list) ?? default).Bytes;
                }
            }

            seen[_nextSeen] = list;
            _nextSeen = (_nextSeen + 1) % seen.Length;
            return null;
        }

        /// <summary>A list's lines as a kept entry, or <see langword="null"/> for a list too long to keep.</summary>
        private static ListEntry? Encode(IReadOnlyList<string> list)
        {
            if (ListMaxLength(list) > MaxListBytes)
            {
                return null;
            }

            var items = new string[list.Count];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = list[i];
            }

            Span<byte> room = stackalloc byte[MaxListBytes];
            var w = new CanonicalWriter(room);
            w.Artifacts(items);
            return new ListEntry(list, items, room[..w.Position].ToArray());
        }

        /// <summary>An upper bound of the bytes of a list's lines (see <see cref="CanonicalWriter.Artifacts"/>).</summary>
        private static long ListMaxLength(IReadOnlyList<string> list)
        {
            long max = 12;
            for (var i = 0; i < list.Count; i++)
            {
                var hash = list[i];
                ArgumentNullException.ThrowIfNull(hash, nameof(list));
                max += (hash.Length * 3L) + 12;
            }

            return max;
        }

        /// <summary>
        /// <see cref="TimestampFormat"/> of a UTC instant: the last one's text kept (the events of a commit share their
        /// time), the date part (<c>yyyy-MM-dd</c>) kept for its day, the time of day written digit by digit.
        /// </summary>
        private void Timestamp(ref CanonicalWriter w, long utcTicks)
        {
            if (utcTicks != _ticks)
            {
                var day = utcTicks / TimeSpan.TicksPerDay;
                if (day != _day)
                {
                    new CanonicalWriter(_stamp).Timestamp(utcTicks);
                    (_date, _dateTail, _day) = (BinaryPrimitives.ReadUInt64LittleEndian(_stamp), BinaryPrimitives.ReadUInt16LittleEndian(_stamp.AsSpan(8)), day);
                }
                else
                {
                    new CanonicalWriter(_stamp).TimeOfDay(_date, _dateTail, utcTicks - (day * TimeSpan.TicksPerDay));
                }

                _ticks = utcTicks;
            }

            w.Literal(_stamp);
        }

        /// <summary>A list kept encoded: the list, a copy of its strings when encoded, the bytes.</summary>
        private readonly struct ListEntry(IReadOnlyList<string> list, string[] items, byte[] bytes)
        {
            public IReadOnlyList<string>? List { get; } = list;

            public byte[]? Bytes { get; } = bytes;

            /// <summary>Whether <paramref name="list"/> still holds the strings it held when encoded.</summary>
            public bool Holds(IReadOnlyList<string> list)
            {
                if (list is string[] array)
                {
                    return array.AsSpan().SequenceEqual(items); // by reference first, then by content: either way the same bytes
                }

                if (list.Count != items.Length)
                {
                    return false;
                }

                for (var i = 0; i < items.Length; i++)
                {
                    if (!string.Equals(list[i], items[i], StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }

    /// <summary>The 64 lowercase hexadecimal characters of a 32-byte hash.</summary>
    internal static string ToHex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    /// <summary>The canonical bytes of an event (see the remarks of <see cref="HistoryHash"/>).</summary>
    /// <param name="e">The event; its own <see cref="HistoryEvent.Hash"/> is not part of the bytes.</param>
    public static byte[] CanonicalBytes(HistoryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var buffer = new byte[MaxLength(e.Tenant, e.InstanceId, e.Type, e.Actor, e.ArtifactHashes, e.PayloadJson, e.PreviousHash)];
        var length = Write(buffer, e.Tenant, e.InstanceId, e.Sequence, e.Type, e.Timestamp, e.Actor, e.ArtifactHashes, e.PayloadJson, e.PreviousHash);
        return buffer[..length];
    }

    /// <summary>The buffer kept on the stack for a whole event (text payload).</summary>
    private const int StackLimit = 2048;

    /// <summary>The buffer kept on the stack for the lines around a payload hashed where it lies.</summary>
    private const int HeadStackLimit = 1024;

    /// <summary>The length of the lines after the payload: <c>\nprevious </c>, 64 hexadecimal digits, <c>\n</c>.</summary>
    private const int TailLength = 75;

    /// <summary>An upper bound of the canonical length of an event with a text payload (see <see cref="HeadMaxLength"/>).</summary>
    private static int MaxLength(
        TenantId tenant, string instanceId, string type, string actor, IReadOnlyList<string> artifactHashes, string payloadJson, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(payloadJson);
        ArgumentNullException.ThrowIfNull(previousHash);
        var max = HeadMaxLength(tenant, instanceId, type, actor, artifactHashes) + ((payloadJson.Length + (long)previousHash.Length) * 3) + 32;
        return max > Array.MaxLength ? throw new ArgumentException("The event is too large to hash.") : (int)max;
    }

    /// <summary>
    /// An upper bound of the length of the lines before the payload's text, its label and its length included: labels,
    /// numbers and the timestamp, plus at most 3 UTF-8 bytes per UTF-16 unit of the texts and 12 per length prefix.
    /// </summary>
    private static long HeadMaxLength(TenantId tenant, string instanceId, string type, string actor, IReadOnlyList<string> artifactHashes)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(artifactHashes);
        long chars = (tenant.Value?.Length ?? 0) + instanceId.Length + type.Length + actor.Length;
        long fields = 5;
        for (var i = 0; i < artifactHashes.Count; i++)
        {
            var hash = artifactHashes[i];
            ArgumentNullException.ThrowIfNull(hash, nameof(artifactHashes));
            chars += hash.Length;
            fields++;
        }

        // Labels and line ends take 148 bytes with a 20-character sequence and a 10-digit count; each length prefix at most 11.
        var max = (chars * 3) + (fields * 12) + 192;
        return max > Array.MaxLength ? throw new ArgumentException("The event is too large to hash.") : max;
    }

    private static int Write(
        Span<byte> buffer, TenantId tenant, string instanceId, long sequence, string type, DateTimeOffset timestamp,
        string actor, IReadOnlyList<string> artifactHashes, string payloadJson, string previousHash)
    {
        var w = new CanonicalWriter(buffer);
        w.Head(tenant, instanceId, sequence, type, timestamp, actor, artifactHashes, payloadJson);
        w.Literal("\nprevious "u8);
        w.Utf8(previousHash);
        w.Byte((byte)'\n');
        return w.Position;
    }

    /// <summary>
    /// Writes the canonical layout into a buffer sized by <see cref="HeadMaxLength"/> (and the payload's bound): the
    /// fixed parts as UTF-8 literals, numbers and the timestamp as digits written in place, ASCII texts (ids, types,
    /// hashes: nearly all) narrowed in one pass with their length known up front.
    /// </summary>
    private ref struct CanonicalWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Position { get; set; }

        /// <summary>Every line before the payload's text, up to and including <c>payload N:</c>.</summary>
        public void Head(
            TenantId tenant, string instanceId, long sequence, string type, DateTimeOffset timestamp, string actor,
            IReadOnlyList<string> artifactHashes, int payloadLength)
        {
            Lines(tenant, instanceId, sequence, type, timestamp, actor, artifactHashes);
            Literal("payload "u8);
            Number(payloadLength);
            Byte((byte)':');
        }

        /// <summary>Every line before the payload's, then the payload's label, length and text (no line end).</summary>
        public void Head(
            TenantId tenant, string instanceId, long sequence, string type, DateTimeOffset timestamp, string actor,
            IReadOnlyList<string> artifactHashes, string payloadJson)
        {
            Lines(tenant, instanceId, sequence, type, timestamp, actor, artifactHashes);
            Literal("payload "u8);
            Value(payloadJson);
        }

        private void Lines(
            TenantId tenant, string instanceId, long sequence, string type, DateTimeOffset timestamp, string actor,
            IReadOnlyList<string> artifactHashes)
        {
            Prefix(tenant.Value ?? string.Empty, instanceId);
            Number(sequence);
            Literal("\ntype "u8);
            Value(type);
            Literal("\ntimestamp "u8);
            Timestamp(timestamp.UtcTicks);
            Literal("\nactor "u8);
            Value(actor);
            Literal("\nartifacts "u8);
            Artifacts(artifactHashes);
        }

        /// <summary>The format, tenant and instance lines, then the sequence's label (the lines every event of an instance begins with).</summary>
        public void Prefix(string tenant, string instanceId)
        {
            Literal("ocapwf-history-v1\ntenant "u8);
            Value(tenant);
            Literal("\ninstance "u8);
            Value(instanceId);
            Literal("\nsequence "u8);
        }

        /// <summary>The artifact lines after their label: the count and a line end, then each hash's line.</summary>
        public void Artifacts(IReadOnlyList<string> artifactHashes)
        {
            Number(artifactHashes.Count);
            Byte((byte)'\n');
            for (var i = 0; i < artifactHashes.Count; i++)
            {
                Value(artifactHashes[i]);
                Byte((byte)'\n');
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Literal(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer[Position..]);
            Position += bytes.Length;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Byte(byte value) => _buffer[Position++] = value;

        /// <summary>Lowercase hexadecimal digits of raw bytes (ASCII).</summary>
        public void Hex(ReadOnlySpan<byte> bytes)
        {
            Convert.TryToHexStringLower(bytes, _buffer[Position..], out var written);
            Position += written;
        }

        public void Utf8(string text)
        {
            Position += Encoding.UTF8.GetBytes(text, _buffer[Position..]);
        }

        /// <summary>A number in decimal ASCII digits, a minus sign first if negative.</summary>
        public void Number(long value)
        {
            if ((ulong)value >= 100_000_000)
            {
                value.TryFormat(_buffer[Position..], out var written, default, CultureInfo.InvariantCulture);
                Position += written;
                return;
            }

            var digits = Digits((uint)value);
            Fixed(_buffer.Slice(Position, digits), (uint)value);
            Position += digits;
        }

        /// <summary><c>N:VALUE</c> with N the UTF-8 byte length of the value (no line end).</summary>
        public void Value(string value)
        {
            // Most values (ids, hashes, types) are ASCII: narrowed in one pass after their length, known up front.
            var at = Position + Digits((uint)value.Length) + 1;
            if (at + value.Length <= _buffer.Length
                && System.Text.Ascii.FromUtf16(value, _buffer[at..], out var written) == OperationStatus.Done)
            {
                Number(value.Length);
                Byte((byte)':');
                Position += written;
                return;
            }

            Number(Encoding.UTF8.GetByteCount(value));
            Byte((byte)':');
            Utf8(value);
        }

        /// <summary>
        /// <see cref="TimestampFormat"/> of a UTC instant given in ticks, digit by digit: the same characters the
        /// custom format (and the round-trip format of a UTC time) gives, for every representable instant.
        /// </summary>
        public void Timestamp(long utcTicks)
        {
            new DateTime(utcTicks, DateTimeKind.Utc).Deconstruct(out int year, out int month, out int day);
            var t = _buffer.Slice(Position, 10);
            Fixed(t[..4], (uint)year);
            t[4] = (byte)'-';
            Fixed(t.Slice(5, 2), (uint)month);
            t[7] = (byte)'-';
            Fixed(t.Slice(8, 2), (uint)day);
            TimeOfDay(BinaryPrimitives.ReadUInt64LittleEndian(t), BinaryPrimitives.ReadUInt16LittleEndian(t[8..]), utcTicks % TimeSpan.TicksPerDay);
        }

        /// <summary>The length of a timestamp's text.</summary>
        public const int TimestampLength = 28;

        /// <summary>
        /// A timestamp whose date's ten characters (<c>yyyy-MM-dd</c>) are given as their first eight bytes and last
        /// two, little-endian, and whose time of day is given in ticks.
        /// </summary>
        public void TimeOfDay(ulong date, ushort dateTail, long timeOfDay)
        {
            var t = _buffer.Slice(Position, TimestampLength);
            BinaryPrimitives.WriteUInt64LittleEndian(t, date);
            BinaryPrimitives.WriteUInt16LittleEndian(t[8..], dateTail);
            t[10] = (byte)'T';
            var seconds = (uint)(timeOfDay / TimeSpan.TicksPerSecond);
            var (minutes, second) = Math.DivRem(seconds, 60);
            var (hour, minute) = Math.DivRem(minutes, 60);
            Fixed(t.Slice(11, 2), hour);
            t[13] = (byte)':';
            Fixed(t.Slice(14, 2), minute);
            t[16] = (byte)':';
            Fixed(t.Slice(17, 2), second);
            t[19] = (byte)'.';
            Fixed(t.Slice(20, 7), (uint)(timeOfDay - (seconds * TimeSpan.TicksPerSecond)));
            t[27] = (byte)'Z';
            Position += TimestampLength;
        }

        /// <summary>The last <c>target.Length</c> decimal digits of a number, zero-padded on the left.</summary>
        private static void Fixed(Span<byte> target, uint value)
        {
            for (var i = target.Length - 1; i >= 0; i--)
            {
                var (quotient, digit) = Math.DivRem(value, 10);
                target[i] = (byte)('0' + digit);
                value = quotient;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Digits(uint value) =>
            value < 10 ? 1 : value < 100 ? 2 : value < 1_000 ? 3 : value < 10_000 ? 4 : value < 100_000 ? 5
            : value < 1_000_000 ? 6 : value < 10_000_000 ? 7 : value < 100_000_000 ? 8 : value < 1_000_000_000 ? 9 : 10;
    }
}
