using System.Text.Json.Nodes;

namespace Ocap.Workflow.Expressions.Feel;

/// <summary>
/// A FEEL expression parsed once and evaluated many times. Immutable and thread-safe: parse at deploy time
/// (where a syntax error, an unknown function or a wrong argument count is reported), evaluate per instance.
/// </summary>
/// <remarks>
/// <para>JSON mapping. In: <c>null</c>, booleans, strings, arrays and objects become FEEL null, booleans,
/// strings, lists and contexts; numbers become <see cref="decimal"/> (outside its range is a
/// <see cref="FeelValueConversionException"/>). Strings are never guessed to be dates. Out: numbers are written
/// without trailing zeros; dates (<c>2024-05-01</c>), times (<c>10:30:00+02:00</c>), dates and times
/// (<c>2024-05-01T10:30:00Z</c>, <c>…@Europe/Berlin</c>) and durations (<c>P1DT2H</c>, <c>P1Y2M</c>) as ISO 8601
/// text; lists as arrays; contexts as objects. A range or function result has no JSON form and is refused.</para>
/// <para>Evaluation never throws for type problems: FEEL answers null (a comparison of mismatched types, an
/// arithmetic on null, a missing variable). It throws only <see cref="FeelLimitExceededException"/>,
/// <see cref="FeelValueConversionException"/> and <see cref="OperationCanceledException"/>.</para>
/// </remarks>
public sealed class FeelExpression
{
    private readonly Node _root;

    private FeelExpression(string text, Node root, IReadOnlyList<string> freeNames)
    {
        Text = text;
        _root = root;
        FreeNames = freeNames;
    }

    /// <summary>The expression's source text (without a leading <c>=</c>).</summary>
    public string Text { get; }

    /// <summary>
    /// The variable names the expression reads from its context, sorted. Names inside a filter
    /// (<c>items[price &gt; limit]</c>) are included even when an item provides them, so the list may be larger
    /// than strictly needed but never misses a variable.
    /// </summary>
    public IReadOnlyList<string> FreeNames { get; }

    /// <summary>Parses <paramref name="text"/>. A leading <c>=</c> (Camunda's marker for a FEEL expression) is accepted and skipped.</summary>
    /// <exception cref="FeelParseException">The text is not valid FEEL, or uses a refused construct or unknown function.</exception>
    public static FeelExpression Parse(string text, FeelParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = StripMarker(text, out var offset);
        try
        {
            var (root, free) = Parser.ParseExpression(body, options ?? FeelParseOptions.Default);
            return new FeelExpression(body, root, free);
        }
        catch (FeelParseException e) when (offset > 0)
        {
            throw new FeelParseException(text, e.Position + offset, e.Reason);
        }
    }

    /// <summary>Evaluates against JSON variables and returns the result as JSON (null for FEEL null).</summary>
    /// <exception cref="FeelLimitExceededException">A bound in <paramref name="options"/> was exceeded.</exception>
    /// <exception cref="FeelValueConversionException">An input number is out of range, or the result is a range or function.</exception>
    public JsonNode? Evaluate(JsonObject? variables, FeelEvaluationOptions? options = null, CancellationToken cancellationToken = default) =>
        Evaluate(FeelContext.FromJson(variables), options, cancellationToken);

    /// <summary>Evaluates against variables converted once with <see cref="FeelContext.FromJson(JsonObject)"/>.</summary>
    /// <exception cref="FeelLimitExceededException">A bound in <paramref name="options"/> was exceeded.</exception>
    /// <exception cref="FeelValueConversionException">The result is a range or function.</exception>
    public JsonNode? Evaluate(FeelContext variables, FeelEvaluationOptions? options = null, CancellationToken cancellationToken = default) =>
        JsonMapping.ToNode(EvaluateValue(variables, options, cancellationToken));

    /// <summary>
    /// Evaluates a condition without building JSON: <see langword="true"/> or <see langword="false"/> for a
    /// boolean result, <see langword="null"/> for null or any non-boolean (a BPMN gateway takes only
    /// <see langword="true"/>). This is the allocation-free path for gateway conditions.
    /// </summary>
    /// <exception cref="FeelLimitExceededException">A bound in <paramref name="options"/> was exceeded.</exception>
    public bool? EvaluateCondition(FeelContext variables, FeelEvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var v = EvaluateValue(variables, options, cancellationToken);
        return v.Kind == ValueKind.Boolean ? v.AsBoolean : null;
    }

    internal Value EvaluateValue(FeelContext variables, FeelEvaluationOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var env = new Env(variables.Entries, options ?? FeelEvaluationOptions.Default, cancellationToken);
        return _root.Eval(ref env);
    }

    internal static string StripMarker(string text, out int offset)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('='))
        {
            offset = text.Length - trimmed.Length + 1;
            return text[offset..];
        }

        offset = 0;
        return text;
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
