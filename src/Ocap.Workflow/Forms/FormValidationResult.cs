using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// What form-js's <c>submit()</c> would return for a submission: the errors and the cleaned data (values
/// coerced to their component's type, unknown options dropped, empty values filled in, disabled and hidden
/// fields and unknown properties removed).
/// </summary>
public sealed class FormValidationResult
{
    private readonly JsonObject _data;

    internal FormValidationResult(IReadOnlyList<FormFieldError> errors, JsonObject data)
    {
        Errors = errors;
        _data = data;
    }

    /// <summary>Whether the submission passed every rule.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>The errors, one entry per field instance that has any, in form order.</summary>
    public IReadOnlyList<FormFieldError> Errors { get; }

    /// <summary>A copy of the cleaned submission data, exactly as form-js would submit it.</summary>
    public JsonObject Data => ParsedValues.Copy(_data);

    internal JsonObject DataUnsafe => _data;

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
