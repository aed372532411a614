using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ocap.Workflow.History;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Tests.History;

/// <summary>
/// The canonical bytes and hashes the history writes, compared with an independent, straightforward rendering of the
/// documented layout (string building and <see cref="Encoding.UTF8"/>) over many random events: non-ASCII text,
/// surrogate pairs and lone surrogates, line feeds and quotes, long values past every stack buffer, extreme
/// sequences and instants, payloads in one piece or three.
/// </summary>
[TestFixture]
public class HistoryHashDifferentialTests
{
    private static readonly string[] Alphabets =
    [
        "abcdefghijklmnopqrstuvwxyz0123456789-",
        "ABCxyz019 :.,;{}[]\"\\/\n\t\r<>&'+`~!@#$%^*()=",
        "éüßçñ€£中文日本語한국어",
        "😀😎🎉\U0001F680",
        "\uD800\uDBFF\uDC00\uDFFF",
    ];

    private static string RandomText(Random random, int maxLength)
    {
        var length = random.Next(0, 10) == 0 ? random.Next(0, maxLength * 20) : random.Next(0, maxLength);
        var alphabet = random.Next(0, 3) == 0 ? string.Concat(Alphabets) : Alphabets[0];
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            var at = random.Next(0, alphabet.Length);
            text.Append(alphabet[at]); // may split a surrogate pair: a lone surrogate, encoded as U+FFFD by both sides
        }

