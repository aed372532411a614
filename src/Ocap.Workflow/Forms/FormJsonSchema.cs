using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// Describes, as a JSON Schema (draft 2020-12), the shape of the data a form submits once validated: which
/// properties exist, their types, and the allowed option values. It is for API consumers and host-side typing;
/// the rules themselves (required, lengths, patterns, bounds) stay with <see cref="FormValidator"/>, because
/// form-js applies them with its own semantics (a pattern is not checked on an empty value, lengths are
/// measured after trimming) that JSON Schema keywords would state differently.
/// </summary>
public static class FormJsonSchema
{
    /// <summary>The JSON Schema dialect of the exported document.</summary>
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>Builds the schema of the data <paramref name="form"/> submits.</summary>
    /// <param name="form">The form.</param>
    /// <returns>A new JSON Schema document.</returns>
    public static JsonObject Export(FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var root = NewObjectSchema();
        root.Insert(0, "$schema", Dialect);
        if (form.Id.Length > 0)
        {
            root.Insert(1, "title", form.Id);
        }

        AddComponents(root, form.Components);
        return root;
    }

    private static JsonObject NewObjectSchema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject(),
        ["required"] = new JsonArray(),
    };

    private static void AddComponents(JsonObject target, IReadOnlyList<FormComponent> components, bool optional = false)
    {
        foreach (var component in components)
        {
            // Disabled fields are never submitted; conditionally hidden ones (and their children) may be missing.
            var hidden = component.Raw["conditional"] is JsonObject condition && FormExpressionScanner.IsExpression(condition["hide"]);
            var alwaysPresent = !optional && !hidden && !component.Disabled;
            switch (component.Kind)
            {
                case FormComponentKind.Input:
                    if (component.Type == FormComponentTypes.Expression && !component.Raw.ContainsKey("expression"))
                    {
                        break;
                    }

                    Place(target, component.Key!.Split('.'), ValueSchema(component), alwaysPresent);
                    break;
                case FormComponentKind.Container:
                    var repeating = component.Type == FormComponentTypes.DynamicList
                        && component.Raw["isRepeating"] is JsonValue r && r.TryGetValue<bool>(out var isRepeating) && isRepeating;
                    if (component.Path is null)
                    {
                        AddComponents(target, component.Components, optional || hidden);
                    }
                    else if (repeating)
                    {
                        var item = NewObjectSchema();
                        AddComponents(item, component.Components, hidden);
                        Tidy(item);
                        var list = new JsonObject { ["type"] = "array", ["items"] = item };
                        AddTitle(list, component);
                        Place(target, component.Path.Split('.'), list, required: false);
                    }
                    else
                    {
                        var segments = component.Path.Split('.');
                        var inner = Descend(target, segments);
                        AddComponents(inner, component.Components, optional || hidden);
                        if (inner["required"] is JsonArray { Count: > 0 })
                        {
                            MarkRequired(target, segments);
                        }
                    }

                    break;
            }
        }

        Tidy(target);
    }

    /// <summary>Walks to (creating) the object schema at a dotted path.</summary>
    private static JsonObject Descend(JsonObject target, string[] segments)
    {
        var current = target;
        foreach (var segment in segments)
        {
            current["properties"] ??= new JsonObject();
            current["required"] ??= new JsonArray();
            var properties = current["properties"]!.AsObject();
            if (properties[segment] is not JsonObject next)
            {
                next = NewObjectSchema();
                properties[segment] = next;
            }

            current = next;
        }

        return current;
    }

    private static void Place(JsonObject target, string[] segments, JsonObject schema, bool required)
    {
        var parent = Descend(target, segments[..^1]);
        parent["properties"] ??= new JsonObject();
        parent["properties"]![segments[^1]] = schema;
        if (required)
        {
            MarkRequired(target, segments);
        }
    }

    private static void MarkRequired(JsonObject target, string[] segments)
    {
        var current = target;
        foreach (var segment in segments)
        {
            current["required"] ??= new JsonArray();
            var list = current["required"]!.AsArray();
            if (!list.Any(n => n!.GetValue<string>() == segment))
            {
                list.Add(segment);
            }

            current = current["properties"]![segment]!.AsObject();
        }
    }

    private static void Tidy(JsonObject schema)
    {
        if (schema["required"] is JsonArray { Count: 0 })
        {
            schema.Remove("required");
        }
    }

    private static JsonObject ValueSchema(FormComponent component)
    {
        var raw = component.Raw;
        var schema = component.Type switch
        {
            FormComponentTypes.Textfield or FormComponentTypes.Textarea => new JsonObject { ["type"] = "string" },
            FormComponentTypes.Number => new JsonObject
            {
                ["type"] = new JsonArray(raw["serializeToString"] is JsonValue s && s.TryGetValue<bool>(out var ser) && ser ? "string" : "number", "null"),
            },
            FormComponentTypes.Checkbox => new JsonObject { ["type"] = "boolean" },
            FormComponentTypes.Datetime => new JsonObject
            {
                ["type"] = new JsonArray("string", "null"),
                ["description"] = $"A {(JsValues.IsString(raw["subtype"], out var st) ? st : "date")} as the form-js date/time picker writes it.",
            },
            FormComponentTypes.Radio or FormComponentTypes.Select => Choice(component, multiple: false),
            FormComponentTypes.Checklist or FormComponentTypes.Taglist => Choice(component, multiple: true),
            _ => new JsonObject(),
        };
        AddTitle(schema, component);
        return schema;
    }

    private static JsonObject Choice(FormComponent component, bool multiple)
    {
        var raw = component.Raw;
        var fixedOptions = !JsValues.IsTruthy(raw["valuesExpression"]) && !JsValues.IsTruthy(raw["valuesKey"]);
        JsonObject item = new();
        if (fixedOptions)
        {
            var values = raw.TryGetPropertyValue("values", out var v) ? ChoiceOptions.Normalize(v) ?? [] : [JsonValue.Create("value")];
            var allowed = new JsonArray();
            foreach (var value in values)
            {
                allowed.Add(JsValues.Clone(value));
            }

            if (!multiple)
            {
                allowed.Add(null);
            }

            item["enum"] = allowed;
        }

        return multiple ? new JsonObject { ["type"] = "array", ["items"] = item } : item;
    }

    private static void AddTitle(JsonObject schema, FormComponent component)
    {
        if (JsValues.IsString(component.Raw["label"], out var label) && label.Length > 0 && !label.StartsWith('=') && !label.Contains("{{", StringComparison.Ordinal))
        {
            schema.Insert(0, "title", label);
        }
    }
}
