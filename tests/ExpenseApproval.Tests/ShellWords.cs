using System.Text;

namespace ExpenseApproval.Tests;

/// <summary>A word of a shell command line: its text (quotes removed), whether it was quoted, and whether it is an operator (<c>|</c>).</summary>
/// <param name="Text">The text, with quotes removed and variables still as <c>$NAME</c> (expanded later, except in single quotes).</param>
/// <param name="Parts">The word's pieces: literal text, or a variable name to expand.</param>
/// <param name="IsOperator">Whether this is an unquoted <c>|</c>.</param>
internal sealed record ShellWord(string Text, IReadOnlyList<(string Text, bool IsVariable)> Parts, bool IsOperator)
{
    public string Expand(IReadOnlyDictionary<string, string> variables) => string.Concat(Parts.Select(p =>
        !p.IsVariable ? p.Text
        : variables.TryGetValue(p.Text, out var value) ? value
        : throw new InvalidOperationException($"The README session uses ${p.Text} before it assigns it.")));
}

/// <summary>
/// Splits the small subset of POSIX shell the README uses: words separated by blanks, single quotes (literal),
/// double quotes and bare words (with <c>$NAME</c> expansion), and the pipe. Anything else (backticks, redirections,
/// <c>;</c>, <c>&amp;&amp;</c>, escapes) is refused rather than misread.
/// </summary>
internal static class ShellWords
{
    public static IReadOnlyList<ShellWord> Split(string line)
    {
        var words = new List<ShellWord>();
        var i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= line.Length)
            {
                return words;
            }

            if (line[i] == '|')
            {
                words.Add(new ShellWord("|", [("|", false)], IsOperator: true));
                i++;
                continue;
            }

            var parts = new List<(string Text, bool IsVariable)>();
            var literal = new StringBuilder();
            while (i < line.Length && line[i] is not (' ' or '\t' or '|'))
            {
                var c = line[i];
                if (c == '\'')
                {
                    var end = line.IndexOf('\'', i + 1);
                    if (end < 0)
                    {
                        throw new FormatException($"Unclosed single quote in '{line}'.");
                    }

                    literal.Append(line, i + 1, end - i - 1);
                    i = end + 1;
                }
                else if (c == '"')
                {
                    i++;
                    while (i < line.Length && line[i] != '"')
                    {
                        i = ReadCharOrVariable(line, i, literal, parts);
                    }

                    if (i >= line.Length)
                    {
                        throw new FormatException($"Unclosed double quote in '{line}'.");
                    }

                    i++;
                }
                else if (c is '`' or ';' or '&' or '<' or '>' or '\\' or '(' or ')')
                {
                    throw new FormatException($"The README session uses '{c}' in '{line}', which its replay does not support.");
                }
                else
                {
                    i = ReadCharOrVariable(line, i, literal, parts);
                }
            }

            Flush(literal, parts);
            words.Add(new ShellWord(string.Concat(parts.Select(p => p.IsVariable ? "$" + p.Text : p.Text)), parts, IsOperator: false));
        }
    }

    private static int ReadCharOrVariable(string line, int i, StringBuilder literal, List<(string Text, bool IsVariable)> parts)
    {
        if (line[i] != '$')
        {
            literal.Append(line[i]);
            return i + 1;
        }

        var start = i + 1;
        var end = start;
        while (end < line.Length && (char.IsAsciiLetterOrDigit(line[end]) || line[end] == '_'))
        {
            end++;
        }

        if (end == start)
        {
            throw new FormatException($"A '$' that is not a variable reference in '{line}'.");
        }

        Flush(literal, parts);
        parts.Add((line[start..end], true));
        return end;
    }

    private static void Flush(StringBuilder literal, List<(string Text, bool IsVariable)> parts)
    {
        if (literal.Length > 0)
        {
            parts.Add((literal.ToString(), false));
            literal.Clear();
        }
    }
}
