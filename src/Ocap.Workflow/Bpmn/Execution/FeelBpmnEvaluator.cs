using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Bpmn.Execution;

/// <summary>
/// Evaluates the FEEL expressions of a diagram (Camunda 8's <c>=...</c>) for the interpreter: conditions,
/// mappings, timers, assignments, correlation keys, called process ids and multi-instance values. Each text is
/// parsed once (the validator has already refused the ones that do not parse) and evaluated against the
/// variables visible at the element, converted from JSON for the names the expression reads.
/// </summary>
/// <remarks>
/// <c>now()</c> and <c>today()</c> read the command's time, which the runtime takes from the host's
/// <see cref="TimeProvider"/>: the interpreter itself reads no clock, so a step replayed from history gives the
/// same answer. <c>today()</c> is the date in the zone of the configured options' clock (UTC by default). Failures
/// (a bound of <see cref="FeelEvaluationOptions"/> exceeded, a result with no JSON form) come back as a failed
/// outcome, which the interpreter turns into an incident. Thread-safe: the parse cache is concurrent and nothing
/// else is mutable.
/// </remarks>
internal sealed class FeelBpmnEvaluator
{
    private static readonly JsonElement JsonNull = JsonDocument.Parse("null").RootElement.Clone();

    private readonly ConcurrentDictionary<string, FeelExpression> _parsed = new(StringComparer.Ordinal);
    private readonly FeelEvaluationOptions _limits;
    private readonly TimeZoneInfo _zone;

    /// <summary>Creates the evaluator with the bounds (and the time zone of <c>today()</c>) of <paramref name="options"/>.</summary>
    public FeelBpmnEvaluator(FeelEvaluationOptions? options)
    {
        _limits = options ?? FeelEvaluationOptions.Default;
        _zone = options is null ? TimeZoneInfo.Utc : options.TimeProvider.LocalTimeZone;
    }

    /// <summary>Whether a text is a FEEL expression in the Camunda 8 sense: it starts with <c>=</c>.</summary>
    public static bool IsFeel(string? text) => text is not null && text.TrimStart().StartsWith('=');

    /// <summary>The parse problem of <paramref name="text"/>, or <see langword="null"/> when it parses.</summary>
    public static FeelParseException? Check(string text)
    {
        try
        {
            FeelExpression.Parse(text);
            return null;
        }
        catch (FeelParseException e)
        {
            return e;
        }
    }

    /// <summary>Evaluates <paramref name="text"/> at <paramref name="now"/>; FEEL null is a JSON null.</summary>
    public BpmnScriptOutcome Evaluate(string text, IReadOnlyDictionary<string, JsonElement> variables, DateTimeOffset now)
    {
        FeelExpression expression;
        try
        {
            expression = _parsed.GetOrAdd(text, static t => FeelExpression.Parse(t));
        }
        catch (FeelParseException e)
        {
            return BpmnScriptOutcome.Failure(e.Message);
        }

        try
        {
            var result = expression.Evaluate(Context(expression, variables), Options(now));
            return BpmnScriptOutcome.Success(result is null ? JsonNull : JsonSerializer.SerializeToElement(result));
        }
        catch (FeelException e)
        {
            return BpmnScriptOutcome.Failure(e.Message);
        }
    }

    /// <summary>
    /// A FEEL date and time with a zone id (<c>2026-03-01T09:00:00@Europe/Berlin</c>, the JSON form of a zoned
    /// value) as an ISO 8601 date-time with that zone's offset at that moment, which the timer parser reads; any
    /// other text is returned as it is. An unknown zone gives <see langword="null"/>.
    /// </summary>
    public static string? WithOffset(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        if (!DateTime.TryParse(text[..at], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || !TimeZoneInfo.TryFindSystemTimeZoneById(text[(at + 1)..], out var zone))
        {
            return null;
        }

        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToString("O", CultureInfo.InvariantCulture);
    }

    /// <summary>A FEEL null as JSON.</summary>
    public static JsonElement Null => JsonNull;

    private FeelEvaluationOptions Options(DateTimeOffset now) => new()
    {
        TimeProvider = new StepClock(now, _zone),
        MaxSteps = _limits.MaxSteps,
        MaxCollectionSize = _limits.MaxCollectionSize,
        MaxStringLength = _limits.MaxStringLength,
        MaxDepth = _limits.MaxDepth,
        RegexTimeout = _limits.RegexTimeout,
    };

    /// <summary>Only the variables the expression reads cross into FEEL: an instance's other data is never converted.</summary>
    private static FeelContext Context(FeelExpression expression, IReadOnlyDictionary<string, JsonElement> variables)
    {
        var names = expression.FreeNames;
        if (names.Count == 0)
        {
            return FeelContext.Empty;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var name in names)
            {
                if (variables.TryGetValue(name, out var value))
                {
                    writer.WritePropertyName(name);
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return FeelContext.FromJson(document.RootElement);
    }

    /// <summary>The clock FEEL sees during one step: the command's time, in the configured zone.</summary>
    private sealed class StepClock(DateTimeOffset now, TimeZoneInfo zone) : TimeProvider
    {
        public override TimeZoneInfo LocalTimeZone => zone;

        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
