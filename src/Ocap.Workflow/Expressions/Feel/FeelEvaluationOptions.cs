namespace Ocap.Workflow.Expressions.Feel;

/// <summary>
/// How one FEEL evaluation may behave: where <c>now()</c> reads the clock, and the bounds that keep an
/// untrusted expression from running long or building huge values. One instance is safe to share across
/// threads and evaluations; it holds no per-evaluation state.
/// </summary>
public sealed class FeelEvaluationOptions
{
    /// <summary>Defaults: the system clock, 100 000 steps, 100 000 items per list, 1 MiB strings, depth 64, 100 ms per regex.</summary>
    public static FeelEvaluationOptions Default { get; } = new();

    /// <summary>The clock behind <c>now()</c> and <c>today()</c>; <c>today()</c> is the date in its local time zone.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Steps allowed per evaluation: every operator, call or construct evaluated (literals and names are free)
    /// and every item a loop, filter or built-in walks costs one. Exceeding it throws
    /// <see cref="FeelLimitExceededException"/>; a gateway condition needs fewer than ten.
    /// </summary>
    public long MaxSteps { get; init; } = 100_000;

    /// <summary>The most items a list built during evaluation may have (<c>for i in 1..1e9</c> is refused, not attempted).</summary>
    public long MaxCollectionSize { get; init; } = 100_000;

    /// <summary>The longest string an evaluation may build, in UTF-16 code units.</summary>
    public long MaxStringLength { get; init; } = 1 << 20;

    /// <summary>How deeply user-defined functions may call each other (recursion through a context entry).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The time one <c>matches</c>, <c>replace</c> or <c>split</c> regular expression may take before it is a limit error.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);
}
