namespace Ocap.Workflow.Forms;

/// <summary>The messages for one field, as form-js reports them.</summary>
/// <param name="ComponentId">The component's id (form-js keys errors by it).</param>
/// <param name="Indexes">The item index in each enclosing dynamic list, outermost first; empty outside lists.</param>
/// <param name="Messages">The messages, in form-js's order (pattern, required, min, max, lengths, phone, email; number rules first).</param>
public sealed record FormFieldError(string ComponentId, IReadOnlyList<int> Indexes, IReadOnlyList<string> Messages);
