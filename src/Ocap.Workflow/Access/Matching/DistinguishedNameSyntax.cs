using System.Text;

namespace Ocap.Workflow.Access;

/// <summary>
/// Parses RFC 4514 string DNs and turns them into a canonical key for distinguishedNameMatch (RFC 4517 section
/// 4.2.15): RDN by RDN in order, the AVAs of a multi-valued RDN in any order, attribute types compared by
/// identity (so <c>CN</c>, <c>commonName</c> and <c>2.5.4.3</c> are one type), values by the type's own equality
/// rule (case-insensitive with insignificant spaces for directory strings).
/// </summary>
/// <remarks>
/// Spaces around <c>,</c>, <c>+</c> and <c>=</c> are accepted (RFC 4514 lets parsers accept other forms) since the
/// value rules ignore them anyway. A DN whose AVA names a type the schema does not know, uses the BER
/// <c>#hex</c> form, or has a value invalid for its type is invalid: comparing it is Undefined, never a guess.
/// </remarks>
internal static class DistinguishedNameSyntax
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>The canonical key, or null when the DN is not valid or uses a type the schema does not know.</summary>
    public static string? Canonicalize(string text, AttributeSchema schema)
    {
        var rdns = Parse(text);
        if (rdns is null)
        {
            return null;
        }

        var builder = new StringBuilder(text.Length + 8);
        for (var r = 0; r < rdns.Count; r++)
        {
            var avas = new List<string>(rdns[r].Count);
            foreach (var (type, value) in rdns[r])
            {
                var attribute = schema.Find(type);
                if (attribute is null || attribute.Equality is null
                    || attribute.Equality.Family is RuleFamily.DistinguishedName)
                {
                    return null;
                }

                var key = ValuePreparation.Prepare(attribute.Equality.Family, value, schema).Key;
                if (key is null)
                {
                    return null;
                }

                avas.Add(attribute.Name.ToLowerInvariant() + "=" + Escape(key));
            }

            avas.Sort(StringComparer.Ordinal);
            if (r > 0)
            {
                builder.Append(',');
            }

            builder.AppendJoin('+', avas);
        }

        return builder.ToString();
    }

    private static string Escape(string key)
    {
        var builder = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            if (c is '\\' or ',' or '+' or '=')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Parses the RDN sequence; null when the string is not a DN.</summary>
    public static List<List<(string Type, string Value)>>? Parse(string text)
    {
        var rdns = new List<List<(string, string)>>();
        var i = 0;
        SkipSpaces(text, ref i);
        if (i == text.Length)
        {
            return rdns;
        }

        var rdn = new List<(string, string)>();
        while (true)
        {
            SkipSpaces(text, ref i);
            var typeStart = i;
            while (i < text.Length && (LdapNames.IsKeyChar(text[i]) || text[i] == '.'))
            {
                i++;
            }

            var type = text[typeStart..i];
            if (!LdapNames.IsOid(type))
            {
                return null;
            }

            SkipSpaces(text, ref i);
            if (i >= text.Length || text[i] != '=')
            {
                return null;
            }

            i++;
            SkipSpaces(text, ref i);
            var value = ParseValue(text, ref i);
            if (value is null)
            {
                return null;
            }

            rdn.Add((type, value));
            if (i == text.Length)
            {
                rdns.Add(rdn);
                return rdns;
            }

            if (text[i] == '+')
            {
                i++;
            }
            else if (text[i] == ',')
            {
                i++;
                rdns.Add(rdn);
                rdn = [];
            }
            else
            {
                return null;
            }
        }
    }

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }
    }

    private static string? ParseValue(string text, ref int i)
    {
        if (i < text.Length && text[i] == '#')
        {
            return null;
        }

        var bytes = new List<byte>();
        var lastSignificant = 0;
        Span<byte> utf8 = stackalloc byte[4];
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ',' or '+')
            {
                break;
            }

            if (c is '"' or ';' or '<' or '>' or '\0')
            {
                return null;
            }

            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    return null;
                }

                var next = text[i + 1];
                if (next is '\\' or '"' or '+' or ',' or ';' or '<' or '>' or ' ' or '#' or '=')
                {
                    bytes.Add((byte)next);
                    i += 2;
                }
                else if (i + 2 < text.Length && char.IsAsciiHexDigit(next) && char.IsAsciiHexDigit(text[i + 2]))
                {
                    bytes.Add(Convert.FromHexString(text.AsSpan(i + 1, 2))[0]);
                    i += 3;
                }
                else
                {
                    return null;
                }

                lastSignificant = bytes.Count;
                continue;
            }

            if (!Rune.TryGetRuneAt(text, i, out var rune))
            {
                return null;
            }

            var n = rune.EncodeToUtf8(utf8);
            for (var k = 0; k < n; k++)
            {
                bytes.Add(utf8[k]);
            }

            if (c != ' ')
            {
                lastSignificant = bytes.Count;
            }

            i += rune.Utf16SequenceLength;
        }

        // Unescaped trailing spaces belong to the separator, not the value.
        var octets = bytes.GetRange(0, lastSignificant).ToArray();
        if (octets.Length == 0)
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(octets);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
