namespace Ocap.Workflow.Expressions.Feel;

/// <summary>
/// How one FEEL evaluation may behave: where <c>now()</c> reads the clock, and the bounds that keep an
/// untrusted expression from running long or building huge values. One instance is safe to share across
/// threads and evaluations; it holds no per-evaluation state.
/// </summary>
public sealed class FeelEvaluationOptions
{
    /// <summary>Defaults: the system clock, 100 000 steps, 100 000 items per list, 1 MiB strings, depth 64, 100 ms per regex.</summary>
    /// <remarks>Every limit must be greater than zero; setting one to zero or less throws <see cref="ArgumentOutOfRangeException"/>.</remarks>
    public static FeelEvaluationOptions Default { get; } = new();

    /// <summary>The clock behind <c>now()</c> and <c>today()</c>; <c>today()</c> is the date in its local time zone.</summary>
    public TimeProvider TimeProvider { get; init => field = value ?? throw new ArgumentNullException(nameof(value)); } = TimeProvider.System;

    /// <summary>
    /// Steps allowed per evaluation: every operator, call or construct evaluated (literals and names are free)
    /// and every item a loop, filter or built-in walks costs one. Exceeding it throws
    /// <see cref="FeelLimitExceededException"/>; a gateway condition needs fewer than ten.
    /// </summary>
    public long MaxSteps { get; init => field = Positive(value); } = 100_000;

    /// <summary>The most items a list built during evaluation may have (<c>for i in 1..1000000000</c> is refused, not attempted).</summary>
    public long MaxCollectionSize { get; init => field = Positive(value); } = 100_000;

    /// <summary>The longest string an evaluation may build, in UTF-16 code units.</summary>
    public long MaxStringLength { get; init => field = Positive(value); } = 1 << 20;

    /// <summary>How deeply user-defined functions may call each other (recursion through a context entry).</summary>
    public int MaxDepth { get; init => field = Positive(value); } = 64;

    /// <summary>The time one <c>matches</c>, <c>replace</c> or <c>split</c> regular expression may take before it is a limit error.</summary>
    public TimeSpan RegexTimeout
    {
        get;
        init => field = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The regex timeout must be positive.");
    } = TimeSpan.FromMilliseconds(100);

    private static T Positive<T>(T value)
        where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A FEEL limit must be greater than zero.");
}
