namespace Ocap.Workflow.Forms;

/// <summary>
/// The submitted data cannot be bound to the form: a value sits where the form needs an object to hold its
/// fields (for example <c>"address": "x"</c> where a group with path <c>address</c> keeps its fields). form-js
/// fails to open the form on such data; this names the path instead.
/// </summary>
public sealed class FormDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The dotted data path that could not be written.</param>
    /// <param name="message">What is wrong.</param>
    public FormDataException(string path, string message)
        : base(message)
    {
        Path = path;
    }

    /// <summary>The dotted data path that could not be written.</summary>
    public string Path { get; }
}
