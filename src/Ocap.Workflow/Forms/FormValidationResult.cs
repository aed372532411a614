using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// What form-js's <c>submit()</c> would return for a submission: the errors and the cleaned data (values
/// coerced to their component's type, unknown options dropped, empty values filled in, disabled and hidden
/// fields and unknown properties removed).
/// </summary>
public sealed class FormValidationResult
{
    private readonly KeyValuePair<string, JsonElement>[]? _elements;
    private JsonObject? _data;

    internal FormValidationResult(IReadOnlyList<FormFieldError> errors, JsonObject data)
    {
        Errors = errors;
        _data = data;
    }

    /// <summary>
    /// A result whose every value was kept as the parsed element it was submitted as (the flat path over a parsed
    /// object): the data object, each value a node over its element, is built only when someone reads it, and the
    /// engine reads <paramref name="elements"/> instead.
    /// </summary>
    /// <param name="errors">The errors.</param>
    /// <param name="elements">The cleaned data's properties in order, each value its parsed element.</param>
    internal FormValidationResult(IReadOnlyList<FormFieldError> errors, KeyValuePair<string, JsonElement>[] elements)
    {
        Errors = errors;
        _elements = elements;
    }

    /// <summary>Whether the submission passed every rule.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>The errors, one entry per field instance that has any, in form order.</summary>
    public IReadOnlyList<FormFieldError> Errors { get; }

    /// <summary>A copy of the cleaned submission data, exactly as form-js would submit it.</summary>
    public JsonObject Data => ParsedValues.Copy(DataUnsafe);

    internal JsonObject DataUnsafe => _data ?? Build();

    /// <summary>
    /// The cleaned data as the parsed elements submitted, in order, when every value was kept as such (then writing
    /// each element's raw text gives the data's text); otherwise <see langword="null"/>.
    /// </summary>
    internal KeyValuePair<string, JsonElement>[]? Elements => _elements;

    private JsonObject Build()
    {
        // Built once; a thread that loses the race takes the winner's object.
        var properties = new KeyValuePair<string, JsonNode?>[_elements!.Length];
        for (var i = 0; i < properties.Length; i++)
        {
            properties[i] = new(_elements[i].Key, JsonValue.Create(_elements[i].Value));
        }

        var built = new JsonObject(properties);
        return Interlocked.CompareExchange(ref _data, built, null) ?? built;
    }

    /// <summary>
    /// The errors in form-js's shape: <c>{"componentId": ["message", …]}</c>, and for fields inside dynamic
    /// lists an array per list level indexed by item (<c>null</c> for items without errors).
    /// </summary>
    public JsonObject ErrorsToJson()
    {
        var root = new JsonObject();
        foreach (var error in Errors)
        {
            var path = new List<PathStep>(error.Indexes.Count + 1) { PathStep.Property(error.ComponentId) };
            path.AddRange(error.Indexes.Select(PathStep.Item));
            var messages = new JsonArray();
            foreach (var message in error.Messages)
            {
                messages.Add(message);
            }

            DataPath.Set(root, path, messages);
        }

        return root;
    }
}
