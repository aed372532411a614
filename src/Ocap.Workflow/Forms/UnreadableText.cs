using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// Finds JSON text that cannot be read as a .NET string: an escape that leaves half of a surrogate pair
/// (<c>"\ud800"</c>, a low half first, a high half at the end). JSON's grammar allows such escapes (RFC 8259 §8.2
/// leaves their meaning to the receiver); System.Text.Json parses them but refuses to turn them into strings, deep
/// inside whatever reads them first. Inputs are checked where they enter, so the refusal names the place instead.
/// </summary>
internal static class UnreadableText
{
    /// <summary>
    /// The path (<c>items[2].name</c>; empty for the root) of the first string or property name under
    /// <paramref name="node"/> that cannot be read, or <see langword="null"/> when every one can.
    /// </summary>
    public static string? Find(JsonNode? node) => Find(node, string.Empty);

    /// <summary>The sentence that says what is wrong at <paramref name="path"/>.</summary>
    public static string Describe(string what, string path) =>
        $"{what} holds text that is not valid Unicode at '{(path.Length == 0 ? "(root)" : path)}': an escape such as \\ud800 stands for half of a surrogate pair without its other half.";

    /// <summary>
    /// Whether raw JSON text (a value as it was parsed) holds an escape of half a surrogate pair that is not paired:
    /// a high half (<c>\uD800</c>–<c>\uDBFF</c>) not followed by an escaped low half, or a low half not preceded by one.
    /// </summary>
    public static bool HasUnpairedSurrogateEscape(ReadOnlySpan<byte> json) => FindUnpairedSurrogateEscape(json) >= 0;

    /// <summary>
    /// The index of the first escape in JSON text (UTF-8 bytes or UTF-16 characters) that stands for half of a surrogate
    /// pair without its other half, or -1 when there is none. Only escapes are looked at: text outside strings has none.
    /// </summary>
    public static int FindUnpairedSurrogateEscape<T>(ReadOnlySpan<T> json)
        where T : unmanaged, IBinaryInteger<T>
    {
        var backslash = T.CreateTruncating('\\');
        var u = T.CreateTruncating('u');
        var at = json.IndexOf([backslash, u]);
        if (at < 0)
        {
            return -1;
        }

        // From the run of backslashes the first "\u" ends (so "\\u", an escaped backslash and a letter, is read as
        // such) walk the text; a high half must be followed at once by an escaped low half.
        var i = at;
        while (i > 0 && json[i - 1] == backslash)
        {
            i--;
        }

        var high = -1;
        while (i < json.Length)
        {
            if (json[i] != backslash || i + 1 >= json.Length || json[i + 1] != u)
            {
                if (high >= 0)
                {
                    return high;
                }

                i += json[i] == backslash ? 2 : 1; // \" \\ \/ \b \f \n \r \t
                continue;
            }

            if (i + 6 > json.Length || !TryHex(json.Slice(i + 2, 4), out var unit))
            {
                return high; // not an escape JSON allows; the parser refuses it
            }

            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (high >= 0)
                {
                    return high;
                }

                high = i;
            }
            else if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                if (high < 0)
                {
                    return i;
                }

                high = -1;
            }
            else if (high >= 0)
            {
                return high;
            }

            i += 6;
        }

        return high;
    }

    private static bool TryHex<T>(ReadOnlySpan<T> digits, out int value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        foreach (var d in digits)
        {
            var c = int.CreateTruncating(d);
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    private static string? Find(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                List<KeyValuePair<string, JsonNode?>> properties;
                try
                {
                    properties = [.. o];
                }
                catch (InvalidOperationException)
                {
                    return Join(path, "(a property name)");
                }

                foreach (var (name, value) in properties)
                {
                    if (Find(value, Join(path, name)) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (Find(a[i], $"{path}[{i}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                try
                {
                    _ = v.GetValue<string>();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return path;
                }

            default:
                return null;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
