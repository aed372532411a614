namespace Ocap.Workflow.Sandbox;

/// <summary>
/// The host time and randomness one evaluation consumed, in the order it consumed them. Recorded with the decision so
/// that handing it back through <see cref="EvaluationOptions.Replay"/> reproduces the evaluation exactly.
/// </summary>
/// <param name="ClockReadings">Every value <c>Date.now()</c> / <c>new Date()</c> returned, in Unix milliseconds.</param>
/// <param name="RandomValues">Every value <c>Math.random()</c> returned.</param>
public sealed record HostEffects(IReadOnlyList<double> ClockReadings, IReadOnlyList<double> RandomValues)
{
    /// <summary>No host time or randomness was read.</summary>
    public static HostEffects None { get; } = new([], []);
}

/// <summary>Per-evaluation choices.</summary>
public sealed record EvaluationOptions
{
    /// <summary>
    /// For a module or CommonJS module: the export to call (or return). <see langword="null"/> means the default export
    /// (<c>module.exports</c> for CommonJS).
    /// </summary>
    public string? ExportName { get; init; }

    /// <summary>
    /// Serve <c>Date</c> and <c>Math.random</c> from a recording instead of the host. Reading more values than were
    /// recorded ends the evaluation with a <see cref="ScriptRuntimeException"/> named <c>ReplayError</c>.
    /// </summary>
    public HostEffects? Replay { get; init; }

    /// <summary>Seed for <c>Math.random</c>; <see langword="null"/> draws one. The values drawn are recorded either way.</summary>
    public int? RandomSeed { get; init; }
}

/// <summary>What one evaluation produced.</summary>
/// <param name="Value">The result as JSON (<see langword="null"/> for JSON <c>null</c> or <c>undefined</c>).</param>
/// <param name="Effects">The host time and randomness consumed, for replay.</param>
public sealed record ScriptEvaluation(System.Text.Json.Nodes.JsonNode? Value, HostEffects Effects);
