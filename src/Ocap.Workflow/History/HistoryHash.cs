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
        IReadOnlyList<string> artifactHashes, ReadOnlySpan<byte> payloadUtf8, ReadOnlySpan<byte> previousHash, Span<byte> hash)
    {
        var max = MaxLength(tenant, instanceId, type, actor, artifactHashes, string.Empty, Genesis) + payloadUtf8.Length;
        byte[]? rented = null;
        Span<byte> buffer = max <= StackLimit ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max)); // (zeroed: only as much as needed)
        try
        {
            var w = new CanonicalWriter(buffer);
            WriteHeader(ref w, tenant, instanceId, sequence, type, timestamp, actor, artifactHashes);
            w.Ascii("payload ");
            w.Number(payloadUtf8.Length);
            w.Ascii(":");
            w.Bytes(payloadUtf8);
            w.Ascii("\nprevious ");
            w.Hex(previousHash);
            w.Ascii("\n");
            Sha256.HashData(buffer[..w.Position], hash);
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

    private const int StackLimit = 2048;

    /// <summary>An upper bound of the canonical length: labels and numbers, plus at most 3 UTF-8 bytes per UTF-16 unit.</summary>
    private static int MaxLength(
        TenantId tenant, string instanceId, string type, string actor, IReadOnlyList<string> artifactHashes, string payloadJson, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(artifactHashes);
        ArgumentNullException.ThrowIfNull(payloadJson);
        ArgumentNullException.ThrowIfNull(previousHash);
        long chars = (tenant.Value?.Length ?? 0) + instanceId.Length + type.Length + actor.Length + payloadJson.Length + previousHash.Length;
        long fields = 16;
        foreach (var hash in artifactHashes)
        {
            ArgumentNullException.ThrowIfNull(hash, nameof(artifactHashes));
            chars += hash.Length;
            fields++;
        }

        var max = (chars * 3) + (fields * 32) + 64;
        return max > Array.MaxLength ? throw new ArgumentException("The event is too large to hash.") : (int)max;
    }

    private static int Write(
        Span<byte> buffer, TenantId tenant, string instanceId, long sequence, string type, DateTimeOffset timestamp,
        string actor, IReadOnlyList<string> artifactHashes, string payloadJson, string previousHash)
    {
        var w = new CanonicalWriter(buffer);
        WriteHeader(ref w, tenant, instanceId, sequence, type, timestamp, actor, artifactHashes);
        w.Field("payload ", payloadJson);
        w.Ascii("previous ");
        w.Utf8(previousHash);
        w.Ascii("\n");
        return w.Position;
    }

    /// <summary>Every line before the payload's.</summary>
    private static void WriteHeader(
        ref CanonicalWriter w, TenantId tenant, string instanceId, long sequence, string type, DateTimeOffset timestamp,
        string actor, IReadOnlyList<string> artifactHashes)
    {
        w.Ascii(FormatVersion);
        w.Ascii("\n");
        w.Field("tenant ", tenant.Value ?? string.Empty);
        w.Field("instance ", instanceId);
        w.Ascii("sequence ");
        w.Number(sequence);
        w.Ascii("\n");
        w.Field("type ", type);
        w.Ascii("timestamp ");
        w.Timestamp(timestamp.UtcDateTime);
        w.Ascii("\n");
        w.Field("actor ", actor);
        w.Ascii("artifacts ");
        w.Number(artifactHashes.Count);
        w.Ascii("\n");
        for (var i = 0; i < artifactHashes.Count; i++)
        {
            w.Field(string.Empty, artifactHashes[i]);
        }
    }

    /// <summary>Writes the canonical layout into a buffer sized by <see cref="MaxLength"/>.</summary>
    private ref struct CanonicalWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Position { get; private set; }

        public void Ascii(string text)
        {
            Position += Encoding.ASCII.GetBytes(text, _buffer[Position..]);
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer[Position..]);
            Position += bytes.Length;
        }

        /// <summary>Lowercase hexadecimal digits of raw bytes (ASCII).</summary>
        public void Hex(ReadOnlySpan<byte> bytes)
        {
            const string Digits = "0123456789abcdef";
            var target = _buffer[Position..];
            for (var i = 0; i < bytes.Length; i++)
            {
                target[2 * i] = (byte)Digits[bytes[i] >> 4];
                target[(2 * i) + 1] = (byte)Digits[bytes[i] & 0xF];
            }

            Position += 2 * bytes.Length;
        }

        public void Utf8(string text)
        {
            Position += Encoding.UTF8.GetBytes(text, _buffer[Position..]);
        }

        public void Number(long value)
        {
            value.TryFormat(_buffer[Position..], out var written, default, CultureInfo.InvariantCulture);
            Position += written;
        }

        /// <summary>
        /// <see cref="TimestampFormat"/>, written through the round-trip ("O") format of a UTC time, which gives the
        /// same characters without the culture-aware custom-format path (the slowest step of hashing an event).
        /// </summary>
        public void Timestamp(DateTime utc)
        {
            DateTime.SpecifyKind(utc, DateTimeKind.Utc).TryFormat(_buffer[Position..], out var written, "O", CultureInfo.InvariantCulture);
            Position += written;
        }

        /// <summary><c>LABEL N:VALUE\n</c> with N the UTF-8 byte length of the value.</summary>
        public void Field(string label, string value)
        {
            Ascii(label);
            var start = Position;

            // Most values (ids, hashes, types) are ASCII: one pass that writes them, with their length known up front.
            Number(value.Length);
            _buffer[Position++] = (byte)':';
            if (System.Text.Ascii.FromUtf16(value, _buffer[Position..], out var written) == System.Buffers.OperationStatus.Done)
            {
                Position += written;
            }
            else
            {
                Position = start;
                Number(Encoding.UTF8.GetByteCount(value));
                Ascii(":");
                Utf8(value);
            }

            _buffer[Position++] = (byte)'\n';
        }
    }
}
