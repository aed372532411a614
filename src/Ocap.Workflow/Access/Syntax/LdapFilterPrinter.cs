using System.Text;

namespace Ocap.Workflow.Access;

/// <summary>
/// Prints a parsed filter in RFC 4515 form with canonical escapes: <c>(</c>, <c>)</c>, <c>*</c>, <c>\</c>, NUL,
/// the other C0 controls and DEL, and every octet that is not part of well-formed UTF-8 are written as lower-case
/// <c>\xx</c>; all other characters are written raw. Attribute descriptions and matching rules are printed as
/// written. Parsing the output gives back an equal tree.
/// </summary>
internal static class LdapFilterPrinter
{
    public static string Print(FilterNode node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, FilterNode node)
    {
        builder.Append('(');
        switch (node)
        {
            case FilterSet set:
                builder.Append(set.Kind == FilterKind.And ? '&' : '|');
                foreach (var child in set.Children)
                {
                    Append(builder, child);
                }

                break;
            case FilterNot not:
                builder.Append('!');
                Append(builder, not.Child);
                break;
            case FilterComparison comparison:
                builder.Append(comparison.Attribute.ToString());
                builder.Append(comparison.Kind switch
                {
                    FilterKind.Equality => "=",
                    FilterKind.Approximate => "~=",
                    FilterKind.GreaterOrEqual => ">=",
                    _ => "<=",
                });
                AppendValue(builder, comparison.Value);
                break;
            case FilterPresent present:
                builder.Append(present.Attribute.ToString()).Append("=*");
                break;
            case FilterSubstrings substrings:
                builder.Append(substrings.Attribute.ToString()).Append('=');
                if (substrings.Initial is not null)
                {
                    AppendValue(builder, substrings.Initial);
                }

                builder.Append('*');
                foreach (var any in substrings.Any)
                {
                    AppendValue(builder, any);
                    builder.Append('*');
                }

                if (substrings.Final is not null)
                {
                    AppendValue(builder, substrings.Final);
                }

                break;
            case FilterExtensible extensible:
                if (extensible.Attribute is not null)
                {
                    builder.Append(extensible.Attribute.ToString());
                }

                if (extensible.DnAttributes)
                {
                    builder.Append(":dn");
                }

                if (extensible.MatchingRule is not null)
                {
                    builder.Append(':').Append(extensible.MatchingRule);
                }

                builder.Append(":=");
                AppendValue(builder, extensible.Value);
                break;
            default:
                throw new InvalidOperationException($"Unknown filter node {node.GetType().Name}.");
        }

        builder.Append(')');
    }

    private static void AppendValue(StringBuilder builder, AssertionValue value)
    {
        var octets = value.Octets.AsSpan();
        while (!octets.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(octets, out var rune, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                AppendEscape(builder, octets[0]);
                octets = octets[1..];
                continue;
            }

            var v = rune.Value;
            if (v is '(' or ')' or '*' or '\\' or < 0x20 or 0x7F)
            {
                AppendEscape(builder, (byte)v);
            }
            else
            {
                builder.Append(rune.ToString());
            }

            octets = octets[consumed..];
        }
    }

    private static void AppendEscape(StringBuilder builder, byte b) =>
        builder.Append('\\').Append("0123456789abcdef"[b >> 4]).Append("0123456789abcdef"[b & 0xF]);
}
