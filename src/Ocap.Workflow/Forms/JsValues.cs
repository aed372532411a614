using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// The handful of JavaScript value semantics form-js relies on (truthiness, <c>String(x)</c>, <c>Number(x)</c>,
/// deep equality), applied to JSON values. Validation must agree with the browser, so these follow the
/// ECMAScript rules rather than .NET's conversions.
/// </summary>
internal static class JsValues
{
    /// <summary>The JSON value's kind, with a missing node (<see langword="null"/> reference) read as JSON null.</summary>
    public static JsonValueKind KindOf(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    public static bool IsString(JsonNode? node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        value = string.Empty;
        return false;
    }

    public static bool IsNumber(JsonNode? node, out double value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            value = v.GetValue<double>();
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>JavaScript truthiness (<c>if (value)</c>).</summary>
    public static bool IsTruthy(JsonNode? node) => KindOf(node) switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => false,
        JsonValueKind.String => node!.GetValue<string>().Length > 0,
        JsonValueKind.Number => node!.GetValue<double>() is var d && d != 0 && !double.IsNaN(d),
        _ => true,
    };

    /// <summary>JavaScript <c>String(value)</c> for a JSON value.</summary>
    public static string ToJsString(JsonNode? node)
    {
        switch (KindOf(node))
        {
            case JsonValueKind.Null:
                return "null";
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.String:
                return node!.GetValue<string>();
            case JsonValueKind.Number:
                return JsNumber.ToString(node!.GetValue<double>());
            case JsonValueKind.Array:
                var builder = new StringBuilder();
                var first = true;
                foreach (var item in node!.AsArray())
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    if (item is not null)
                    {
                        builder.Append(ToJsString(item));
                    }
                }

                return builder.ToString();
            default:
                return "[object Object]";
        }
    }

    /// <summary>JavaScript <c>Number(value)</c> for a JSON value.</summary>
    public static double ToJsNumber(JsonNode? node) => KindOf(node) switch
    {
        JsonValueKind.Null => 0,
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        JsonValueKind.Number => node!.GetValue<double>(),
        JsonValueKind.String => JsNumber.Parse(node!.GetValue<string>()),
        JsonValueKind.Array => ToJsNumberOfArray(node!.AsArray()),
        _ => double.NaN,
    };

    private static double ToJsNumberOfArray(JsonArray array) => array.Count switch
    {
        0 => 0,
        1 => JsNumber.Parse(ToJsString(array[0] ?? JsonValue.Create(string.Empty))),
        _ => double.NaN,
    };

    /// <summary>Deep equality as lodash <c>isEqual</c> sees JSON values: numbers by value, objects regardless of key order.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        var kind = KindOf(a);
        if (kind != KindOf(b))
        {
            return false;
        }

        switch (kind)
        {
            case JsonValueKind.Number:
                return a!.GetValue<double>().Equals(b!.GetValue<double>());
            case JsonValueKind.String:
                return string.Equals(a!.GetValue<string>(), b!.GetValue<string>(), StringComparison.Ordinal);
            case JsonValueKind.Array:
                var left = a!.AsArray();
                var right = b!.AsArray();
                if (left.Count != right.Count)
                {
                    return false;
                }

                for (var i = 0; i < left.Count; i++)
                {
                    if (!DeepEquals(left[i], right[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                var lo = a!.AsObject();
                var ro = b!.AsObject();
                if (lo.Count != ro.Count)
                {
                    return false;
                }

                foreach (var (name, value) in lo)
                {
                    if (!ro.TryGetPropertyValue(name, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>
    /// A detached copy of a node (JSON null stays a null reference). Strings, numbers and booleans become plain
    /// typed values, which later reads do not have to decode again (JavaScript keeps no more than that either).
    /// </summary>
    public static JsonNode? Clone(JsonNode? node) => KindOf(node) switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => JsonValue.Create(node!.GetValue<string>()),
        JsonValueKind.Number => JsonValue.Create(node!.GetValue<double>()),
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        _ => node!.DeepClone(),
    };
}

/// <summary>JavaScript's number-to-string and string-to-number conversions (ECMA-262 Number::toString, StringToNumber).</summary>
internal static class JsNumber
{
    /// <summary>Formats a double exactly as JavaScript's <c>String(number)</c> does.</summary>
    public static string ToString(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return "0";
        }

        // "R" gives the shortest digits that round-trip, which is what ECMA-262 asks for; only the layout differs.
        var (digits, point) = SplitDigits(Math.Abs(value).ToString("R", CultureInfo.InvariantCulture));
        return (value < 0 ? "-" : string.Empty) + JsDecimal.Layout(digits, point);
    }

    /// <summary>Splits a .NET round-trip string into its significant digits and the exponent n (value = 0.d1d2... × 10^n).</summary>
    private static (string Digits, int PointPosition) SplitDigits(string text)
    {
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? text[..dot] : text;
        var fracPart = dot >= 0 ? text[(dot + 1)..] : string.Empty;
        var all = intPart + fracPart;
        var point = intPart.Length + exponent;
        var leading = 0;
        while (leading < all.Length - 1 && all[leading] == '0')
        {
            leading++;
        }

        all = all[leading..];
        point -= leading;
        all = all.TrimEnd('0');
        return (all.Length == 0 ? "0" : all, point);
    }

    /// <summary>JavaScript <c>Number(string)</c>: trims white space, accepts decimal, hex/octal/binary and Infinity literals.</summary>
    public static double Parse(string text)
    {
        var s = TrimJsWhiteSpace(text);
        if (s.Length == 0)
        {
            return 0;
        }

        if (s.Length > 2 && s[0] == '0' && (s[1] | 0x20) is 'x' or 'o' or 'b')
        {
            var radix = (s[1] | 0x20) switch { 'x' => 16, 'o' => 8, _ => 2 };
            double result = 0;
            foreach (var c in s.AsSpan(2))
            {
                var digit = HexValue(c);
                if (digit < 0 || digit >= radix)
                {
                    return double.NaN;
                }

                result = (result * radix) + digit;
            }

            return result;
        }

        var body = s;
        var negative = false;
        if (body[0] is '+' or '-')
        {
            negative = body[0] == '-';
            body = body[1..];
        }

        if (body == "Infinity")
        {
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (!IsDecimalLiteral(body))
        {
            return double.NaN;
        }

        var parsed = double.Parse(body, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        return negative ? -parsed : parsed;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsDecimalLiteral(string s)
    {
        var i = 0;
        var intDigits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            intDigits++;
        }

        var fracDigits = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                fracDigits++;
            }
        }

        if (intDigits + fracDigits == 0)
        {
            return false;
        }

        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            var expDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                expDigits++;
            }

            if (expDigits == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    /// <summary>Trims the characters ECMAScript's <c>String.prototype.trim</c> removes (WhiteSpace and LineTerminator).</summary>
    public static string TrimJsWhiteSpace(string s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && IsJsWhiteSpace(s[start]))
        {
            start++;
        }

        while (end > start && IsJsWhiteSpace(s[end - 1]))
        {
            end--;
        }

        return start == 0 && end == s.Length ? s : s[start..end];
    }

    private static bool IsJsWhiteSpace(char c) =>
        c is '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u00A0' or '\u2028' or '\u2029' or '\uFEFF'
        || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator;
}
