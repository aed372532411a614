using System.Globalization;
using System.Text.RegularExpressions;

namespace Ocap.Workflow.Bpmn.Execution;

/// <summary>
/// ISO 8601 timer values as BPMN writes them: durations (<c>P1DT2H</c>, <c>PT30S</c>, <c>P2W</c>), date-times
/// and repeating intervals (<c>R3/PT10M</c>, <c>R/PT1H</c>, <c>R2/2026-01-01T00:00:00Z/PT1H</c>; one with a start fires
/// first at the start, see <see cref="FirstFromStart"/>). Pure: the caller supplies "now".
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

                return match.Groups[2].Success ? FirstFromStart(text, start, interval, now, ref repetitions, out problem) : first;
        }
    }

    /// <summary>
    /// A cycle with a start (<c>Rn/start/duration</c>) fires at <c>start + k·duration</c> for k = 0 … n−1, as Camunda 7
    /// fires it and as this engine's timer start events do (<see cref="Runtime.Timers.RepeatingInterval"/>): the
    /// first firing is the start itself when it is still ahead, else the first one after <paramref name="now"/>, and the
    /// firings already past no longer count. When every firing is past the timer cannot be scheduled.
    /// </summary>
    private static DateTimeOffset? FirstFromStart(string text, DateTimeOffset start, string interval, DateTimeOffset now, ref int? repetitions, out string? problem)
    {
        problem = null;
        if (!TryAdd(interval, start, out var second) || second <= start)
        {
            problem = $"'{text}' has a start, so its period '{interval}' must be longer than zero.";
            return null;
        }

        // Jump close to now without passing it (the period's longest possible length divides the gap), then step.
        long k = 0;
        if (now >= start)
        {
            k = Math.Max(0, ((now - start).Ticks / LongestTicks(interval)) - 1);
        }

        while (true)
        {
            if (repetitions is { } n && k >= n)
            {
                problem = $"every firing of '{text}' is before {now:O}.";
                return null;
            }

            if (!TryAdd(interval, start, k, out var due))
            {
                problem = $"the firings of '{text}' run past the end of the calendar.";
                return null;
            }

            if (due > now)
            {
                repetitions -= (int)k;
                return due;
            }

            k++;
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
    public static bool TryAdd(string duration, DateTimeOffset from, out DateTimeOffset result) => TryAdd(duration, from, 1, out result);

    /// <summary>Adds an ISO 8601 duration <paramref name="times"/> times to a time, in one step (each part multiplied).</summary>
    private static bool TryAdd(string duration, DateTimeOffset from, long times, out DateTimeOffset result)
    {
        result = from;
        var match = Duration().Match(duration.Trim());
        if (!match.Success || duration.Trim() is "P" or "PT" || duration.TrimEnd().EndsWith('T'))
        {
            return false;
        }

        long Part(int group) => match.Groups[group].Success ? long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) * times : 0;
        var seconds = match.Groups[7].Success ? decimal.Parse(match.Groups[7].Value, CultureInfo.InvariantCulture) * times : 0m;
        try
        {
            // Years and months together, as months (so P1Y1M from 29 February is 29 March, as java.time and IsoDuration add it).
            result = from.AddMonths(checked((int)((Part(1) * 12) + Part(2)))).AddDays(checked((Part(3) * 7) + Part(4))).AddHours(Part(5)).AddMinutes(Part(6))
                .AddTicks(checked((long)(seconds * TimeSpan.TicksPerSecond)));
            return true;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>The longest a duration can last (years of 366 days, months of 31), in ticks; at least one.</summary>
    private static long LongestTicks(string duration)
    {
        var match = Duration().Match(duration.Trim());
        decimal Part(int group) => match.Groups[group].Success ? decimal.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0m;
        var days = (Part(1) * 366) + (Part(2) * 31) + (Part(3) * 7) + Part(4);
        var seconds = (days * 86_400m) + (Part(5) * 3_600m) + (Part(6) * 60m) + Part(7);
        var ticks = seconds * TimeSpan.TicksPerSecond;
        return ticks >= long.MaxValue ? long.MaxValue : Math.Max(1, (long)ticks);
    }

    [GeneratedRegex(@"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"^R(\d*)/(?:([^/P][^/]*)/)?(P[^/]+)$")]
    private static partial Regex Cycle();
}
