namespace Ocap.Workflow.Sandbox;

/// <summary>Which bound of <see cref="SandboxLimits"/> an evaluation exceeded.</summary>
public enum ScriptLimit
{
    /// <summary><see cref="SandboxLimits.Timeout"/>, or the caller's cancellation.</summary>
    Timeout,

    /// <summary><see cref="SandboxLimits.MaxStatements"/>.</summary>
    Statements,

    /// <summary><see cref="SandboxLimits.MemoryBytes"/>, <see cref="SandboxLimits.MaxArrayLength"/> or <see cref="SandboxLimits.MaxStringLength"/>.</summary>
    Memory,

    /// <summary><see cref="SandboxLimits.MaxRecursion"/>, or the native stack guard.</summary>
    Recursion,

    /// <summary><see cref="SandboxLimits.RegexTimeout"/>.</summary>
    RegexTimeout,

    /// <summary><see cref="SandboxLimits.MaxResultBytes"/>.</summary>
    ResultSize,

    /// <summary><see cref="SandboxLimits.MaxSourceLength"/>.</summary>
    SourceSize,
}

/// <summary>
/// The evaluation exceeded one of the sandbox's limits and was ended. JavaScript cannot catch this: the script's own
/// <c>try</c>/<c>catch</c> and <c>finally</c> blocks do not run past the moment the limit fired.
/// </summary>
public sealed class ScriptLimitExceededException : ScriptException
{
    /// <summary>Creates the error.</summary>
    /// <param name="logicalName">The script's logical name.</param>
    /// <param name="contentHash">The script's content hash.</param>
    /// <param name="limit">The limit that fired.</param>
    /// <param name="errorMessage">What was exceeded, in words.</param>
    public ScriptLimitExceededException(string logicalName, string contentHash, ScriptLimit limit, string errorMessage)
        : base(logicalName, contentHash, limit.ToString(), errorMessage, 0, 0)
    {
        Limit = limit;
    }

    /// <summary>The limit that fired.</summary>
    public ScriptLimit Limit { get; }

    /// <inheritdoc/>
    public override string Kind => "limit";
}
