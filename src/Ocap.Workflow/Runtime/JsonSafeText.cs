using System.Buffers;
using System.Text.Json;

namespace Ocap.Workflow.Runtime;

/// <summary>
/// Which JSON texts the runtime's writer (<see cref="Utf8JsonWriter"/> with the default encoder, compact) writes back
/// unchanged, so that a payload writer may copy them instead of writing them again.
/// </summary>
internal static class JsonSafeText
{
    /// <summary>Longer strings go through the writer (which also enforces its token size limits).</summary>
    public const int MaxLength = 4096;

    /// <summary>Strings up to this length are checked character by character (<see cref="IsSafe(char)"/>), longer ones by vector.</summary>
    public const int ShortLength = 24;

    /// <summary>
    /// Nesting deeper than this goes through the writer (which enforces its depth limit); parsed elements are at most
    /// 64 deep by default.
    /// </summary>
    private const int MaxDepth = 64;

    /// <summary>
    /// Printable ASCII (space to tilde) except what the default encoder escapes: the quote, the backslash and the
    /// HTML-sensitive <c>&amp; ' + &lt; &gt;</c> and the backtick.
    /// </summary>
    private static readonly SearchValues<byte> Safe = SearchValues.Create(
        " !#$%()*,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz{|}~"u8);

    /// <summary><see cref="Safe"/> and the quote: every byte of a compact text whose strings are all safe.</summary>
    private static readonly SearchValues<byte> SafeOrQuote = SearchValues.Create(
        " !\"#$%()*,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz{|}~"u8);

    /// <summary>Whether the writer writes <paramref name="c"/> as it is (see <see cref="Safe"/>).</summary>
    public static bool IsSafe(char c) => c < 128 && SafeAscii[c] != 0;

    /// <summary><see cref="Safe"/> as a table by character code (1: safe).</summary>
    private static ReadOnlySpan<byte> SafeAscii =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // controls
        1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, // space ! " # $ % & ' ( ) * + , - . / 0-9 : ; < = > ?
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, // @ A-Z [ \ ] ^ _
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, // ` a-z { | } ~ DEL
    ];

    /// <summary>
    /// <see cref="SafeOrQuote"/> as a table by byte (0: neither), with the bytes that need <see cref="IsCanonical"/>'s walk
    /// (the space, <c>{</c> and <c>[</c>) marked 3 and the others 1.
    /// </summary>
    private static ReadOnlySpan<byte> CanonicalAscii =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // controls
        3, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, // space ! " # $ % & ' ( ) * + , - . / 0-9 : ; < = > ?
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 0, 1, 1, 1, // @ A-Z [ \ ] ^ _
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1, 0, // ` a-z { | } ~ DEL
    ];

    /// <summary><see cref="Safe"/> as characters.</summary>
    private static readonly SearchValues<char> SafeChars = SearchValues.Create(
        " !#$%()*,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Whether every byte of a string's content is written by the writer as it is.</summary>
    public static bool IsSafe(ReadOnlySpan<byte> content) => !content.ContainsAnyExcept(Safe);

    /// <summary>Whether every character of a text is written by the writer as it is.</summary>
    public static bool IsSafe(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(SafeChars);

    /// <summary>
    /// Whether <paramref name="element"/>'s own text is what <see cref="JsonElement.WriteTo"/> writes for it with the
    /// runtime's writer: no whitespace between tokens, no string (value or property name) with a character the writer
    /// would escape or an escape sequence it would write differently, no nesting past <see cref="MaxDepth"/>. Numbers and
    /// literals are written as they are read. Conservative: a text this refuses may still be written unchanged.
    /// </summary>
    public static bool IsCanonical(JsonElement element, out ReadOnlySpan<byte> raw)
    {
        raw = default;
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            return false;
        }

        raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length <= ShortLength)
        {
            // A short text (most values): one pass over a table instead of two vector searches' set-up.
            var needsWalk = 0;
            foreach (var b in raw)
            {
                var kind = b < 128 ? CanonicalAscii[b] : 0;
                if (kind == 0)
                {
                    return false;
                }

                needsWalk |= kind;
            }

            if (needsWalk == 1)
            {
                return true;
            }
        }
        else if (raw.ContainsAnyExcept(SafeOrQuote))
        {
            return false;
        }

        // A space is fine inside a string only; brackets are nesting. Either needs a walk that knows where strings are.
        if (raw.IndexOfAny((byte)' ', (byte)'{', (byte)'[') < 0)
        {
            return true;
        }

        var inString = false;
        var depth = 0;
        foreach (var b in raw)
        {
            if (b == (byte)'"')
            {
                inString = !inString; // no backslash can be in the text, so every quote opens or closes a string
            }
            else if (!inString)
            {
                if (b == (byte)' ')
                {
                    return false;
                }

                if ((b == (byte)'{' || b == (byte)'[') && ++depth > MaxDepth)
                {
                    return false;
                }

                if (b == (byte)'}' || b == (byte)']')
                {
                    depth--;
                }
            }
        }

        return true;
    }
}
