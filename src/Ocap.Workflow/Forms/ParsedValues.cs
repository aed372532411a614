using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// Keeping a submitted value that was parsed from JSON as its <see cref="JsonElement"/> where the clean-up would give an
/// equal value: a new node over the same element instead of a decoded copy. Only where writing the element gives the
/// same text as writing the copy <see cref="ValueCleanup"/> makes: strings without surrogates (escaping is the same),
/// numbers whose text is already the shortest round-trip form .NET writes for their double, and booleans.
/// </summary>
internal static class ParsedValues
{
    /// <summary>
    /// The cleaned value of a defined, element-backed <paramref name="incoming"/> as a node over its element, when the
    /// clean-up keeps it unchanged; <see langword="false"/> when the caller must clean it the ordinary way.
    /// </summary>
    /// <param name="plan">The input.</param>
    /// <param name="incoming">The submitted value.</param>
    /// <param name="data">The whole submission (for a <c>valuesKey</c>).</param>
    /// <param name="kept">The node over the parsed element.</param>
    /// <param name="view">The kept value, read once.</param>
    public static bool TryKeep(InputPlan plan, JsonNode? incoming, JsonObject? data, out JsonNode? kept, out ValueView view)
    {
        if (incoming is not JsonValue given || !given.TryGetValue<JsonElement>(out var element))
        {
            kept = null;
            view = default;
            return false;
        }

        return TryKeep(plan, element, data, out kept, out view);
    }

    /// <inheritdoc cref="TryKeep(InputPlan, JsonNode?, JsonObject?, out JsonNode?, out ValueView)"/>
    /// <param name="plan">The input.</param>
    /// <param name="element">The submitted value.</param>
    /// <param name="data">The whole submission (for a <c>valuesKey</c>; may be <see langword="null"/> when the input has none).</param>
    /// <param name="kept">The node over the parsed element.</param>
    /// <param name="view">The kept value, read once.</param>
    public static bool TryKeep(InputPlan plan, JsonElement element, JsonObject? data, out JsonNode? kept, out ValueView view)
    {
        kept = TryKeep(plan, element, data, out view) ? JsonValue.Create(element) : null;
        return kept is not null;
    }

    /// <summary>
    /// Whether the clean-up keeps the defined, parsed <paramref name="element"/> unchanged (then the cleaned value is a
    /// node over it, which the caller makes only if it needs one); <see langword="false"/> when the caller must clean
    /// it the ordinary way.
    /// </summary>
    /// <param name="plan">The input.</param>
    /// <param name="element">The submitted value.</param>
    /// <param name="data">The whole submission (for a <c>valuesKey</c>; may be <see langword="null"/> when the input has none).</param>
    /// <param name="view">The kept value, read once (a view of the element, without a node).</param>
    public static bool TryKeep(InputPlan plan, JsonElement element, JsonObject? data, out ValueView view)
    {
        view = default;
        string? text = null;
        var asciiLength = -1;
        double number = 0;
        var kind = element.ValueKind;
        switch (kind)
        {
            case JsonValueKind.String:
                if (!KeepsString(plan, element, data, out text, out asciiLength))
                {
                    return false;
                }

                break;
            case JsonValueKind.Number:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                if (!IsShortestForm(raw))
                {
                    return false;
                }

                number = IntegerOf(raw) ?? element.GetDouble();
                if (!KeepsNumber(plan, number, data))
                {
                    return false;
                }

                break;
            case JsonValueKind.True or JsonValueKind.False:
                if (!KeepsBoolean(plan, kind, data))
                {
                    return false;
                }

                break;
            default:
                return false;
        }

        view = new ValueView(element, kind, text, asciiLength, number);
        return true;
    }

