using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// A form-js form schema (<c>schemaVersion</c> up to <see cref="LatestSchemaVersion"/>), imported into an
/// immutable model. Import is lossless: <see cref="ToJson"/> returns every property as written, including
/// component types and properties this build does not know, and FEEL expressions and templates as written.
/// Structural mistakes — wrong property types, duplicate ids, keys that are not dotted names, keys and paths
/// that claim the same data — are refused at import with a <see cref="FormSchemaException"/>.
/// </summary>
public sealed class FormDefinition
{
    /// <summary>The newest form-js schema version this build reads (form-js 1.x and 2.0 write 19).</summary>
    public const int LatestSchemaVersion = 19;

    private readonly JsonObject _raw;

    internal FormDefinition(JsonObject raw, string id, int? schemaVersion, IReadOnlyList<FormComponent> components,
        IReadOnlyList<FormComponent> allComponents, IReadOnlyList<FormExpressionUse> expressions)
    {
        _raw = raw;
        Id = id;
        SchemaVersion = schemaVersion;
        Components = components;
        AllComponents = allComponents;
        Expressions = expressions;
    }

    /// <summary>The form's id (the root's <c>id</c>).</summary>
    public string Id { get; }

    /// <summary>The schema version the form was written with, or <see langword="null"/> when the schema does not say.</summary>
    public int? SchemaVersion { get; }

    /// <summary>The top-level components, in order.</summary>
    public IReadOnlyList<FormComponent> Components { get; }

    /// <summary>Every component, depth first in document order.</summary>
    public IReadOnlyList<FormComponent> AllComponents { get; }

    /// <summary>Every FEEL expression and template the form uses, in document order.</summary>
    public IReadOnlyList<FormExpressionUse> Expressions { get; }

    /// <summary>The <c>exporter</c> object's name (the tool that wrote the form), or <see langword="null"/>.</summary>
    public string? ExporterName => (_raw["exporter"] as JsonObject)?["name"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The root's <c>versionTag</c>, or <see langword="null"/>.</summary>
    public string? VersionTag => _raw["versionTag"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>
    /// The logical name of the tenant JavaScript module that validates submissions after the declarative rules,
    /// from the root property <c>ocap:validator</c>, or <see langword="null"/> when the form has none.
    /// </summary>
    public string? CustomValidator => _raw[CustomValidatorProperty] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    internal const string CustomValidatorProperty = "ocap:validator";

    /// <summary>Reads a form-js schema from JSON text.</summary>
    /// <param name="json">The schema, as saved by the form-js editor or Camunda Modeler.</param>
    /// <exception cref="FormSchemaException">The text is not JSON, or the schema is malformed.</exception>
    public static FormDefinition Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormSchemaException($"The form schema is not valid JSON: {e.Message}");
        }

        return FromJson(node);
    }

    /// <summary>Reads a form-js schema from a parsed JSON value (which is copied, not kept).</summary>
    /// <param name="schema">The schema's root object.</param>
    /// <exception cref="FormSchemaException">The schema is malformed.</exception>
    public static FormDefinition FromJson(JsonNode? schema) => FormSchemaReader.Read(schema);

    /// <summary>The schema as JSON text, with every property as it was imported.</summary>
    public string ToJson() => _raw.ToJsonString();

    /// <summary>A copy of the schema as a JSON object, with every property as it was imported.</summary>
    public JsonObject ToJsonObject() => (JsonObject)_raw.DeepClone();

    /// <summary>Finds a component by id.</summary>
    /// <param name="id">The component id.</param>
    /// <returns>The component, or <see langword="null"/> when the form has none with that id.</returns>
    public FormComponent? FindComponent(string id)
    {
        foreach (var component in AllComponents)
        {
            if (string.Equals(component.Id, id, StringComparison.Ordinal))
            {
                return component;
            }
        }

        return null;
    }
}
