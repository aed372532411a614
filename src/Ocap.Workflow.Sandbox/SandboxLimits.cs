namespace Ocap.Workflow.Sandbox;

/// <summary>
/// The bounds one evaluation runs under. Every limit is on by default with a value a decision script never needs to
/// approach; exceeding one ends the evaluation with <see cref="ScriptLimitExceededException"/> naming it, and leaves the
/// sandbox usable.
/// </summary>
/// <remarks>
/// Limits are fixed per <see cref="JsSandbox"/> (per tenant) because the engines a sandbox pools are built with them:
/// Jint reads recursion, array and regex bounds once, when an engine is constructed.
/// </remarks>
public sealed record SandboxLimits
{
    /// <summary>Wall time for the whole evaluation, including waits for asynchronous capabilities. Default 2 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>JavaScript statements executed by the evaluation, promise jobs included. Default 10 000 000.</summary>
    public long MaxStatements { get; init; } = 10_000_000;

    /// <summary>
    /// Bytes the evaluation may allocate (measured by Jint between statements, and checked before the bounded
    /// built-ins allocate). Default 64 MiB.
    /// </summary>
    public long MemoryBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Nested calls of one function definition (proper tail calls included). Default 256.</summary>
    public int MaxRecursion { get; init; } = 256;

    /// <summary>Time one regular-expression match may take. Default 100 ms.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Size of the result as compact JSON, in UTF-8 bytes. Default 1 MiB.</summary>
    public int MaxResultBytes { get; init; } = 1024 * 1024;

    /// <summary>Length of one script's source text, in characters. Default 256 KiB.</summary>
    public int MaxSourceLength { get; init; } = 256 * 1024;

    /// <summary>Elements of one array (and of one typed array or buffer, in elements or bytes). Default 1 000 000.</summary>
    public int MaxArrayLength { get; init; } = 1_000_000;

    /// <summary>Characters of one string produced by a single built-in (<c>repeat</c>, <c>padEnd</c>, <c>join</c> …). Default 8 M.</summary>
    public int MaxStringLength { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// Checks every limit; a host that reads limits from configuration can call it at start-up, before any sandbox is
    /// built with them (a <see cref="JsSandbox"/> checks them again when it is created).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive; the parameter name is the limit's.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxStatements, 0, nameof(MaxStatements));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MemoryBytes, 0, nameof(MemoryBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxRecursion, 0, nameof(MaxRecursion));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RegexTimeout, TimeSpan.Zero, nameof(RegexTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxResultBytes, 0, nameof(MaxResultBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxSourceLength, 0, nameof(MaxSourceLength));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxArrayLength, 0, nameof(MaxArrayLength));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxStringLength, 0, nameof(MaxStringLength));
    }
}
