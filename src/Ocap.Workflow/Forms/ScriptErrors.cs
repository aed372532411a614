using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>Reads a custom validator's result and adds its errors after the declarative ones.</summary>
internal static class ScriptErrors
{
    public static FormValidationResult Merge(FormDefinition form, string module, FormValidationResult declarative, JsonNode? returned)
    {
        if (returned is null)
        {
            return declarative;
        }

        if (returned is not JsonObject map)
        {
            throw Invalid(module, $"it returned {Describe(returned)} instead of an object of errors keyed by component id");
        }

        var errors = declarative.Errors.ToList();
        foreach (var (id, value) in map)
        {
            var component = form.FindComponent(id)
                ?? throw Invalid(module, $"it returned errors for '{id}', which is not a component of form '{form.Id}'");
            if (InsideRepeatingList(form, component) is { } list)
            {
                throw Invalid(module, $"it returned errors for '{id}', which repeats inside dynamic list '{list}'; return them for '{list}' instead");
            }

            var messages = Messages(module, id, value);
            if (messages.Count == 0)
            {
                continue;
            }

            var at = errors.FindIndex(e => e.ComponentId == id && e.Indexes.Count == 0);
            if (at >= 0)
            {
                errors[at] = errors[at] with { Messages = [.. errors[at].Messages, .. messages] };
            }
            else
            {
                errors.Add(new FormFieldError(id, [], messages));
            }
        }

        return new FormValidationResult(errors, declarative.DataUnsafe);
    }

    private static List<string> Messages(string module, string id, JsonNode? value)
    {
        if (value is null)
        {
            return [];
        }

        if (JsValues.IsString(value, out var single))
        {
            return [single];
        }

        if (value is JsonArray array)
        {
            var list = new List<string>(array.Count);
            foreach (var item in array)
            {
                list.Add(JsValues.IsString(item, out var s) ? s : throw Invalid(module, $"the errors for '{id}' contain {Describe(item)}, not only strings"));
            }

            return list;
        }

        throw Invalid(module, $"the errors for '{id}' are {Describe(value)}, not a string or a list of strings");
    }

    private static string? InsideRepeatingList(FormDefinition form, FormComponent component)
    {
        for (var parentId = component.ParentId; parentId is not null;)
        {
            var parent = form.FindComponent(parentId)!;
            if (parent.Type == FormComponentTypes.DynamicList && parent.Raw["isRepeating"] is JsonValue v && v.TryGetValue<bool>(out var r) && r)
            {
                return parent.Id;
            }

            parentId = parent.ParentId;
        }

        return null;
    }

    private static FormScriptException Invalid(string module, string what) =>
        new(FormScriptFailureKind.InvalidResult, $"The custom validator '{module}' returned an unusable result: {what}.");

    private static string Describe(JsonNode? node) => JsValues.KindOf(node) switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };
}
