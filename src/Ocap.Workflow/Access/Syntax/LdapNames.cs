namespace Ocap.Workflow.Access;

/// <summary>The lexical rules for names shared by filters, DNs and the schema (RFC 4512 section 1.4).</summary>
internal static class LdapNames
{
    /// <summary><c>ALPHA / DIGIT / HYPHEN</c>.</summary>
    public static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    /// <summary><c>descr = keystring = leadkeychar *keychar</c>.</summary>
    public static bool IsDescriptor(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        foreach (var c in text[1..])
        {
            if (!IsKeyChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>numericoid = number 1*( DOT number )</c> where a number has no leading zero.</summary>
    public static bool IsNumericOid(ReadOnlySpan<char> text)
    {
        var components = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '.')
            {
                var number = text[start..i];
                if (number.IsEmpty || (number.Length > 1 && number[0] == '0'))
                {
                    return false;
                }

                components++;
                start = i + 1;
            }
            else if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        return components >= 2;
    }

    /// <summary><c>oid = descr / numericoid</c>.</summary>
    public static bool IsOid(ReadOnlySpan<char> text) => IsDescriptor(text) || IsNumericOid(text);

    /// <summary><c>option = 1*keychar</c>.</summary>
    public static bool IsOptionName(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsKeyChar(c))
            {
                return false;
            }
        }

        return true;
    }
}
