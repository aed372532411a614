using System.Security.Cryptography;
using System.Text;
using Ocap.Workflow.History;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Tests.History;

public class HistoryHashTests
{
    private static readonly TenantId Acme = TenantId.Parse("acme");
    private const string ScriptHash = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    private static HistoryEvent Sample(string previous = HistoryHash.Genesis) => new(
        Acme, "i-1", 1, "script-decision", new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(5), "zoë",
        [ScriptHash], "{\"output\":\"a\nb\"}", previous, string.Empty);

    [Test]
    public void CanonicalBytes_FollowTheDocumentedLayoutByteForByte()
    {
        var expected =
            "ocapwf-history-v1\n" +
            "tenant 4:acme\n" +
            "instance 3:i-1\n" +
            "sequence 1\n" +
            "type 15:script-decision\n" +
            "timestamp 2026-03-01T09:00:00.0000005Z\n" +
            "actor 4:zoë\n" +
            "artifacts 1\n" +
            "64:" + ScriptHash + "\n" +
            "payload 16:{\"output\":\"a\nb\"}\n" +
            "previous " + HistoryHash.Genesis + "\n";

        Assert.That(Encoding.UTF8.GetString(HistoryHash.CanonicalBytes(Sample())), Is.EqualTo(expected));
        Assert.That(HistoryHash.Compute(Sample()), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(expected)))));
    }

    [Test]
    public void Compute_IgnoresTheOffsetOfTheTimestampButNotTheInstant()
    {
        var utc = Sample();
        var sameInstant = utc with { Timestamp = utc.Timestamp.ToOffset(TimeSpan.FromHours(5)) };
        var nextTick = utc with { Timestamp = utc.Timestamp.AddTicks(1) };
        Assert.That(HistoryHash.Compute(sameInstant), Is.EqualTo(HistoryHash.Compute(utc)));
        Assert.That(HistoryHash.Compute(nextTick), Is.Not.EqualTo(HistoryHash.Compute(utc)));
    }

    [Test]
    public void CanonicalBytes_TimestampLine_IsTheDocumentedFormatForEveryInstant()
    {
        var random = new Random(7);
        var instants = new List<DateTimeOffset> { DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new(1, 1, 1, 0, 0, 0, TimeSpan.Zero), new(999, 12, 31, 23, 59, 59, TimeSpan.Zero) };
        for (var i = 0; i < 500; i++)
        {
            instants.Add(new DateTimeOffset(random.NextInt64(DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero));
        }

        foreach (var instant in instants)
        {
            var text = Encoding.UTF8.GetString(HistoryHash.CanonicalBytes(Sample() with { Timestamp = instant }));
            var expected = "timestamp " + instant.UtcDateTime.ToString(HistoryHash.TimestampFormat, System.Globalization.CultureInfo.InvariantCulture) + "\n";
            Assert.That(text, Does.Contain(expected), instant.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Test]
    public void Compute_LengthPrefixesKeepFieldBoundariesUnambiguous()
    {
        var a = Sample() with { Type = "ab", Actor = "c" };
        var b = Sample() with { Type = "a", Actor = "bc" };
        Assert.That(HistoryHash.Compute(a), Is.Not.EqualTo(HistoryHash.Compute(b)));
    }

    [Test]
    public void Compute_DependsOnTenantInstanceAndPreviousHash()
    {
        var baseline = HistoryHash.Compute(Sample());
        Assert.That(HistoryHash.Compute(Sample() with { Tenant = TenantId.Parse("globex") }), Is.Not.EqualTo(baseline));
        Assert.That(HistoryHash.Compute(Sample() with { InstanceId = "i-2" }), Is.Not.EqualTo(baseline));
        Assert.That(HistoryHash.Compute(Sample(previous: new string('1', 64))), Is.Not.EqualTo(baseline));
    }

    [Test]
    public void HistoryEventDraft_WithAMalformedArtifactHash_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new HistoryEventDraft("x", DateTimeOffset.UnixEpoch, "a", ["ABC"], "{}"));
        Assert.That(e!.ParamName, Is.EqualTo("artifactHashes"));
    }

    [Test]
    public void HistoryEventDraft_WithAPayloadThatIsNotJson_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new HistoryEventDraft("x", DateTimeOffset.UnixEpoch, "a", [], "{\"a\":1} trailing"));
        Assert.That(e!.ParamName, Is.EqualTo("payloadJson"));
    }
}
