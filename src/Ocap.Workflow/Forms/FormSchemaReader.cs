using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ocap.Workflow.Forms;

/// <summary>Imports a form-js schema into <see cref="FormDefinition"/>, checking structure as the form-js importer and editor do.</summary>
internal static partial class FormSchemaReader
{
    private static readonly string[] ProhibitedSegments = ["__proto__", "prototype", "constructor"];

    public static FormDefinition Read(JsonNode? schema)
    {
        if (schema is not JsonObject source)
        {
            throw new FormSchemaException("A form schema must be a JSON object.");
        }

        if (UnreadableText.Find(source) is { } unreadable)
        {
            throw new FormSchemaException(UnreadableText.Describe("The form schema", unreadable), null, unreadable);
        }

        var raw = (JsonObject)source.DeepClone();
        var rootType = RequireString(raw, "type", null, "the form");
        if (rootType != FormComponentTypes.Form)
        {
            throw new FormSchemaException($"The form's root must have type 'default', not '{rootType}'.", null, "type");
        }

        var id = OptionalString(raw, "id", null) ?? string.Empty;
        int? schemaVersion = null;
        if (raw.TryGetPropertyValue("schemaVersion", out var versionNode))
        {
            if (versionNode is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue<int>(out var version) || version < 1)
            {
                throw new FormSchemaException("The form's schemaVersion must be a whole number of at least 1.", null, "schemaVersion");
            }

            if (version > FormDefinition.LatestSchemaVersion)
            {
                throw new FormSchemaException(
                    $"The form has schemaVersion {version}; this build reads form-js schemas up to version {FormDefinition.LatestSchemaVersion}.", null, "schemaVersion");
            }

            schemaVersion = version;
        }

        if (raw.TryGetPropertyValue(FormDefinition.CustomValidatorProperty, out var validatorNode) && !JsValues.IsString(validatorNode, out _))
        {
            throw new FormSchemaException($"The form's '{FormDefinition.CustomValidatorProperty}' must be a module name (a string).", null, FormDefinition.CustomValidatorProperty);
        }

        var state = new ReadState();
        if (id.Length > 0)
        {
            state.Ids.Add(id);
        }

        var components = ReadChildren(raw, null, [], [], state, "the form");
        return new FormDefinition(raw, id, schemaVersion, components, state.All, state.Expressions);
    }

    private sealed class ReadState
    {
        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);

        public List<FormComponent> All { get; } = [];

        public List<FormExpressionUse> Expressions { get; } = [];

