using System.Security.Cryptography;
using System.Text;

namespace Ocap.Workflow.Sandbox;

/// <summary>
/// The SHA-256 content address of an artifact (a script, a form, a diagram): lowercase hexadecimal,
/// 64 characters. Two artifacts with the same bytes have the same hash, so a hash names exactly one content.
/// </summary>
public static class ContentHash
{
    /// <summary>Hashes the UTF-8 encoding of <paramref name="text"/>.</summary>
    /// <param name="text">The artifact's text, exactly as deployed (no normalisation of line endings).</param>
    /// <returns>64 lowercase hexadecimal characters.</returns>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var byteCount = Encoding.UTF8.GetByteCount(text);
        if (byteCount <= 1024)
        {
            Span<byte> buffer = stackalloc byte[byteCount];
            Encoding.UTF8.GetBytes(text, buffer);
            return Of(buffer);
        }

        return Of(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Hashes raw bytes.</summary>
    /// <param name="content">The artifact's bytes.</param>
    /// <returns>64 lowercase hexadecimal characters.</returns>
    public static string Of(ReadOnlySpan<byte> content)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, digest);
        return Convert.ToHexStringLower(digest);
    }
}
