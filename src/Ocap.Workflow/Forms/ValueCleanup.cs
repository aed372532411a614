using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>The field types' <c>sanitizeValue</c> functions: what form-js makes of an incoming value.</summary>
internal static class ValueCleanup
{
    public static JsonNode? Clean(InputPlan plan, JsonNode? value, JsonNode? data)
    {
        var kind = JsValues.KindOf(value);
        switch (plan.Cleanup)
        {
            case Cleanup.Text:
                return kind is JsonValueKind.Null or JsonValueKind.Array or JsonValueKind.Object
                    ? JsonValue.Create(string.Empty)
                    : JsonValue.Create(kind == JsonValueKind.String ? NewlinesToSpaces(value!.GetValue<string>()) : JsValues.ToJsString(value));
            case Cleanup.TextArea:
                return JsonValue.Create(kind is JsonValueKind.Null or JsonValueKind.Array or JsonValueKind.Object ? string.Empty : JsValues.ToJsString(value));
            case Cleanup.Number:
                return Number(plan, value, kind);
            case Cleanup.Checkbox:
                return JsonValue.Create(kind == JsonValueKind.True);
            case Cleanup.SingleChoice:
            {
                if (!plan.FilterOptions)
                {
                    return JsValues.Clone(value);
                }

                var options = Options(plan, data);
                if (options is null)
                {
                    return null;
                }

                // Compared as the copy: equal to the value, and a string read once from a parsed request.
                var copy = JsValues.Clone(value);
                return ChoiceOptions.Contains(options, copy) ? copy : null;
            }

            case Cleanup.MultipleChoice:
            {
                if (!plan.FilterOptions)
                {
                    return JsValues.Clone(value);
                }

                var options = Options(plan, data);
                var result = new JsonArray();
                if (options is not null && value is JsonArray array)
                {
                    foreach (var item in array)
                    {
                        if (ChoiceOptions.Contains(options, item))
                        {
                            result.Add(JsValues.Clone(item));
                        }
                    }
                }

                return result;
            }

            case Cleanup.Date:
                return JsValues.IsString(value, out var date) && DateTimeText.IsAcceptedDate(date) ? JsonValue.Create(date) : null;
            case Cleanup.Time:
                return JsValues.IsString(value, out var time) && DateTimeText.IsAcceptedTime(time) ? JsonValue.Create(time) : null;
            case Cleanup.DateTime:
                return JsValues.IsString(value, out var dateTime) && DateTimeText.IsAcceptedDateTime(dateTime) ? JsonValue.Create(dateTime) : null;
            default:
                return JsValues.Clone(value);
        }
    }

    /// <summary>The values a choice input accepts: its static options, or those under its <c>valuesKey</c> in the data (null when unusable).</summary>
    public static IReadOnlyList<JsonNode?>? Options(InputPlan plan, JsonNode? data)
    {
        if (plan.OptionsKey is null)
        {
            return plan.StaticOptions;
        }

        // valuesKey names a top-level property of the data, even inside groups and lists (form-js reads it so).
        return data is JsonObject root && root.TryGetPropertyValue(plan.OptionsKey, out var options) ? ChoiceOptions.Normalize(options) : null;
    }

    private static JsonNode? Number(InputPlan plan, JsonNode? value, JsonValueKind kind)
    {
        double number;
        if (kind == JsonValueKind.Number)
        {
            number = value!.GetValue<double>();
        }
        else if (kind == JsonValueKind.String && value!.GetValue<string>() is { Length: > 0 } text)
        {
            number = JsNumber.Parse(text);
            if (double.IsNaN(number))
            {
                return null;
            }

            if (plan.SerializeToString)
            {
                return JsonValue.Create(text);
            }
        }
        else
        {
            return null;
        }

        // JSON has no Infinity: form-js's Number("Infinity") reaches the submission as null.
        if (double.IsInfinity(number))
        {
            return null;
        }

        if (plan.SerializeToString)
        {
            return JsonValue.Create(JsNumber.ToString(number));
        }

        // Written as JavaScript writes it ("1e-7", not "1E-07") where the two notations differ.
        return Math.Abs(number) is >= 1e-6 and < 1e21 or 0 ? JsonValue.Create(number) : JsonNode.Parse(JsNumber.ToString(number));
    }

    private static string NewlinesToSpaces(string text) =>
        text.AsSpan().IndexOfAny('\r', '\n', '\t') < 0 ? text : text.Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ');
}
