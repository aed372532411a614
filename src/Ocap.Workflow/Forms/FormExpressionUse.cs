namespace Ocap.Workflow.Forms;

/// <summary>A place where a form uses FEEL: an <c>=…</c> expression or a <c>{{ }}</c> template.</summary>
/// <param name="ComponentId">The component carrying it.</param>
/// <param name="Property">The property path (<c>conditional.hide</c>, <c>validate.min</c>, <c>label</c> …).</param>
/// <param name="Text">The expression or template as written.</param>
/// <param name="IsTemplate">Whether it is a <c>{{ }}</c> template rather than an <c>=</c> expression.</param>
public sealed record FormExpressionUse(string ComponentId, string Property, string Text, bool IsTemplate);
