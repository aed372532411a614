using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// Finds the properties form-js evaluates as FEEL. The lists follow what the viewer evaluates; a string that
/// starts with <c>=</c> anywhere else (a default value, an option label) is plain text to form-js and stays so.
/// </summary>
internal static class FormExpressionScanner
{
    // Properties the viewer passes through its expression language when they start with '='.
    private static readonly string[] ExpressionProperties =
    [
        "label", "description", "text", "content", "source", "alt", "url", "title", "readonly", "disabled",
        "valuesExpression", "expression", "dataSource", "columnsExpression", "rowCount", "height", "multiple",
        "accept", "dateLabel", "timeLabel", "endpointKey", "maxHeight", "defaultRepetitions",
    ];

    // Properties rendered through feelers templates, where '{{ … }}' is evaluated.
    private static readonly string[] TemplateProperties =
    [
        "label", "description", "text", "content", "source", "alt", "url", "title", "dateLabel", "timeLabel",
    ];

    private static readonly string[] ValidateExpressionProperties = ["min", "max", "minLength", "maxLength"];

    private static readonly string[] AppearanceProperties = ["prefixAdorner", "suffixAdorner"];

    public static void Scan(string componentId, JsonObject raw, List<FormExpressionUse> uses)
    {
        foreach (var property in ExpressionProperties)
        {
            Check(componentId, property, raw[property], TemplateProperties.Contains(property), uses);
        }

        if (raw["conditional"] is JsonObject conditional)
        {
            Check(componentId, "conditional.hide", conditional["hide"], false, uses);
        }

        if (raw["validate"] is JsonObject validate)
        {
            foreach (var property in ValidateExpressionProperties)
            {
                Check(componentId, "validate." + property, validate[property], false, uses);
            }
        }

        if (raw["appearance"] is JsonObject appearance)
        {
            foreach (var property in AppearanceProperties)
            {
                Check(componentId, "appearance." + property, appearance[property], true, uses);
            }
        }
    }

    /// <summary>form-js's test for an expression: a string whose first character is <c>=</c>.</summary>
    public static bool IsExpression(JsonNode? node) => JsValues.IsString(node, out var s) && s.StartsWith('=');

    private static void Check(string componentId, string property, JsonNode? node, bool templated, List<FormExpressionUse> uses)
    {
        if (!JsValues.IsString(node, out var text))
        {
            return;
        }

        if (text.StartsWith('='))
        {
            uses.Add(new FormExpressionUse(componentId, property, text, false));
        }
        else if (templated && text.Contains("{{", StringComparison.Ordinal))
        {
            uses.Add(new FormExpressionUse(componentId, property, text, true));
        }
    }
}
