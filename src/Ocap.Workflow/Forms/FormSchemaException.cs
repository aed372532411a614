namespace Ocap.Workflow.Forms;

/// <summary>
/// A form schema cannot be loaded: malformed JSON, a wrong property type, a duplicate id, a key or path that
/// collides with another, an unsupported component type or schema version. Names the component and property.
/// </summary>
public class FormSchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, in a sentence that names the component.</param>
    /// <param name="componentId">The offending component's id, or <see langword="null"/> for the form itself.</param>
    /// <param name="property">The offending property (<c>key</c>, <c>validate.pattern</c> …), or <see langword="null"/>.</param>
    public FormSchemaException(string message, string? componentId = null, string? property = null)
        : base(message)
    {
        ComponentId = componentId;
        Property = property;
    }

    /// <summary>The offending component's id, or <see langword="null"/> when the problem is the form as a whole.</summary>
    public string? ComponentId { get; }

    /// <summary>The offending property path within the component, or <see langword="null"/>.</summary>
    public string? Property { get; }
}
