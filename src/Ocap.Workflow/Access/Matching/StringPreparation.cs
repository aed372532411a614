using System.Globalization;
using System.Text;

namespace Ocap.Workflow.Access;

/// <summary>Where a prepared string will be matched (RFC 4518 section 2.6.1 treats the four differently).</summary>
internal enum SpaceContext
{
    /// <summary>A whole attribute or assertion value.</summary>
    Value,

    /// <summary>The initial component of a substring assertion.</summary>
    Initial,

    /// <summary>An any component of a substring assertion.</summary>
    Any,

    /// <summary>The final component of a substring assertion.</summary>
    Final,
}

/// <summary>
/// RFC 4518 string preparation for the directory-string matching rules: Map (controls and joiners to nothing,
/// separators to SPACE, optional case folding), Normalize (NFKC), Prohibit (unassigned, private use,
/// non-characters, surrogates, display-changing characters, U+FFFD), and Insignificant Space Handling.
/// </summary>
/// <remarks>
/// Two deliberate approximations, both documented in docs/adr/0003: "unassigned" means unassigned in the Unicode
/// version of the running .NET (newer than the Unicode 3.2 that RFC 4518 names, so newer characters are accepted);
/// case folding is invariant lower-casing plus the full case-folding entries of RFC 3454 table B.2 that differ from
/// it (ß, ẞ, ς, ŉ, İ, ...), applied before and after NFKC so that compatibility characters fold too.
/// The space handling is RFC 4518's exactly: a value becomes one leading SPACE, its words separated by exactly two
/// SPACEs, one trailing SPACE; substring components get the matching one-SPACE edges. With that encoding plain
/// ordinal comparison and substring search give RFC 4518's results.
/// </remarks>
internal static class StringPreparation
{
    /// <summary>Runs Map, Normalize and Prohibit; null when a prohibited character remains.</summary>
    public static string? MapNormalizeProhibit(string input, bool foldCase)
    {
        var mapped = Map(input, foldCase);
        if (mapped is null)
        {
            return null;
        }

        var normalized = mapped.Normalize(NormalizationForm.FormKC);
        if (foldCase)
        {
            var refolded = Map(normalized, foldCase: true);
            if (refolded is null)
            {
                return null;
            }

            if (!string.Equals(refolded, normalized, StringComparison.Ordinal))
            {
                normalized = refolded.Normalize(NormalizationForm.FormKC);
            }
        }

        return IsProhibited(normalized) ? null : normalized;
    }

    /// <summary>Case-ignore preparation of a whole value (caseIgnoreMatch and friends).</summary>
    public static string? PrepareCaseIgnore(string input, SpaceContext context) =>
        MapNormalizeProhibit(input, foldCase: true) is { } s ? HandleSpaces(s, context) : null;

    /// <summary>Case-exact preparation of a whole value (caseExactMatch and friends).</summary>
    public static string? PrepareCaseExact(string input, SpaceContext context) =>
        MapNormalizeProhibit(input, foldCase: false) is { } s ? HandleSpaces(s, context) : null;