        public PathClaims Claims { get; } = new();
    }

    private static List<FormComponent> ReadChildren(JsonObject container, string? parentId, string[] parentPath, string[] ancestors, ReadState state, string where)
    {
        var result = new List<FormComponent>();
        if (!container.TryGetPropertyValue("components", out var node) || node is null)
        {
            return result;
        }

        if (node is not JsonArray array)
        {
            throw new FormSchemaException($"'components' of {where} must be an array.", parentId, "components");
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject child)
            {
                throw new FormSchemaException($"Component {i} of {where} must be a JSON object.", parentId, $"components[{i}]");
            }

            result.Add(ReadComponent(child, i, parentId, parentPath, ancestors, state, where));
        }

        return result;
    }

    private static FormComponent ReadComponent(JsonObject raw, int index, string? parentId, string[] parentPath, string[] ancestors, ReadState state, string where)
    {
        var position = $"component {index} of {where}";
        var type = RequireString(raw, "type", null, position);
        var idNode = raw["id"];
        if (!JsValues.IsString(idNode, out var id) || id.Length == 0)
        {
            throw new FormSchemaException($"The {type} at {position} needs an id (a non-empty string).", null, "id");
        }

        if (id.Any(char.IsWhiteSpace))
        {
            throw new FormSchemaException($"Component id '{id}' must not contain spaces.", id, "id");
        }

        if (!state.Ids.Add(id))
        {
            // form-js's importer text, so a pipeline sees the same message the browser logs.
            throw new FormSchemaException($"form field with id <{id}> already exists", id, "id");
        }

        var kind = FormComponentTypes.KindOf(type);
        string? key = null;
        string? path = null;
        string[] ownPath = parentPath;
        var isRepeating = false;
        switch (kind)
        {
            case FormComponentKind.Input:
                key = RequireDottedName(raw, "key", id, type);
                var segments = key.Split('.');
                if (!state.Claims.CanClaim([.. parentPath, .. segments], closed: true, repeatable: false, ancestors))
                {
                    throw new FormSchemaException($"binding path '{string.Join('.', [.. parentPath, key])}' is already claimed", id, "key");
                }

                state.Claims.Claim([.. parentPath, .. segments], closed: true, repeatable: false, id);
                break;
            case FormComponentKind.Container:
                var isList = type == FormComponentTypes.DynamicList;
                isRepeating = isList && OptionalBool(raw, "isRepeating", id) == true;
                path = raw["path"] is null && !isList ? null : RequireDottedName(raw, "path", id, type, allowEmpty: !isList);
                if (path is { Length: 0 })
                {
                    path = null;
                }

                if (path is not null)
                {
                    var pathSegments = path.Split('.');
                    ownPath = [.. parentPath, .. pathSegments];
                    if (!state.Claims.CanClaim(ownPath, closed: false, repeatable: isRepeating, ancestors))
                    {
                        throw new FormSchemaException($"binding path '{string.Join('.', ownPath)}' is already claimed", id, "path");
                    }

                    state.Claims.Claim(ownPath, closed: false, repeatable: isRepeating, id);
                }

                if (isList)
                {
                    CheckDefaultRepetitions(raw, id);
                }

                break;
        }

        CheckPropertyTypes(raw, id, type);
        FormExpressionScanner.Scan(id, raw, state.Expressions);

        // Reserve the slot first so that AllComponents lists parents before their children.
        var slot = state.All.Count;
        state.All.Add(null!);
        IReadOnlyList<FormComponent> children = kind == FormComponentKind.Container
            ? ReadChildren(raw, id, ownPath, [id, .. ancestors], state, $"{type} '{id}'")
            : [];
        var component = new FormComponent(raw, type, id, key, path, children, parentId);
        state.All[slot] = component;
        return component;
    }

    private static void CheckDefaultRepetitions(JsonObject raw, string id)
    {
        if (raw.TryGetPropertyValue("defaultRepetitions", out var node) && node is not null && !FormExpressionScanner.IsExpression(node)
            && (node is not JsonValue v || !v.TryGetValue<int>(out var count) || count < 0))
        {
            throw new FormSchemaException($"Component '{id}': 'defaultRepetitions' must be a whole number of at least 0.", id, "defaultRepetitions");
        }
    }

    private static void CheckPropertyTypes(JsonObject raw, string id, string type)
    {
        OptionalBool(raw, "disabled", id);
        OptionalBool(raw, "serializeToString", id);
        ExpectKinds(raw, "readonly", id, "a boolean or an expression", JsonValueKind.True, JsonValueKind.False, JsonValueKind.String);
        ExpectKinds(raw, "values", id, "an array of options", JsonValueKind.Array);
        ExpectKinds(raw, "valuesKey", id, "a string", JsonValueKind.String);
        ExpectKinds(raw, "valuesExpression", id, "a string", JsonValueKind.String);
        ExpectKinds(raw, "decimalDigits", id, "a number", JsonValueKind.Number, JsonValueKind.String);
        ExpectKinds(raw, "increment", id, "a number", JsonValueKind.Number, JsonValueKind.String);
        ExpectKinds(raw, "conditional", id, "an object", JsonValueKind.Object);
        ExpectKinds(raw, "validate", id, "an object", JsonValueKind.Object);
        if (type == FormComponentTypes.Datetime)
        {
            var subtype = OptionalString(raw, "subtype", id);
            if (subtype is not null and not ("date" or "time" or "datetime"))
            {
                throw new FormSchemaException($"Component '{id}': 'subtype' must be 'date', 'time' or 'datetime', not '{subtype}'.", id, "subtype");
            }
        }

        if (raw["conditional"] is JsonObject conditional)
        {
            ExpectKinds(conditional, "hide", id, "an expression string", JsonValueKind.String, JsonValueKind.True, JsonValueKind.False, "conditional.");
        }

        if (raw["validate"] is JsonObject validate)
        {
            ExpectKinds(validate, "required", id, "a boolean", JsonValueKind.True, JsonValueKind.False, "validate.");
            ExpectKinds(validate, "pattern", id, "a string", JsonValueKind.String, "validate.");
            ExpectKinds(validate, "patternErrorMessage", id, "a string", JsonValueKind.String, "validate.");
            ExpectKinds(validate, "validationType", id, "a string", JsonValueKind.String, "validate.");
            foreach (var bound in new[] { "min", "max", "minLength", "maxLength" })
            {
                ExpectKinds(validate, bound, id, "a number or an expression", JsonValueKind.Number, JsonValueKind.String, "validate.");
            }
        }
    }

    private static void ExpectKinds(JsonObject owner, string name, string id, string expected, JsonValueKind a, string prefix = "") =>
        ExpectKinds(owner, name, id, expected, [a], prefix);

    private static void ExpectKinds(JsonObject owner, string name, string id, string expected, JsonValueKind a, JsonValueKind b, string prefix = "") =>
        ExpectKinds(owner, name, id, expected, [a, b], prefix);

    private static void ExpectKinds(JsonObject owner, string name, string id, string expected, JsonValueKind a, JsonValueKind b, JsonValueKind c, string prefix = "") =>
        ExpectKinds(owner, name, id, expected, [a, b, c], prefix);

    private static void ExpectKinds(JsonObject owner, string name, string id, string expected, JsonValueKind[] kinds, string prefix)
    {
        // A JSON null is treated as "not set", as form-js does for every property it reads.
        if (owner.TryGetPropertyValue(name, out var node) && node is not null && Array.IndexOf(kinds, node.GetValueKind()) < 0)
        {
            throw new FormSchemaException($"Component '{id}': '{prefix}{name}' must be {expected}, not {Describe(node)}.", id, prefix + name);
        }
    }

    private static bool? OptionalBool(JsonObject owner, string name, string id)
    {
        ExpectKinds(owner, name, id, "a boolean", JsonValueKind.True, JsonValueKind.False);
        return owner[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
    }

    private static string? OptionalString(JsonObject owner, string name, string? id)
    {
        if (!owner.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        return JsValues.IsString(node, out var s)
            ? s
            : throw new FormSchemaException($"{(id is null ? "The form" : $"Component '{id}'")}: '{name}' must be a string, not {Describe(node)}.", id, name);
    }

    private static string RequireString(JsonObject owner, string name, string? id, string where)
    {
        var value = OptionalString(owner, name, id);
        return string.IsNullOrEmpty(value)
            ? throw new FormSchemaException($"The '{name}' of {where} must be a non-empty string.", id, name)
            : value;
    }

    /// <summary>The editor's rules for keys and paths: dotted word segments, no numeric or prototype segments.</summary>
    private static string RequireDottedName(JsonObject raw, string property, string id, string type, bool allowEmpty = false)
    {
        var value = OptionalString(raw, property, id);
        if (string.IsNullOrEmpty(value))
        {
            if (allowEmpty && value is not null)
            {
                return value;
            }

            throw new FormSchemaException($"The {type} '{id}' needs a '{property}': form-js would invent a random one, so its data could not be found again.", id, property);
        }

        if (!DottedName().IsMatch(value))
        {
            throw new FormSchemaException($"The {property} '{value}' of {type} '{id}' must be a variable or a dot separated path.", id, property);
        }

        foreach (var segment in value.Split('.'))
        {
            // Also refuse segments JavaScript reads as numbers ("1e3"): form-js would store their parent as an array.
            if (!double.IsNaN(JsNumber.Parse(segment)))
            {
                throw new FormSchemaException($"The {property} '{value}' of {type} '{id}' must not contain numerical path segments.", id, property);
            }

            if (ProhibitedSegments.Contains(segment))
            {
                throw new FormSchemaException($"The {property} '{value}' of {type} '{id}' must not be a prohibited path.", id, property);
            }
        }

        return value;
    }

    private static string Describe(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a boolean",
    };

    [GeneratedRegex(@"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedName();
}
