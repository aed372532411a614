namespace Ocap.Workflow.Sandbox;

/// <summary>
/// Why an evaluation or a prepare failed. Carries the script's logical name and content hash, the position in its source
/// when one is known, and the JavaScript error's name and message. It never carries host stack frames or .NET type
/// names: <see cref="Exception.Message"/> is built from those fields alone.
/// </summary>
public abstract class ScriptException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="logicalName">The name the host gave the script when preparing it.</param>
    /// <param name="contentHash">The SHA-256 of the script's source (see <see cref="ContentHash"/>).</param>
    /// <param name="errorName">The JavaScript error name (<c>TypeError</c>, <c>SyntaxError</c> …) or the limit's name.</param>
    /// <param name="errorMessage">The JavaScript error message.</param>
    /// <param name="line">1-based line, or 0 when unknown.</param>
    /// <param name="column">1-based column, or 0 when unknown.</param>
    protected ScriptException(string logicalName, string contentHash, string errorName, string errorMessage, int line, int column)
        : base(Describe(logicalName, errorName, errorMessage, line, column))
    {
        LogicalName = logicalName;
        ContentHash = contentHash;
        ErrorName = errorName;
        ErrorMessage = errorMessage;
        Line = line;
        Column = column;
    }

    /// <summary>The name the host gave the script when preparing it.</summary>
    public string LogicalName { get; }

    /// <summary>The SHA-256 of the script's source, lowercase hexadecimal.</summary>
    public string ContentHash { get; }

    /// <summary>The JavaScript error name (<c>TypeError</c>, <c>SyntaxError</c> …), or for limits the limit's name.</summary>
    public string ErrorName { get; }

    /// <summary>The JavaScript error message, without any stack.</summary>
    public string ErrorMessage { get; }

    /// <summary>1-based line in the script's source, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column in the script's source, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>
    /// For an evaluation that failed: the host time and randomness it read before failing, in order, so that a failed
    /// decision can be replayed exactly too (<see cref="EvaluationOptions.Replay"/>). <see cref="HostEffects.None"/> for
    /// prepare-time errors and evaluations that read none.
    /// </summary>
    public HostEffects HostEffects { get; internal set; } = HostEffects.None;

    /// <summary>The error's kind as the CLI and logs spell it: <c>syntax</c>, <c>runtime</c>, <c>limit</c>, <c>capability</c> or <c>result</c>.</summary>
    public abstract string Kind { get; }

    private static string Describe(string logicalName, string errorName, string errorMessage, int line, int column)
        => line > 0 ? $"{logicalName}:{line}:{column}: {errorName}: {errorMessage}" : $"{logicalName}: {errorName}: {errorMessage}";
}

/// <summary>The source is not valid for its <see cref="ScriptKind"/>; reported when the script is prepared.</summary>
public sealed class ScriptSyntaxException : ScriptException
{
    /// <summary>Creates the error.</summary>
    /// <param name="logicalName">The script's logical name.</param>
    /// <param name="contentHash">The script's content hash.</param>
    /// <param name="errorMessage">What is wrong.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    public ScriptSyntaxException(string logicalName, string contentHash, string errorMessage, int line, int column)
        : base(logicalName, contentHash, "SyntaxError", errorMessage, line, column)
    {
    }

    /// <inheritdoc/>
    public override string Kind => "syntax";
}

/// <summary>The script threw (or its promise rejected) and did not catch it.</summary>
public sealed class ScriptRuntimeException : ScriptException
{
    /// <summary>Creates the error.</summary>
    /// <param name="logicalName">The script's logical name.</param>
    /// <param name="contentHash">The script's content hash.</param>
    /// <param name="errorName">The thrown error's <c>name</c>, or <c>Error</c> for a thrown non-error value.</param>
    /// <param name="errorMessage">The thrown error's <c>message</c>, or the thrown value as text.</param>
    /// <param name="line">1-based line where it was thrown, or 0.</param>
    /// <param name="column">1-based column, or 0.</param>
    public ScriptRuntimeException(string logicalName, string contentHash, string errorName, string errorMessage, int line, int column)
        : base(logicalName, contentHash, errorName, errorMessage, line, column)
    {
    }

    /// <inheritdoc/>
    public override string Kind => "runtime";
}

/// <summary>The script asked for authority it was not granted: a capability, or an import or <c>require</c> of something other than the tenant's own modules.</summary>
public sealed class ScriptCapabilityException : ScriptException
{
    /// <summary>Creates the error.</summary>
    /// <param name="logicalName">The script's logical name.</param>
    /// <param name="contentHash">The script's content hash.</param>
    /// <param name="capability">The capability name or module specifier that was refused.</param>
    /// <param name="errorMessage">Why.</param>
    public ScriptCapabilityException(string logicalName, string contentHash, string capability, string errorMessage)
        : base(logicalName, contentHash, "CapabilityError", errorMessage, 0, 0)
    {
        Capability = capability;
    }

    /// <summary>The capability name or module specifier that was refused.</summary>
    public string Capability { get; }

    /// <inheritdoc/>
    public override string Kind => "capability";
}

/// <summary>The script's result is not plain JSON data (a function, a cycle, a Proxy, a symbol, a non-finite number, an accessor) or is over the size limit.</summary>
public sealed class ScriptResultException : ScriptException
{
    /// <summary>Creates the error.</summary>
    /// <param name="logicalName">The script's logical name.</param>
    /// <param name="contentHash">The script's content hash.</param>
    /// <param name="path">Where in the result the offending value sits, e.g. <c>$.items[2].when</c>.</param>
    /// <param name="errorMessage">What is wrong with it.</param>
    public ScriptResultException(string logicalName, string contentHash, string path, string errorMessage)
        : base(logicalName, contentHash, "ResultError", $"{path}: {errorMessage}", 0, 0)
    {
        Path = path;
    }

    /// <summary>Where in the result the offending value sits, e.g. <c>$.items[2].when</c>.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override string Kind => "result";
}