    /// <summary>
    /// The folding behind <c>~=</c>: case-ignore preparation, then decomposition with every combining mark
    /// removed (so <c>é</c> matches <c>e</c>), recomposed, then insignificant space handling.
    /// </summary>
    public static string? PrepareApproximate(string input)
    {
        var folded = MapNormalizeProhibit(input, foldCase: true);
        if (folded is null)
        {
            return null;
        }

        var decomposed = folded.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark))
            {
                builder.Append(rune.ToString());
            }
        }

        return HandleSpaces(builder.ToString().Normalize(NormalizationForm.FormC), SpaceContext.Value);
    }

    /// <summary>Whether every character is in IA5 (ASCII), as the IA5 rules require of both operands.</summary>
    public static bool IsIA5(string text)
    {
        foreach (var c in text)
        {
            if (c > 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    private static string? Map(string input, bool foldCase)
    {
        var builder = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (!Rune.TryGetRuneAt(input, i, out var rune))
            {
                return null;
            }

            i += rune.Utf16SequenceLength - 1;
            var v = rune.Value;
            if (MapsToNothing(v))
            {
                continue;
            }

            if (MapsToSpace(v))
            {
                builder.Append(' ');
                continue;
            }

            if (!foldCase)
            {
                builder.Append(rune.ToString());
                continue;
            }

            var special = FullCaseFold(v);
            if (special is not null)
            {
                builder.Append(special);
            }
            else
            {
                builder.Append(Rune.ToLowerInvariant(rune).ToString());
            }
        }

        return builder.ToString();
    }

    private static bool MapsToNothing(int v) =>
        v is 0x00AD or 0x1806 or 0x034F or (>= 0x180B and <= 0x180D) or (>= 0xFE00 and <= 0xFE0F) or 0xFFFC or 0x200B
            or (>= 0x0000 and <= 0x0008) or (>= 0x000E and <= 0x001F) or (>= 0x007F and <= 0x0084) or (>= 0x0086 and <= 0x009F)
            or 0x06DD or 0x070F or 0x180E or (>= 0x200C and <= 0x200F) or (>= 0x202A and <= 0x202E) or (>= 0x2060 and <= 0x2063)
            or (>= 0x206A and <= 0x206F) or 0xFEFF or (>= 0xFFF9 and <= 0xFFFB) or (>= 0x1D173 and <= 0x1D17A) or 0xE0001
            or (>= 0xE0020 and <= 0xE007F);

    private static bool MapsToSpace(int v) =>
        v is 0x0009 or 0x000A or 0x000B or 0x000C or 0x000D or 0x0085
            or 0x0020 or 0x00A0 or 0x1680 or (>= 0x2000 and <= 0x200A) or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000;

    /// <summary>The RFC 3454 B.2 entries that map one character to several, or differ from simple lower-casing.</summary>
    private static string? FullCaseFold(int v) =>
        v switch
        {
            0x00DF => "ss",
            0x1E9E => "ss",
            0x0130 => "i\u0307",
            0x0149 => "\u02BCn",
            0x01F0 => "j\u030C",
            0x0390 => "\u03B9\u0308\u0301",
            0x03B0 => "\u03C5\u0308\u0301",
            0x03C2 => "\u03C3",
            0x03D0 => "\u03B2",
            0x03D1 => "\u03B8",
            0x03D5 => "\u03C6",
            0x03D6 => "\u03C0",
            0x03F0 => "\u03BA",
            0x03F1 => "\u03C1",
            0x03F5 => "\u03B5",
            0x0587 => "\u0565\u0582",
            0x1E96 => "h\u0331",
            0x1E97 => "t\u0308",
            0x1E98 => "w\u030A",
            0x1E99 => "y\u030A",
            0x1E9A => "a\u02BE",
            0x1E9B => "\u1E61",
            0x1FBE => "\u03B9",
            0xFB00 => "ff",
            0xFB01 => "fi",
            0xFB02 => "fl",
            0xFB03 => "ffi",
            0xFB04 => "ffl",
            0xFB05 => "st",
            0xFB06 => "st",
            _ => null,
        };

    private static bool IsProhibited(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            if (v == 0xFFFD
                || v is 0x0340 or 0x0341 or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x206A and <= 0x206F)
                || v is >= 0xFDD0 and <= 0xFDEF
                || (v & 0xFFFE) == 0xFFFE)
            {
                return true;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate)
            {
                return true;
            }
        }

        // EnumerateRunes replaces an unpaired surrogate with U+FFFD, which is caught above.
        return false;
    }

    /// <summary>
    /// RFC 4518 section 2.6.1. A "space" is U+0020 not followed by a combining mark. For a value: no non-space
    /// characters gives two SPACEs; otherwise one leading SPACE, inner runs become exactly two, one trailing SPACE.
    /// For substring components: all spaces gives one SPACE; otherwise inner runs become two, an initial starts
    /// with one SPACE, an initial or any ending in spaces ends with one, an any or final starting with spaces
    /// starts with one, and a final ends with one.
    /// </summary>
    public static string HandleSpaces(string text, SpaceContext context)
    {
        var words = new List<string>();
        var leading = false;
        var trailing = false;
        var i = 0;
        var wordStart = -1;
        var sawNonSpace = false;
        while (i < text.Length)
        {
            var isSpace = IsSignificantSpaceAt(text, i);
            if (isSpace)
            {
                if (wordStart >= 0)
                {
                    words.Add(text[wordStart..i]);
                    wordStart = -1;
                }
                else if (!sawNonSpace)
                {
                    leading = true;
                }

                i++;
            }
            else
            {
                sawNonSpace = true;
                if (wordStart < 0)
                {
                    wordStart = i;
                }

                i++;
            }
        }

        if (wordStart >= 0)
        {
            words.Add(text[wordStart..]);
        }
        else if (sawNonSpace)
        {
            trailing = true;
        }

        if (!sawNonSpace)
        {
            return context == SpaceContext.Value ? "  " : " ";
        }

        var builder = new StringBuilder(text.Length + 4);
        var startSpace = context switch
        {
            SpaceContext.Value or SpaceContext.Initial => true,
            _ => leading,
        };
        var endSpace = context switch
        {
            SpaceContext.Value or SpaceContext.Final => true,
            _ => trailing,
        };
        if (startSpace)
        {
            builder.Append(' ');
        }

        for (var w = 0; w < words.Count; w++)
        {
            if (w > 0)
            {
                builder.Append("  ");
            }

            builder.Append(words[w]);
        }

        if (endSpace)
        {
            builder.Append(' ');
        }

        return builder.ToString();
    }

    private static bool IsSignificantSpaceAt(string text, int i)
    {
        if (text[i] != ' ')
        {
            return false;
        }

        if (i + 1 < text.Length && Rune.TryGetRuneAt(text, i + 1, out var next))
        {
            var category = Rune.GetUnicodeCategory(next);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                return false;
            }
        }

        return true;
    }
}
