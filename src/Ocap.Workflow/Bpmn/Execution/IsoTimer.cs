using System.Globalization;
using System.Text.RegularExpressions;

namespace Ocap.Workflow.Bpmn.Execution;

/// <summary>
/// ISO 8601 timer values as BPMN writes them: durations (<c>P1DT2H</c>, <c>PT30S</c>, <c>P2W</c>), date-times
/// and repeating intervals (<c>R3/PT10M</c>, <c>R/PT1H</c>, <c>R2/2026-01-01T00:00:00Z/PT1H</c>). Pure: the caller
/// supplies "now".
/// </summary>
internal static partial class IsoTimer
{
    /// <summary>The first due time of a timer, or <see langword="null"/> with a reason when the value does not parse.</summary>
    public static DateTimeOffset? FirstDue(BpmnTimerKind kind, string text, DateTimeOffset now, out int? repetitions, out string? interval, out string? problem)
    {
        repetitions = null;
        interval = null;
        problem = null;
        text = text.Trim();
        switch (kind)
        {
            case BpmnTimerKind.Duration:
                if (TryAdd(text, now, out var due))
                {
                    return due;
                }

                problem = $"'{text}' is not an ISO 8601 duration such as PT1H.";
                return null;
            case BpmnTimerKind.Date:
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
                {
                    return date;
                }

                problem = $"'{text}' is not an ISO 8601 date-time.";
                return null;
            default:
                if (!text.StartsWith('R'))
                {
                    return FirstCronDue(text, now, out interval, out problem);
                }

                var match = Cycle().Match(text);
                if (!match.Success)
                {
                    problem = $"'{text}' is not an ISO 8601 repeating interval such as R3/PT10M.";
                    return null;
                }

                repetitions = match.Groups[1].Value.Length == 0 ? null : int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                var start = now;
                if (match.Groups[2].Success && !DateTimeOffset.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out start))
                {
                    problem = $"'{match.Groups[2].Value}' is not an ISO 8601 date-time.";
                    return null;
                }

                interval = match.Groups[3].Value;
                if (!TryAdd(interval, start, out var first))
                {
                    problem = $"'{interval}' is not an ISO 8601 duration.";
                    return null;
                }

                if (repetitions == 0)
                {
                    problem = $"'{text}' repeats zero times, so it never fires.";
                    return null;
                }

                return first;
        }
    }

    /// <summary>
    /// A cron <c>timeCycle</c> (5 or 6 fields, read in UTC; see <see cref="Runtime.Timers.CronExpression"/>): due at its
    /// first match after <paramref name="now"/>, then at each next match; it repeats without end. The expression
    /// itself is kept as the subscription's interval, so <see cref="TryNext"/> can compute the following firings.
    /// </summary>
    private static DateTimeOffset? FirstCronDue(string text, DateTimeOffset now, out string? interval, out string? problem)
    {
        interval = null;
        problem = null;
        try
        {
            var due = Runtime.Timers.CronExpression.Parse(text).GetNextAfter(now);
            if (due is null)
            {
                problem = $"the cron expression '{text}' never matches.";
                return null;
            }

            interval = text;
            return due;
        }
        catch (Runtime.Timers.TimerDefinitionParseException e)
        {
            problem = $"'{text}' is neither an ISO 8601 repeating interval such as R3/PT10M nor a cron expression: {e.Message}";
            return null;
        }
    }

    /// <summary>
    /// The firing after <paramref name="previous"/> of a cycle whose interval is an ISO 8601 duration (<c>P…</c>) or a
    /// cron expression (anything else).
    /// </summary>
    public static bool TryNext(string interval, DateTimeOffset previous, out DateTimeOffset next)
    {
        if (interval.StartsWith('P'))
        {
            return TryAdd(interval, previous, out next);
        }

        next = previous;
        try
        {
            if (Runtime.Timers.CronExpression.Parse(interval).GetNextAfter(previous) is { } due)
            {
                next = due;
                return true;
            }
        }
        catch (Runtime.Timers.TimerDefinitionParseException)
        {
            // Only expressions FirstDue accepted reach here; should one fail to parse, the cycle ends.
            return false;
        }

        return false;
    }

    /// <summary>Adds an ISO 8601 duration to a time.</summary>
    public static bool TryAdd(string duration, DateTimeOffset from, out DateTimeOffset result)
    {
        result = from;
        var match = Duration().Match(duration.Trim());
        if (!match.Success || duration.Trim() is "P" or "PT" || duration.TrimEnd().EndsWith('T'))
        {
            return false;
        }

        int Part(int group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = match.Groups[7].Success ? decimal.Parse(match.Groups[7].Value, CultureInfo.InvariantCulture) : 0m;
        try
        {
            result = from.AddYears(Part(1)).AddMonths(Part(2)).AddDays((Part(3) * 7) + Part(4)).AddHours(Part(5)).AddMinutes(Part(6))
                .AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"^R(\d*)/(?:([^/P][^/]*)/)?(P[^/]+)$")]
    private static partial Regex Cycle();
}
