using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Forms;

/// <summary>
/// A FEEL expression (<c>=…</c>) or <c>{{ }}</c> template of the form cannot be used: it is not valid FEEL
/// (<see cref="Position"/> says where), or it sits in a property whose FEEL this build does not evaluate. Such a
/// form is refused when it is loaded for validation, because ignoring a hide condition or a computed bound would
/// accept data the browser rejects.
/// </summary>
public sealed class FormExpressionException : FormSchemaException
{
    /// <summary>Creates the exception for an expression in a property whose FEEL is not evaluated by this build.</summary>
    /// <param name="componentId">The component that carries the expression.</param>
    /// <param name="property">The property holding it (<c>conditional.hide</c>, <c>validate.min</c>, <c>text</c> …).</param>
    /// <param name="expression">The expression text as written in the schema.</param>
    public FormExpressionException(string componentId, string property, string expression)
        : base($"Component '{componentId}' uses an expression in '{property}' ({Shorten(expression)}); FEEL in this property is not supported by this build, so the form is refused rather than evaluated without it.", componentId, property)
    {
        Expression = expression;
    }

    /// <summary>Creates the exception for an expression or template that is not valid FEEL.</summary>
    /// <param name="componentId">The component that carries the expression.</param>
    /// <param name="property">The property holding it.</param>
    /// <param name="expression">The expression or template text as written in the schema.</param>
    /// <param name="position">The zero-based offset of the problem in <paramref name="expression"/>.</param>
    /// <param name="inner">The FEEL parser's error.</param>
    public FormExpressionException(string componentId, string property, string expression, int position, FeelParseException inner)
        : base($"Component '{componentId}' has an invalid FEEL expression in '{property}' at position {position} ({Shorten(expression)}): {inner?.Reason}", componentId, property)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Expression = expression;
        Position = position;
        ParseError = inner;
    }

    /// <summary>The expression text as written in the schema.</summary>
    public string Expression { get; }

    /// <summary>The zero-based offset in <see cref="Expression"/> where it stops being valid FEEL, or <see langword="null"/> when the expression is refused for its property.</summary>
    public int? Position { get; }

    /// <summary>The FEEL parser's error, when the expression is not valid FEEL.</summary>
    public FeelParseException? ParseError { get; }

    private static string Shorten(string expression) => expression.Length <= 60 ? expression : expression[..57] + "...";
}
