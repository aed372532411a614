namespace Ocap.Workflow.Access;

/// <summary>
/// RFC 4517 section 3.3.16 INTEGER: <c>( HYPHEN LDIGIT *DIGIT ) / number</c> — no '+', no leading zeros, no
/// "-0", any magnitude. A valid value is its own canonical form, so integers are compared as text: by sign, then
/// length, then digits, which needs no big-number arithmetic and allocates nothing.
/// </summary>
internal static class IntegerSyntax
{
    public static bool IsValid(string text)
    {
        var s = text.AsSpan();
        if (s.Length > 0 && s[0] == '-')
        {
            s = s[1..];
            if (s.Length == 0 || s[0] == '0')
            {
                return false;
            }
        }

        if (s.Length == 0 || (s.Length > 1 && s[0] == '0'))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Compares two valid integers: negative, zero or positive as <paramref name="a"/> is less, equal or greater.</summary>
    public static int Compare(string a, string b)
    {
        var aNegative = a[0] == '-';
        var bNegative = b[0] == '-';
        if (aNegative != bNegative)
        {
            return aNegative ? -1 : 1;
        }

        var magnitude = a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
        return aNegative ? -magnitude : magnitude;
    }
}
