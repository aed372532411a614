using System.Text.Json.Nodes;

namespace Ocap.Workflow.Expressions.Feel;

/// <summary>
/// FEEL unary tests (a DMN input entry): <c>-</c>, <c>&lt; 10</c>, <c>[1..5], &gt; 100</c>, <c>"A", "B"</c>,
/// <c>not("C")</c>, <c>? &gt; limit</c>. Parsed once, tested against many inputs; immutable and thread-safe.
/// </summary>
public sealed class FeelUnaryTests
{
    private readonly UnaryTest[] _tests;
    private readonly bool _negated;

    private FeelUnaryTests(string text, UnaryTest[] tests, bool negated, IReadOnlyList<string> freeNames)
    {
        Text = text;
        _tests = tests;
        _negated = negated;
        FreeNames = freeNames;
    }

    /// <summary>The tests' source text.</summary>
    public string Text { get; }

    /// <summary>The variable names the tests read from their context (not counting the input <c>?</c>), sorted.</summary>
    public IReadOnlyList<string> FreeNames { get; }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FeelParseException">The text is not a valid list of unary tests.</exception>
    public static FeelUnaryTests Parse(string text, FeelParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (tests, negated, free) = Parser.ParseUnaryTests(text, options ?? FeelParseOptions.Default);
        return new FeelUnaryTests(text, tests, negated, free);
    }

    /// <summary>
    /// Tests <paramref name="input"/>: <see langword="true"/> when a test is satisfied, <see langword="false"/>
    /// when none is, <see langword="null"/> when none is satisfied and one could not be decided (a type mismatch).
    /// </summary>
    /// <exception cref="FeelLimitExceededException">A bound in <paramref name="options"/> was exceeded.</exception>
    /// <exception cref="FeelValueConversionException">The input holds a number outside the decimal range.</exception>
    public bool? Test(JsonNode? input, FeelContext variables, FeelEvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var value = JsonMapping.FromNode(input, "$input");
        var env = new Env(variables.Entries, options ?? FeelEvaluationOptions.Default, cancellationToken);
        var r = UnaryTest.AnyOf(_tests, value, ref env);
        if (r.IsNull)
        {
            return null;
        }

        return _negated ? !r.AsBoolean : r.AsBoolean;
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
