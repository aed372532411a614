using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// Runs a form's custom validator: the tenant JavaScript module named by <see cref="FormDefinition.CustomValidator"/>,
/// whose <c>validate(data, ctx)</c> returns errors keyed by component id (a string or a list of strings each).
/// The sandbox implements this port; it must run the module with only the capabilities granted to the form.
/// </summary>
public interface IFormScriptValidator
{
    /// <summary>Runs the module's <c>validate(data, ctx)</c>.</summary>
    /// <param name="request">The module, the cleaned data and the context.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The function's result as JSON (<see langword="null"/> for <c>undefined</c>/<c>null</c>, meaning no errors).</returns>
    /// <exception cref="FormScriptException">The script threw or exceeded a limit.</exception>
    ValueTask<JsonNode?> ValidateAsync(FormScriptRequest request, CancellationToken cancellationToken);
}

/// <summary>One call of a form's custom validator.</summary>
/// <param name="Module">The module's logical name, as the form names it.</param>
/// <param name="Form">The form being validated.</param>
/// <param name="Data">The cleaned submission data (the <c>data</c> argument); the runner's own copy.</param>
/// <param name="Context">The <c>ctx</c> argument: <c>formId</c> and the declarative <c>errors</c> in form-js's shape.</param>
public sealed record FormScriptRequest(string Module, FormDefinition Form, JsonObject Data, JsonObject Context);
