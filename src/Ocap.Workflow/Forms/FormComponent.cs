using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// One component of a form-js schema, immutable. The typed properties are the ones that shape the submitted
/// data; every other property (labels, layout, appearance, properties this build does not know) is kept
/// verbatim and comes back unchanged from <see cref="FormDefinition.ToJson"/>.
/// </summary>
public sealed class FormComponent
{
    private readonly JsonObject _raw;

    internal FormComponent(JsonObject raw, string type, string id, string? key, string? path, IReadOnlyList<FormComponent> components, string? parentId)
    {
        _raw = raw;
        Type = type;
        Id = id;
        Key = key;
        Path = path;
        Components = components;
        ParentId = parentId;
        Kind = FormComponentTypes.KindOf(type);
    }

    /// <summary>The form-js type name (<c>textfield</c>, <c>group</c> …), as written.</summary>
    public string Type { get; }

    /// <summary>What the type does with data.</summary>
    public FormComponentKind Kind { get; }

    /// <summary>The component's id, unique in the form; errors are keyed by it.</summary>
    public string Id { get; }

    /// <summary>The dotted data key of an input (<c>address.city</c>), relative to its containers' paths; <see langword="null"/> for other kinds.</summary>
    public string? Key { get; }

    /// <summary>The dotted data path of a group or dynamic list, or <see langword="null"/> when it has none.</summary>
    public string? Path { get; }

    /// <summary>The id of the enclosing group or dynamic list, or <see langword="null"/> at the top level.</summary>
    public string? ParentId { get; }

    /// <summary>Child components of a group or dynamic list (empty for other kinds).</summary>
    public IReadOnlyList<FormComponent> Components { get; }

    /// <summary>Whether the component is disabled (<c>disabled: true</c>): it is neither validated nor submitted.</summary>
    public bool Disabled => _raw["disabled"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>A copy of any property as written in the schema (for example <c>label</c> or <c>validate</c>), or <see langword="null"/> when absent.</summary>
    /// <param name="name">The top-level property name.</param>
    public JsonNode? GetProperty(string name) => _raw.TryGetPropertyValue(name, out var value) ? value?.DeepClone() : null;

    /// <summary>The schema object itself; internal so that nothing outside can mutate the immutable model.</summary>
    internal JsonObject Raw => _raw;

    /// <inheritdoc/>
    public override string ToString() => $"{Type} '{Id}'";
}
