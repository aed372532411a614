using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// Where a FEEL evaluator plugs into form validation. No implementation ships yet: without one, a form that
/// uses FEEL is refused by <see cref="FormValidator.Create(FormDefinition)"/>. With one, hide conditions,
/// read-only conditions and the <c>validate.min/max/minLength/maxLength</c> bounds are evaluated per field instance.
/// </summary>
internal interface IFormExpressionEvaluator
{
    /// <summary>Evaluates an <c>=…</c> expression (the text includes the <c>=</c>); <see langword="null"/> for FEEL null.</summary>
    JsonNode? Evaluate(string expression, FormExpressionScope scope);

    /// <summary>Evaluates an <c>=…</c> condition as a FEEL unary test; <see langword="null"/> when it does not yield a boolean.</summary>
    bool? EvaluateCondition(string expression, FormExpressionScope scope);
}

/// <summary>The variables form-js gives an expression: the form data, and inside dynamic lists the item (<c>this</c>), its parent and the 1-based indexes (<c>_i</c>).</summary>
/// <param name="Data">The submission data being validated.</param>
/// <param name="This">The enclosing list item, or the data at the top level.</param>
/// <param name="Parent">The enclosing list item's parent scope, or <see langword="null"/>.</param>
/// <param name="Indexes">1-based item numbers of the enclosing lists, outermost first.</param>
internal sealed record FormExpressionScope(JsonNode? Data, JsonNode? This, JsonNode? Parent, IReadOnlyList<int> Indexes);
