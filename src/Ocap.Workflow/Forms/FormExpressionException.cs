namespace Ocap.Workflow.Forms;

/// <summary>
/// The form uses a FEEL expression (<c>=…</c>) or a <c>{{ }}</c> template that this build cannot evaluate.
/// Such a form is refused when it is loaded for validation, because ignoring a hide condition or a computed
/// bound would accept data the browser rejects.
/// </summary>
public sealed class FormExpressionException : FormSchemaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="componentId">The component that carries the expression.</param>
    /// <param name="property">The property holding it (<c>conditional.hide</c>, <c>validate.min</c>, <c>text</c> …).</param>
    /// <param name="expression">The expression text as written in the schema.</param>
    public FormExpressionException(string componentId, string property, string expression)
        : base($"Component '{componentId}' uses an expression in '{property}' ({Shorten(expression)}); FEEL expressions and templates are not supported by this build, so the form is refused rather than evaluated without them.", componentId, property)
    {
        Expression = expression;
    }

    /// <summary>The expression text as written in the schema.</summary>
    public string Expression { get; }

    private static string Shorten(string expression) => expression.Length <= 60 ? expression : expression[..57] + "...";
}