    /// <summary>
    /// A deep copy of cleaned data in which the values kept as parsed elements become the plain string, number and
    /// boolean nodes the clean-up would have made (the same text when written), so a copy reads as it did before values
    /// were kept and does not clone a document per value.
    /// </summary>
    /// <param name="data">The cleaned data.</param>
    public static JsonObject Copy(JsonObject data)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in data)
        {
            copy.Add(name, Plain(value) ?? value?.DeepClone());
        }

        return copy;
    }

    /// <summary>The plain node for a value kept as its parsed element, or <see langword="null"/> when it is none.</summary>
    private static JsonValue? Plain(JsonNode? value)
    {
        if (value is not JsonValue node || !node.TryGetValue<JsonElement>(out var element))
        {
            return null;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = element.GetString()!;
                return text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') ? null : JsonValue.Create(text);
            case JsonValueKind.Number:
                return IsShortestForm(JsonMarshal.GetRawUtf8Value(element)) ? JsonValue.Create(element.GetDouble()) : null;
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    /// <param name="plan">The input.</param>
    /// <param name="element">The submitted string.</param>
    /// <param name="data">The whole submission.</param>
    /// <param name="text">The decoded string, when deciding needed it (else <see langword="null"/>).</param>
    /// <param name="asciiLength">The string's length when it is printable ASCII without escapes (and <paramref name="text"/> is then <see langword="null"/>); else -1.</param>
    private static bool KeepsString(InputPlan plan, JsonElement element, JsonObject? data, out string? text, out int asciiLength)
    {
        // Printable ASCII without escapes is the string itself: no line breaks, no surrogates, nothing to decode to decide.
        var raw = JsonMarshal.GetRawUtf8Value(element);
        var plain = IsPlain(raw);
        text = plain ? null : element.GetString()!;
        asciiLength = plain ? raw.Length - 2 : -1; // the raw text has its quotes

        // A lone surrogate is escaped differently from UTF-16 and from its unescaped UTF-8; any surrogate takes the ordinary way.
        if (text is not null && text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return false;
        }

        switch (plan.Cleanup)
        {
            case Cleanup.Text:
                return text is null || text.AsSpan().IndexOfAny('\r', '\n', '\t') < 0;
            case Cleanup.TextArea or Cleanup.None:
                return true;
            case Cleanup.SingleChoice:
                if (!plan.FilterOptions)
                {
                    return true;
                }

                // Static options compared as UTF-8 (the parsed string is not decoded); the rest as strings.
                if (plan.OptionsKey is null && plan.StaticStringOptionsUtf8 is { } utf8Options)
                {
                    // Without escapes the raw text between the quotes is the string's UTF-8.
                    var content = plain ? raw[1..^1] : default;
                    foreach (var option in utf8Options)
                    {
                        if (plain ? content.SequenceEqual(option) : element.ValueEquals(option))
                        {
                            return true;
                        }
                    }

                    return false;
                }

                return ValueCleanup.Options(plan, data) is { } options && ChoiceOptions.ContainsString(options, element);
            case Cleanup.Date:
                text ??= element.GetString()!;
                return DateTimeText.IsAcceptedDate(text);
            case Cleanup.Time:
                text ??= element.GetString()!;
                return DateTimeText.IsAcceptedTime(text);
            case Cleanup.DateTime:
                text ??= element.GetString()!;
                return DateTimeText.IsAcceptedDateTime(text);
            default:
                return false;
        }
    }

    /// <summary>Whether every byte is printable ASCII (space to tilde) and none a backslash.</summary>
    internal static bool IsPlain(ReadOnlySpan<byte> raw)
    {
        if (raw.Length > 32)
        {
            return raw.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0 && !raw.Contains((byte)'\\');
        }

        // Short texts (most values): one pass, cheaper than two vector searches' set-up.
        foreach (var b in raw)
        {
            if ((uint)(b - 0x20) > 0x7E - 0x20 || b == (byte)'\\')
            {
                return false;
            }
        }

        return true;
    }

    private static bool KeepsNumber(InputPlan plan, double number, JsonObject? data) => plan.Cleanup switch
    {
        Cleanup.Number => !plan.SerializeToString,
        Cleanup.None => true,
        Cleanup.SingleChoice => !plan.FilterOptions || ValueCleanup.Options(plan, data) is { } options && ChoiceOptions.ContainsNumber(options, number),
        _ => false,
    };

    /// <summary>The value of a number text in shortest form that is an integer (at most 15 digits, so exact), else <see langword="null"/>.</summary>
    internal static double? IntegerOf(ReadOnlySpan<byte> text)
    {
        var negative = text[0] == (byte)'-';
        var digits = negative ? text[1..] : text;
        if (digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            return null;
        }

        long value = 0;
        foreach (var digit in digits)
        {
            value = (value * 10) + (digit - '0');
        }

        return negative ? -value : value;
    }

    private static bool KeepsBoolean(InputPlan plan, JsonValueKind kind, JsonObject? data) => plan.Cleanup switch
    {
        Cleanup.Checkbox or Cleanup.None => true,
        Cleanup.SingleChoice => !plan.FilterOptions || ValueCleanup.Options(plan, data) is { } options && ChoiceOptions.ContainsBoolean(options, kind),
        _ => false,
    };

    /// <summary>
    /// Whether a JSON number's text is what .NET writes for its double: an integer or plain decimal without exponent,
    /// superfluous zeros or a negative zero, of at most 15 significant digits (so the double keeps exactly those
    /// digits and its shortest form is them) and at least 0.0001 in size (below that .NET writes an exponent).
    /// </summary>
    internal static bool IsShortestForm(ReadOnlySpan<byte> text)
    {
        var negative = text.Length > 0 && text[0] == (byte)'-';
        var digits = negative ? text[1..] : text;
        var integerLength = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        if (integerLength < 0)
        {
            integerLength = digits.Length;
        }

        if (integerLength == 0 || (integerLength > 1 && digits[0] == (byte)'0'))
        {
            return false;
        }

        var zeroInteger = digits[0] == (byte)'0';
        if (integerLength == digits.Length)
        {
            return !(zeroInteger && negative) && integerLength <= 15;
        }

        var fraction = digits[(integerLength + 1)..];
        if (digits[integerLength] != (byte)'.' || fraction.Length == 0 || fraction.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0 || fraction[^1] == (byte)'0')
        {
            return false;
        }

        if (!zeroInteger)
        {
            return integerLength + fraction.Length <= 15;
        }

        var leadingZeros = fraction.IndexOfAnyExcept((byte)'0');
        return leadingZeros <= 3 && fraction.Length - leadingZeros <= 15;
    }
}
