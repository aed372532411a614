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
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(buffer, tenant, instanceId, sequence, type, timestamp, actor, artifactHashes, payloadJson, previousHash);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>The canonical bytes of an event (see the remarks of <see cref="HistoryHash"/>).</summary>
    /// <param name="e">The event; its own <see cref="HistoryEvent.Hash"/> is not part of the bytes.</param>
    public static byte[] CanonicalBytes(HistoryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(buffer, e.Tenant, e.InstanceId, e.Sequence, e.Type, e.Timestamp, e.Actor, e.ArtifactHashes, e.PayloadJson, e.PreviousHash);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(
        ArrayBufferWriter<byte> buffer, TenantId tenant, string instanceId, long sequence, string type, DateTimeOffset timestamp,
        string actor, IReadOnlyList<string> artifactHashes, string payloadJson, string previousHash)
    {
        Ascii(buffer, FormatVersion);
        Ascii(buffer, "\n");
        Field(buffer, "tenant ", tenant.Value ?? string.Empty);
        Field(buffer, "instance ", instanceId);
        Ascii(buffer, "sequence ");
        Ascii(buffer, sequence.ToString(CultureInfo.InvariantCulture));
        Ascii(buffer, "\n");
        Field(buffer, "type ", type);
        Ascii(buffer, "timestamp ");
        Ascii(buffer, timestamp.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture));
        Ascii(buffer, "\n");
        Field(buffer, "actor ", actor);
        Ascii(buffer, "artifacts ");
        Ascii(buffer, artifactHashes.Count.ToString(CultureInfo.InvariantCulture));
        Ascii(buffer, "\n");
        foreach (var hash in artifactHashes)
        {
            Field(buffer, string.Empty, hash);
        }

        Field(buffer, "payload ", payloadJson);
        Field(buffer, "previous ", previousHash, lengthPrefixed: false);
    }

    private static void Field(ArrayBufferWriter<byte> buffer, string label, string value, bool lengthPrefixed = true)
    {
        Ascii(buffer, label);
        if (lengthPrefixed)
        {
            Ascii(buffer, Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture));
            Ascii(buffer, ":");
        }

        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(value, span));
        Ascii(buffer, "\n");
    }

    private static void Ascii(ArrayBufferWriter<byte> buffer, string text)
    {
        var span = buffer.GetSpan(text.Length);
        buffer.Advance(Encoding.ASCII.GetBytes(text, span));
    }
}