        return text.ToString();
    }

    private static long RandomSequence(Random random) => random.Next(0, 8) switch
    {
        0 => long.MaxValue,
        1 => long.MinValue,
        2 => -random.NextInt64(1, 1_000_000_000_000),
        3 => random.NextInt64(99_999_990, 100_000_010),
        4 => random.NextInt64(0, long.MaxValue),
        _ => random.Next(0, 20),
    };

    private static DateTimeOffset RandomInstant(Random random) => random.Next(0, 10) switch
    {
        0 => DateTimeOffset.MinValue,
        1 => DateTimeOffset.MaxValue,
        _ => new DateTimeOffset(random.NextInt64(DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero)
            .ToOffset(TimeSpan.FromMinutes(random.Next(-14, 15) * 60)),
    };

    private static HistoryEvent RandomEvent(Random random)
    {
        var hashes = Enumerable.Range(0, random.Next(0, 4))
            .Select(_ => random.Next(0, 2) == 0 ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) : RandomText(random, 70))
            .ToArray();
        return new HistoryEvent(
            TenantId.Parse(random.Next(0, 2) == 0 ? "acme" : "t" + random.Next(0, 1_000_000).ToString(CultureInfo.InvariantCulture)),
            RandomText(random, 40), RandomSequence(random), RandomText(random, 20) + "x", RandomInstant(random), RandomText(random, 12), hashes,
            RandomText(random, 200), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), string.Empty);
    }

    /// <summary>The documented layout, rendered the plain way.</summary>
    private static byte[] Reference(HistoryEvent e)
    {
        var text = new StringBuilder();
        void Field(string label, string value) =>
            text.Append(label).Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
        text.Append("ocapwf-history-v1\n");
        Field("tenant ", e.Tenant.Value);
        Field("instance ", e.InstanceId);
        text.Append("sequence ").Append(e.Sequence.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Field("type ", e.Type);
        text.Append("timestamp ").Append(e.Timestamp.UtcDateTime.ToString(HistoryHash.TimestampFormat, CultureInfo.InvariantCulture)).Append('\n');
        Field("actor ", e.Actor);
        text.Append("artifacts ").Append(e.ArtifactHashes.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var hash in e.ArtifactHashes)
        {
            Field(string.Empty, hash);
        }

        Field("payload ", e.PayloadJson);
        text.Append("previous ").Append(e.PreviousHash).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Test]
    public void CanonicalBytesAndCompute_EqualThePlainRendering_ForRandomEvents()
    {
        var random = new Random(20261126);
        for (var i = 0; i < 3_000; i++)
        {
            var e = RandomEvent(random);
            if (random.Next(0, 10) == 0)
            {
                e = e with { PreviousHash = RandomText(random, 80) }; // a hand-edited row: any text is hashed as written
            }

            var expected = Reference(e);
            Assert.That(HistoryHash.CanonicalBytes(e), Is.EqualTo(expected), $"event {i}");
            Assert.That(HistoryHash.Compute(e), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(expected))), $"event {i}");
        }
    }

    [Test]
    public void ComputeOverUtf8Pieces_EqualsThePlainRendering_ForRandomEventsAndSplits()
    {
        var random = new Random(7_2026);
        Span<byte> hash = stackalloc byte[32];
        for (var i = 0; i < 3_000; i++)
        {
            var previous = random.Next(0, 5) == 0 ? new byte[32] : RandomNumberGenerator.GetBytes(32);
            var e = RandomEvent(random) with { PreviousHash = Convert.ToHexStringLower(previous) };
            var expected = Convert.ToHexStringLower(SHA256.HashData(Reference(e)));
            var payload = Encoding.UTF8.GetBytes(e.PayloadJson);

            HistoryHash.Compute(e.Tenant, e.InstanceId, e.Sequence, e.Type, e.Timestamp, e.Actor, e.ArtifactHashes, payload, previous, hash);
            Assert.That(Convert.ToHexStringLower(hash), Is.EqualTo(expected), $"event {i}, one piece");

            var a = random.Next(0, payload.Length + 1);
            var b = random.Next(a, payload.Length + 1);
            HistoryHash.Compute(
                e.Tenant, e.InstanceId, e.Sequence, e.Type, e.Timestamp, e.Actor, e.ArtifactHashes,
                payload.AsSpan(0, a), payload.AsSpan(a, b - a), payload.AsSpan(b), previous, hash);
            Assert.That(Convert.ToHexStringLower(hash), Is.EqualTo(expected), $"event {i}, split at {a} and {b}");
        }
    }

    [Test]
    public void Hasher_EqualsThePlainRendering_ForRandomRunsOfEventsSharingTenantsInstancesAndLists()
    {
        // A store's hasher keeps the tenant and instance lines, the lines of lists it has seen and the date between
        // calls: random runs reuse, switch and change them (lists changed in place, other objects of equal text,
        // days that change from one event to the next, buffers outgrown and given back).
        var random = new Random(5_2026);
        var hasher = new HistoryHash.Hasher();
        Span<byte> hash = stackalloc byte[32];
        var lists = Enumerable.Range(0, 12).Select(_ => RandomEvent(random).ArtifactHashes.ToArray()).ToList();
        var instances = Enumerable.Range(0, 6).Select(_ => RandomText(random, 40)).ToList();
        var day = RandomInstant(random).UtcTicks;
        for (var i = 0; i < 6_000; i++)
        {
            var e = RandomEvent(random);
            var list = lists[random.Next(0, lists.Count)];
            switch (random.Next(0, 12))
            {
                case 0 when list.Length > 0:
                    list[random.Next(0, list.Length)] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)); // changed in place
                    break;
                case 1:
                    list = [.. list]; // equal strings, another array
                    break;
                case 2:
                    lists[random.Next(0, lists.Count)] = RandomEvent(random).ArtifactHashes.ToArray();
                    break;
            }

            IReadOnlyList<string> hashes = random.Next(0, 6) == 0 ? list.ToList() : list;
            var instance = random.Next(0, 8) == 0 ? new string(instances[random.Next(0, instances.Count)].AsSpan()) : instances[random.Next(0, instances.Count)];
            var tenant = random.Next(0, 8) == 0 ? TenantId.Parse("acme") : e.Tenant;
            var instant = random.Next(0, 3) switch
            {
                0 => e.Timestamp,
                1 => new DateTimeOffset(Math.Clamp(day + random.NextInt64(-TimeSpan.TicksPerDay, TimeSpan.TicksPerDay), 0, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero),
                _ => new DateTimeOffset(day, TimeSpan.Zero),
            };
            var previous = random.Next(0, 5) == 0 ? new byte[32] : RandomNumberGenerator.GetBytes(32);
            e = e with { Tenant = tenant, InstanceId = instance, Timestamp = instant, ArtifactHashes = hashes, PreviousHash = Convert.ToHexStringLower(previous) };
            var expected = Convert.ToHexStringLower(SHA256.HashData(Reference(e)));

            var payload = Encoding.UTF8.GetBytes(e.PayloadJson);
            var a = random.Next(0, payload.Length + 1);
            var b = random.Next(a, payload.Length + 1);
            hasher.Compute(
                e.Tenant, e.InstanceId, e.Sequence, e.Type, e.Timestamp, e.Actor, e.ArtifactHashes,
                payload.AsSpan(0, a), payload.AsSpan(a, b - a), payload.AsSpan(b), previous, hash);
            Assert.That(Convert.ToHexStringLower(hash), Is.EqualTo(expected), $"event {i}");
        }
    }

    [Test]
    public void Hasher_WithAPreviousHashThatIsNot32Bytes_IsRefused()
    {
        var hash = new byte[32];
        var e = Assert.Throws<ArgumentException>(() => new HistoryHash.Hasher().Compute(
            TenantId.Parse("acme"), "i-1", 1, "x", DateTimeOffset.UnixEpoch, "a", [], "{}"u8, default, default, new byte[31], hash));
        Assert.That(e!.ParamName, Is.EqualTo("previousHash"));
    }

    [Test]
    public void ComputeOverUtf8_WithAPreviousHashThatIsNot32Bytes_IsRefused()
    {
        var hash = new byte[32];
        var e = Assert.Throws<ArgumentException>(() => HistoryHash.Compute(
            TenantId.Parse("acme"), "i-1", 1, "x", DateTimeOffset.UnixEpoch, "a", [], "{}"u8, new byte[31], hash));
        Assert.That(e!.ParamName, Is.EqualTo("previousHash"));
    }
}
