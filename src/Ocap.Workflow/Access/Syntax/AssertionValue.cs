using System.Text;

namespace Ocap.Workflow.Access;

/// <summary>
/// An assertion value exactly as the filter carries it: an octet string (after <c>\XX</c> unescaping), and its
/// text when the octets are well-formed UTF-8. Every syntax we support is textual, so a value that is not UTF-8
/// can never match and makes its filter item Undefined.
/// </summary>
internal sealed class AssertionValue : IEquatable<AssertionValue>
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public AssertionValue(byte[] octets)
    {
        Octets = octets;
        try
        {
            Text = StrictUtf8.GetString(octets);
        }
        catch (DecoderFallbackException)
        {
            Text = null;
        }
    }

    public static AssertionValue FromText(string text) => new(Encoding.UTF8.GetBytes(text));

    public byte[] Octets { get; }

    /// <summary>The value as text, or null when the octets are not well-formed UTF-8.</summary>
    public string? Text { get; }

    public bool Equals(AssertionValue? other) => other is not null && Octets.AsSpan().SequenceEqual(other.Octets);

    public override bool Equals(object? obj) => Equals(obj as AssertionValue);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Octets);
        return hash.ToHashCode();
    }
}
