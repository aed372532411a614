namespace Ocap.Workflow.Forms;

/// <summary>Why a form's custom validator did not produce a usable verdict.</summary>
public enum FormScriptFailureKind
{
    /// <summary>The script threw, or could not be loaded.</summary>
    ScriptError,

    /// <summary>The script exceeded a sandbox limit (time, statements, memory, recursion, result size).</summary>
    LimitExceeded,

    /// <summary>The script returned something other than errors keyed by component id.</summary>
    InvalidResult,

    /// <summary>The form names a custom validator but no script runner was supplied.</summary>
    Unavailable,
}

/// <summary>
/// A form's custom validator failed. The submission is neither valid nor invalid: the caller must treat it as
/// not validated. It is never reported as "valid".
/// </summary>
public sealed class FormScriptException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">A sentence for people; it names the script and, where known, the line.</param>
    /// <param name="innerException">The runner's own failure, if any.</param>
    public FormScriptException(FormScriptFailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>What went wrong.</summary>
    public FormScriptFailureKind Kind { get; }
}
