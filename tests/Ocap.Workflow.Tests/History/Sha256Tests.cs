using System.Security.Cryptography;
using Ocap.Workflow.History;

namespace Ocap.Workflow.Tests.History;

/// <summary>The history's SHA-256 (OpenSSL's routines where present) gives what .NET's SHA-256 gives.</summary>
[TestFixture]
public class Sha256Tests
{
    [Test]
    public void OnLinux_OpenSslRoutinesAreFoundAndUsed()
    {
        // CI and our machines are Linux with OpenSSL 3: the fast path must be the one these tests exercise there.
        Assert.That(Sha256.UsesOpenSslRoutines, Is.EqualTo(OperatingSystem.IsLinux()));
    }

    [Test]
    public void HashData_EqualsDotNetSha256_ForEveryLengthAcrossBlockBoundaries()
    {
        var random = new Random(7);
        var input = new byte[5_000];
        random.NextBytes(input);
        Span<byte> ours = stackalloc byte[32];
        Span<byte> reference = stackalloc byte[32];
        var lengths = Enumerable.Range(0, 200).Concat([447, 448, 511, 512, 513, 1_000, 4_095, 4_096, 5_000]);
        foreach (var length in lengths)
        {
            var data = input.AsSpan(random.Next(0, 8), Math.Min(length, input.Length - 8));
            Sha256.HashData(data, ours);
            SHA256.HashData(data, reference);
            Assert.That(ours.ToArray(), Is.EqualTo(reference.ToArray()), $"length {data.Length}");
        }
    }

    [Test]
    public void HashData_OfAbc_IsTheFips180Example()
    {
        Span<byte> digest = stackalloc byte[32];
        Sha256.HashData("abc"u8, digest);
        Assert.That(Convert.ToHexStringLower(digest), Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    [Test]
    public void HashData_OfPieces_EqualsTheHashOfTheirConcatenation_OnBothPaths()
    {
        var random = new Random(11);
        var input = new byte[6_000];
        random.NextBytes(input);
        Span<byte> pieces = stackalloc byte[32];
        Span<byte> concatenated = stackalloc byte[32];
        Span<byte> reference = stackalloc byte[32];
        for (var i = 0; i < 500; i++)
        {
            var cuts = Enumerable.Range(0, 4).Select(_ => random.Next(0, i % 10 == 0 ? 6_001 : 700)).Order().ToArray();
            var end = cuts[3] + random.Next(0, input.Length - cuts[3] + 1);
            var data = input.AsSpan(0, end);
            Sha256.HashData(data[..cuts[0]], data[cuts[0]..cuts[1]], data[cuts[1]..cuts[2]], data[cuts[2]..cuts[3]], data[cuts[3]..], pieces);
            Sha256.HashConcatenated(data[..cuts[0]], data[cuts[0]..cuts[1]], data[cuts[1]..cuts[2]], data[cuts[2]..cuts[3]], data[cuts[3]..], concatenated);
            SHA256.HashData(data, reference);
            Assert.That(pieces.ToArray(), Is.EqualTo(reference.ToArray()), $"cuts {string.Join(',', cuts)}, length {end}");
            Assert.That(concatenated.ToArray(), Is.EqualTo(reference.ToArray()), $"cuts {string.Join(',', cuts)}, length {end}");
        }
    }
}
