using System.Buffers;
using System.Globalization;
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

        public int Position { get; private set; }

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
            Literal("ocapwf-history-v1\ntenant "u8);
            Value(tenant.Value ?? string.Empty);
            Literal("\ninstance "u8);
            Value(instanceId);
            Literal("\nsequence "u8);
            Number(sequence);
            Literal("\ntype "u8);
            Value(type);
            Literal("\ntimestamp "u8);
            Timestamp(timestamp.UtcTicks);
            Literal("\nactor "u8);
            Value(actor);
            Literal("\nartifacts "u8);
            Number(artifactHashes.Count);
            Byte((byte)'\n');
            for (var i = 0; i < artifactHashes.Count; i++)
            {
                Value(artifactHashes[i]);
                Byte((byte)'\n');
            }
        }

        public void Literal(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer[Position..]);
            Position += bytes.Length;
        }

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
            var timeOfDay = utcTicks % TimeSpan.TicksPerDay;
            var t = _buffer.Slice(Position, 28);
            Fixed(t[..4], (uint)year);
            t[4] = (byte)'-';
            Fixed(t.Slice(5, 2), (uint)month);
            t[7] = (byte)'-';
            Fixed(t.Slice(8, 2), (uint)day);
            t[10] = (byte)'T';
            Fixed(t.Slice(11, 2), (uint)(timeOfDay / TimeSpan.TicksPerHour));
            t[13] = (byte)':';
            Fixed(t.Slice(14, 2), (uint)(timeOfDay / TimeSpan.TicksPerMinute % 60));
            t[16] = (byte)':';
            Fixed(t.Slice(17, 2), (uint)(timeOfDay / TimeSpan.TicksPerSecond % 60));
            t[19] = (byte)'.';
            Fixed(t.Slice(20, 7), (uint)(timeOfDay % TimeSpan.TicksPerSecond));
            t[27] = (byte)'Z';
            Position += 28;
        }

        /// <summary>The last <c>target.Length</c> decimal digits of a number, zero-padded on the left, two digits at a time.</summary>
        private static void Fixed(Span<byte> target, uint value)
        {
            var i = target.Length;
            while (i >= 2)
            {
                (value, var pair) = Math.DivRem(value, 100);
                i -= 2;
                DigitPairs.Slice((int)pair * 2, 2).CopyTo(target[i..]);
            }

            if (i == 1)
            {
                target[0] = (byte)('0' + (value % 10));
            }
        }

        /// <summary>"00" to "99", each pair at twice its value.</summary>
        private static ReadOnlySpan<byte> DigitPairs =>
            "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

        private static int Digits(uint value) =>
            value < 10 ? 1 : value < 100 ? 2 : value < 1_000 ? 3 : value < 10_000 ? 4 : value < 100_000 ? 5
            : value < 1_000_000 ? 6 : value < 10_000_000 ? 7 : value < 100_000_000 ? 8 : value < 1_000_000_000 ? 9 : 10;
    }
}
