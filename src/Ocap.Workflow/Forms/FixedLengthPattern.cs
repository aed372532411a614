namespace Ocap.Workflow.Forms;

/// <summary>
/// A <c>validate.pattern</c> that only describes text of one length, one character set per position: <c>^</c>, then
/// literals, escaped punctuation, <c>\d</c>, <c>\w</c>, <c>.</c> and classes of those and ranges (not negated), each
/// once or repeated by an exact <c>{n}</c>, then <c>$</c> — such as <c>^[A-Z]{2}[0-9]{3}$</c>. Without flags JavaScript
/// anchors <c>^</c>/<c>$</c> at the ends of the input, so such a pattern matches exactly the texts of that length whose
/// characters (UTF-16 code units, as JavaScript compares them without the <c>u</c> flag) fall in their position's set.
/// Checking that is a length comparison and one pass, with no regex runner or match timeout to set up; any other
/// pattern keeps its compiled <see cref="System.Text.RegularExpressions.Regex"/>.
/// </summary>
internal sealed class FixedLengthPattern
{
    private const string SyntaxCharacters = @"^$\.*+?()[]{}|/";

    // Sets are built per pattern (at plan time), so no array is shared between validators.
    // JavaScript's line terminators, which '.' does not match without the s flag.
    private static (char Low, char High)[] AnyButLineTerminator() =>
        [('\u0000', '\u0009'), ('\u000B', '\u000C'), ('\u000E', '\u2027'), ('\u202A', '\uFFFF')];

    private static (char Low, char High)[] Digit() => [('0', '9')];

    private static (char Low, char High)[] Word() => [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];

    private readonly (char Low, char High)[][] _positions;

    private FixedLengthPattern((char Low, char High)[][] positions) => _positions = positions;

    /// <summary>How many characters a matching text has.</summary>
    public int Length => _positions.Length;

    /// <summary>Reads <paramref name="pattern"/> (JavaScript source, no flags); <see langword="null"/> when it is not of this simple shape.</summary>
    public static FixedLengthPattern? TryCreate(string pattern)
    {
        if (pattern.Length < 2 || pattern[0] != '^' || pattern[^1] != '$')
        {
            return null;
        }

        var positions = new List<(char, char)[]>();
        var body = pattern.AsSpan(1, pattern.Length - 2);
        var i = 0;
        while (i < body.Length)
        {
            var set = ReadAtom(body, ref i);
            if (set is null)
            {
                return null;
            }

            var count = 1;
            if (i < body.Length && body[i] == '{')
            {
                var close = body[i..].IndexOf('}');
                if (close < 2 || !int.TryParse(body.Slice(i + 1, close - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count > 1000)
                {
                    return null;
                }

                i += close + 1;
            }

            if (positions.Count + count > 1000)
            {
                return null;
            }

            for (var k = 0; k < count; k++)
            {
                positions.Add(set);
            }
        }

        return new FixedLengthPattern([.. positions]);
    }

    /// <summary>Whether <paramref name="text"/> matches (as <c>RegExp.prototype.test</c> answers).</summary>
    public bool IsMatch(ReadOnlySpan<char> text)
    {
        if (text.Length != _positions.Length)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (!In(_positions[i], text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><see cref="IsMatch"/> for a text given as its bytes, each byte one ASCII character.</summary>
    /// <param name="ascii">The text's characters, all below 128.</param>
    public bool IsMatchAscii(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length != _positions.Length)
        {
            return false;
        }

        for (var i = 0; i < ascii.Length; i++)
        {
            if (!In(_positions[i], (char)ascii[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool In((char Low, char High)[] set, char c)
    {
        foreach (var (low, high) in set)
        {
            if (c >= low && c <= high)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One atom outside a class: its character set, or <see langword="null"/> when it is not a supported one.</summary>
    private static (char Low, char High)[]? ReadAtom(ReadOnlySpan<char> body, ref int i)
    {
        var c = body[i];
        if (c == '[')
        {
            return ReadClass(body, ref i);
        }

        if (c == '.')
        {
            i++;
            return AnyButLineTerminator();
        }

        if (c == '\\')
        {
            var set = ReadEscape(body, ref i);
            return set;
        }

        if (SyntaxCharacters.Contains(c))
        {
            return null;
        }

        i++;
        return [(c, c)];
    }

    /// <summary><c>\d</c>, <c>\w</c> or an escaped syntax character, starting at the backslash.</summary>
    private static (char Low, char High)[]? ReadEscape(ReadOnlySpan<char> body, ref int i)
    {
        if (i + 1 >= body.Length)
        {
            return null;
        }

        var e = body[i + 1];
        i += 2;
        return e switch
        {
            'd' => Digit(),
            'w' => Word(),
            '-' => [('-', '-')],
            _ when SyntaxCharacters.Contains(e) => [(e, e)],
            _ => null,
        };
    }

    /// <summary>A class without negation: literals, escapes as above and ranges between literals.</summary>
    private static (char Low, char High)[]? ReadClass(ReadOnlySpan<char> body, ref int i)
    {
        var start = i;
        i++;
        if (i >= body.Length || body[i] is '^' or ']')
        {
            // A negated class or JavaScript's empty class (which matches nothing): left to the regex.
            return null;
        }

        var set = new List<(char, char)>();
        while (i < body.Length && body[i] != ']')
        {
            var (low, isLiteral, escaped) = ReadClassItem(body, ref i);
            if (escaped is not null)
            {
                set.AddRange(escaped);
                if (i + 1 < body.Length && body[i] == '-' && body[i + 1] != ']')
                {
                    // A range from \d or \w: JavaScript (Annex B) reads it as the class, '-' and the next item; left to the regex.
                    return null;
                }

                continue;
            }

            if (!isLiteral)
            {
                return null;
            }

            if (i + 1 < body.Length && body[i] == '-' && body[i + 1] != ']')
            {
                i++;
                var (high, highIsLiteral, highEscaped) = ReadClassItem(body, ref i);
                if (!highIsLiteral || highEscaped is not null || high < low)
                {
                    return null;
                }

                set.Add((low, high));
            }
            else
            {
                set.Add((low, low));
            }
        }

        if (i >= body.Length || i == start + 1)
        {
            return null;
        }

        i++;
        return [.. set];
    }

    /// <summary>One class item: a literal character, or the set of <c>\d</c>/<c>\w</c>; not a literal and no set when unsupported.</summary>
    private static (char Literal, bool IsLiteral, (char Low, char High)[]? Set) ReadClassItem(ReadOnlySpan<char> body, ref int i)
    {
        var c = body[i];
        if (c != '\\')
        {
            i++;
            return c is '[' ? default : (c, true, null);
        }

        if (i + 1 >= body.Length)
        {
            return default;
        }

        var e = body[i + 1];
        i += 2;
        return e switch
        {
            'd' => (default, false, Digit()),
            'w' => (default, false, Word()),
            '-' => ('-', true, null),
            _ when SyntaxCharacters.Contains(e) => (e, true, null),
            _ => default,
        };
    }
}
