using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// One field value read once: its kind, and its text or number when it is a string or a number. The rules ask the same
/// value for its truthiness, <c>String(x)</c>, emptiness and length in turn; each read of a <see cref="JsonValue"/> is a
/// generic virtual call (and a UTF-8 decode for a string from a parsed request), so the answers come from this copy.
/// Every member answers exactly as the <see cref="JsValues"/> function of the same name does on <see cref="Node"/>.
/// </summary>
/// <remarks>
/// A value kept as its parsed element (<see cref="ParsedValues"/>) has no node of its own: <see cref="Node"/> makes one
/// over the element when a rule asks for it (a rule that only the rare values reach), and a string whose text is
/// printable ASCII without escapes (its UTF-8 bytes are its characters) is not decoded unless a rule needs the string:
/// its length, emptiness and a fixed-length pattern are answered from the bytes.
/// </remarks>
internal readonly struct ValueView
{
    private readonly JsonNode? _node;
    private readonly JsonElement _element;
    private readonly string? _text;

    /// <summary>The length of a printable-ASCII string not decoded (<see cref="_text"/> is then <see langword="null"/>); -1 otherwise.</summary>
    private readonly int _asciiLength;

    public ValueView(JsonNode? node)
    {
        _node = node;
        _asciiLength = -1;
        Kind = JsValues.KindOf(node);
        if (Kind == JsonValueKind.String)
        {
            _text = node!.GetValue<string>();
        }
        else if (Kind == JsonValueKind.Number)
        {
            Number = node!.GetValue<double>();
        }
    }

    /// <summary>A view of a kept parsed string, number or boolean whose kind and text or number the caller read already (they must be what the element holds).</summary>
    /// <param name="element">The value.</param>
    /// <param name="kind">Its kind (string, number, true or false).</param>
    /// <param name="text">Its string, when it is one and was decoded.</param>
    /// <param name="asciiLength">When it is a string that was not decoded: its length, its UTF-8 text being printable ASCII without escapes; else -1.</param>
    /// <param name="number">Its number, when it is one.</param>
    public ValueView(JsonElement element, JsonValueKind kind, string? text, int asciiLength, double number)
    {
        _element = element;
        _asciiLength = text is null && kind == JsonValueKind.String ? asciiLength : -1;
        IsElement = true;
        Kind = kind;
        _text = text;
        Number = number;
    }

    /// <summary>The value as a node (for a kept element, a new node over it, as the cleaned data holds).</summary>
    public JsonNode? Node => IsElement ? JsonValue.Create(_element) : _node;

    /// <summary>Whether the value is a kept parsed element (never JSON null).</summary>
    private bool IsElement { get; }

    /// <summary>Whether there is no value (JSON null or missing): <see cref="Node"/> is <see langword="null"/>.</summary>
    public bool IsNull => !IsElement && _node is null;

    /// <summary>Whether <see cref="Node"/> is a <see cref="JsonValue"/>.</summary>
    private bool IsValue => IsElement || _node is JsonValue;

    public JsonValueKind Kind { get; }

    /// <summary>The string, when <see cref="Kind"/> is <see cref="JsonValueKind.String"/> (decoded here when it was not).</summary>
    public string? Text => _text ?? (_asciiLength >= 0 ? _element.GetString() : null);

    /// <summary>The string's length, when <see cref="Kind"/> is <see cref="JsonValueKind.String"/>.</summary>
    public int TextLength => _asciiLength >= 0 ? _asciiLength : _text!.Length;

    /// <summary>The number, when <see cref="Kind"/> is <see cref="JsonValueKind.Number"/>.</summary>
    public double Number { get; }

    /// <inheritdoc cref="JsValues.IsTruthy"/>
    public bool IsTruthy => Kind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => false,
        JsonValueKind.String => TextLength > 0,
        JsonValueKind.Number => Number != 0 && !double.IsNaN(Number),
        _ => true,
    };

    public bool IsString(out string value)
    {
        var isString = Kind == JsonValueKind.String && IsValue;
        value = isString ? Text! : _text ?? string.Empty;
        return isString;
    }

    /// <summary>Whether the value is a string (as <see cref="IsString"/> answers), without decoding it.</summary>
    public bool IsText => Kind == JsonValueKind.String && IsValue;

    public bool IsNumber(out double value)
    {
        value = Kind == JsonValueKind.Number && IsValue ? Number : 0;
        return Kind == JsonValueKind.Number && IsValue;
    }

    /// <summary>
    /// The length of the string with JavaScript white space trimmed at both ends (<c>value.trim().length</c>), when
    /// <see cref="IsText"/>.
    /// </summary>
    public int TrimmedLength
    {
        get
        {
            if (_asciiLength < 0)
            {
                return JsNumber.TrimJsWhiteSpace(_text!).Length;
            }

            // Printable ASCII: the space is its only JavaScript white space.
            var ascii = Ascii;
            if (ascii.Length == 0 || (ascii[0] != (byte)' ' && ascii[^1] != (byte)' '))
            {
                return ascii.Length;
            }

            var start = ascii.IndexOfAnyExcept((byte)' ');
            return start < 0 ? 0 : ascii.LastIndexOfAnyExcept((byte)' ') + 1 - start;
        }
    }

    /// <summary>Whether the fixed-length pattern matches <c>String(value)</c>.</summary>
    public bool Matches(FixedLengthPattern pattern) =>
        _asciiLength >= 0 ? pattern.IsMatchAscii(Ascii) : pattern.IsMatch(ToJsString());

    /// <summary>The characters of a string not decoded, as its UTF-8 bytes (the raw text without its quotes).</summary>
    private ReadOnlySpan<byte> Ascii => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(_element)[1..^1];

    /// <inheritdoc cref="JsValues.ToJsString"/>
    public string ToJsString() => Kind switch
    {
        JsonValueKind.String => Text!,
        JsonValueKind.Number => JsNumber.ToString(Number),
        _ => JsValues.ToJsString(Node),
    };
}
