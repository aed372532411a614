using System.Globalization;
using System.Text;

namespace Ocap.Workflow.Expressions.Feel;

internal enum TokenKind
{
    End,
    Number,
    String,
    Word,
    Punct,
    At,
}

/// <summary>One token. A <see cref="TokenKind.Word"/> is one word of a name; the parser joins words into names with spaces.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Text">The word, the punctuation, the decoded string, or the number's digits.</param>
/// <param name="Start">Offset of the first character.</param>
/// <param name="End">Offset after the last character.</param>
/// <param name="Quoted">A backtick-quoted name (<c>`a and b`</c>): always a name, never a keyword.</param>
internal readonly record struct Token(TokenKind Kind, string Text, int Start, int End, bool Quoted = false)
{
    public bool Is(string punctOrWord) =>
        (Kind == TokenKind.Punct || (Kind == TokenKind.Word && !Quoted)) && string.Equals(Text, punctOrWord, StringComparison.Ordinal);
}

/// <summary>Splits FEEL text into tokens, with positions for error messages.</summary>
internal static class Lexer
{
    private static readonly string[] Punctuation = ["..", "**", "!=", "<=", ">=", "(", ")", "[", "]", "{", "}", ",", ":", ".", "+", "-", "*", "/", "=", "<", ">"];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            i = SkipTrivia(text, i);
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "end of expression", i, i));
                return tokens;
            }

            var c = text[i];
            var start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }

                tokens.Add(new Token(TokenKind.Number, text[start..i], start, i));
            }
            else if (c == '"')
            {
                i = ReadString(text, i, out var value);
                tokens.Add(new Token(TokenKind.String, value, start, i));
            }
            else if (c == '`')
            {
                var close = text.IndexOf('`', i + 1);
                if (close < 0 || close == i + 1)
                {
                    throw new FeelParseException(text, i, close < 0 ? "unterminated `name`" : "empty `name`");
                }

                tokens.Add(new Token(TokenKind.Word, text[(i + 1)..close], start, close + 1, Quoted: true));
                i = close + 1;
            }
            else if (c == '@')
            {
                tokens.Add(new Token(TokenKind.At, "@", start, i + 1));
                i++;
            }
            else if (IsNameStart(c))
            {
                if (c == '?')
                {
                    i++;
                }
                else
                {
                    while (i < text.Length && IsNamePart(text[i]))
                    {
                        i++;
                    }
                }

                tokens.Add(new Token(TokenKind.Word, text[start..i], start, i));
            }
            else
            {
                var p = Array.Find(Punctuation, p => string.CompareOrdinal(text, i, p, 0, p.Length) == 0);
                if (p is null)
                {
                    throw new FeelParseException(text, i, $"unexpected character '{c}'");
                }

                tokens.Add(new Token(TokenKind.Punct, p, start, i + p.Length));
                i += p.Length;
            }
        }
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c is '_' or '?' or '$';

    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c is '_' or '$' or '\'';

    private static int SkipTrivia(string text, int i)
    {
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new FeelParseException(text, i, "unterminated comment");
                }

                i = close + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static int ReadString(string text, int i, out string value)
    {
        var sb = new StringBuilder();
        var start = i;
        i++;
        while (true)
        {
            if (i >= text.Length)
            {
                throw new FeelParseException(text, start, "unterminated string");
            }

            var c = text[i];
            if (c == '"')
            {
                value = sb.ToString();
                return i + 1;
            }

            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    throw new FeelParseException(text, i, "unterminated string");
                }

                var e = text[i + 1];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\'': sb.Append('\''); break;
                    case '\\': sb.Append('\\'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (i + 6 > text.Length || !int.TryParse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                        {
                            throw new FeelParseException(text, i, "invalid \\u escape: four hex digits expected");
                        }

                        sb.Append((char)code);
                        i += 4;
                        break;
                    default:
                        throw new FeelParseException(text, i, $"unknown escape '\\{e}' in string");
                }

                i += 2;
                continue;
            }

            sb.Append(c);
            i++;
        }
    }
}
