using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// One field value read once: its kind, and its text or number when it is a string or a number. The rules ask the same
/// value for its truthiness, <c>String(x)</c>, emptiness and length in turn; each read of a <see cref="JsonValue"/> is a
/// generic virtual call (and a UTF-8 decode for a string from a parsed request), so the answers come from this copy.
/// Every member answers exactly as the <see cref="JsValues"/> function of the same name does on <see cref="Node"/>.
/// </summary>
internal readonly struct ValueView
{
    public ValueView(JsonNode? node)
    {
        Node = node;
        Kind = JsValues.KindOf(node);
        if (Kind == JsonValueKind.String)
        {
            Text = node!.GetValue<string>();
        }
        else if (Kind == JsonValueKind.Number)
        {
            Number = node!.GetValue<double>();
        }
    }

    /// <summary>A view of <paramref name="node"/> whose kind and text or number the caller read already (they must be what the node holds).</summary>
    /// <param name="node">The value.</param>
    /// <param name="kind">Its kind.</param>
    /// <param name="text">Its string, when it is one.</param>
    /// <param name="number">Its number, when it is one.</param>
    public ValueView(JsonNode node, JsonValueKind kind, string? text, double number)
    {
        Node = node;
        Kind = kind;
        Text = text;
        Number = number;
    }

    public JsonNode? Node { get; }

    public JsonValueKind Kind { get; }

    /// <summary>The string, when <see cref="Kind"/> is <see cref="JsonValueKind.String"/>.</summary>
    public string? Text { get; }

    /// <summary>The number, when <see cref="Kind"/> is <see cref="JsonValueKind.Number"/>.</summary>
    public double Number { get; }

    /// <inheritdoc cref="JsValues.IsTruthy"/>
    public bool IsTruthy => Kind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => false,
        JsonValueKind.String => Text!.Length > 0,
        JsonValueKind.Number => Number != 0 && !double.IsNaN(Number),
        _ => true,
    };

    public bool IsString(out string value)
    {
        value = Text ?? string.Empty;
        return Kind == JsonValueKind.String && Node is JsonValue;
    }

    public bool IsNumber(out double value)
    {
        value = Kind == JsonValueKind.Number && Node is JsonValue ? Number : 0;
        return Kind == JsonValueKind.Number && Node is JsonValue;
    }

    /// <inheritdoc cref="JsValues.ToJsString"/>
    public string ToJsString() => Kind switch
    {
        JsonValueKind.String => Text!,
        JsonValueKind.Number => JsNumber.ToString(Number),
        _ => JsValues.ToJsString(Node),
    };
}
