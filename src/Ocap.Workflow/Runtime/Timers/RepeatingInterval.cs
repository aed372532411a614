namespace Ocap.Workflow.Runtime.Timers;

/// <summary>
/// An ISO 8601 repeating interval: <c>Rn/start/duration</c>, <c>Rn/duration/end</c>, <c>Rn/start/end</c> or
/// <c>Rn/duration</c>. Without <c>n</c> it repeats without end; <c>R0</c> never fires.
/// </summary>
/// <remarks>
/// Due times (documented choice, as Camunda 7 fires them): with a start, at <c>start + k·duration</c> for
/// k = 0 … n−1, so the first one is at the start. With an end, at <c>end − k·duration</c> for k = 0 … n−1, so the last
/// one is at the end. With only a duration, at <c>scheduledAt + k·duration</c> for k = 1 … n. For <c>start/end</c>
/// the duration is <c>end − start</c>. Each due time is computed from the anchor in one step
/// (<see cref="IsoDuration.AddTo"/>), so monthly cycles from the 31st do not drift.
/// </remarks>
public sealed class RepeatingInterval : TimerCycle
{
    private RepeatingInterval(int? repetitions, DateTimeOffset? start, DateTimeOffset? end, IsoDuration? duration, TimeSpan? exact)
    {
        Repetitions = repetitions;
        Start = start;
        End = end;
        Duration = duration;
        ExactPeriod = exact;
    }

    /// <summary>How many times the timer fires; null when unbounded.</summary>
    public int? Repetitions { get; }

    /// <summary>The start, when given.</summary>
    public DateTimeOffset? Start { get; }

    /// <summary>The end, when given.</summary>
    public DateTimeOffset? End { get; }

    /// <summary>The period as written (null for <c>start/end</c>, whose period is <see cref="ExactPeriod"/>).</summary>
    public IsoDuration? Duration { get; }

    /// <summary>The period of a <c>start/end</c> interval.</summary>
    public TimeSpan? ExactPeriod { get; }

    /// <summary>Parses a repeating interval.</summary>
    /// <param name="text">For example <c>R3/PT10M</c>, <c>R/PT1H</c>, <c>R3/2026-01-01T09:00:00Z/P1D</c>.</param>
    /// <exception cref="TimerDefinitionParseException">The text is not a repeating interval we accept.</exception>
    public static RepeatingInterval Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new TimerTextReader(text);
        reader.Expect('R', "'R' starting a repeating interval");
        int? repetitions = null;
        if (!reader.AtEnd && char.IsAsciiDigit(reader.Peek))
        {
            repetitions = reader.Number("the number of repetitions");
        }

        reader.Expect('/', "'/' after the repetitions");
        var firstIsDuration = reader.Peek == 'P';
        var firstStart = reader.Position;
        IsoDuration? duration = null;
        DateTimeOffset? start = null;
        DateTimeOffset? end = null;
        if (firstIsDuration)
        {
            duration = IsoDuration.Read(reader);
        }
        else
        {
            start = ReadDateTime(reader);
        }

        if (!reader.AtEnd)
        {
            reader.Expect('/', "'/' or the end of the interval");
            if (reader.Peek == 'P' && !reader.AtEnd)
            {
                if (firstIsDuration)
                {
                    throw reader.Error("an end date-time (a duration cannot follow a duration)");
                }

                duration = IsoDuration.Read(reader);
            }
            else
            {
                end = ReadDateTime(reader);
            }

            if (!reader.AtEnd)
            {
                throw reader.Error("the end of the interval");
            }
        }
        else if (!firstIsDuration)
        {
            throw reader.Error("'/' and a duration or end after the start");
        }

        TimeSpan? exact = null;
        if (start is not null && end is not null)
        {
            exact = end.Value - start.Value;
            if (exact <= TimeSpan.Zero)
            {
                throw reader.ErrorAt(firstStart, "a start before the end");
            }
        }

        return new RepeatingInterval(repetitions, start, end, duration, exact);
    }

    private static DateTimeOffset ReadDateTime(TimerTextReader reader)
    {
        var slash = reader.Text.IndexOf('/', reader.Position);
        var sub = new TimerTextReader(reader.Text, reader.Position, slash < 0 ? reader.End : slash);
        var value = IsoDateTime.Read(sub);
        if (!sub.AtEnd)
        {
            throw sub.Error("'/' or the end after the date-time");
        }

        reader.Position = sub.Position;
        return value;
    }

    /// <inheritdoc/>
    public override DateTimeOffset? GetNextDueAfter(DateTimeOffset after, DateTimeOffset scheduledAt)
    {
        if (Repetitions == 0)
        {
            return null;
        }

        if (End is { } end && Start is null)
        {
            // end − k·d for k = 0 … n−1; the earliest one still after `after`.
            if (end <= after)
            {
                return null;
            }

            var last = Repetitions is { } n ? n - 1 : int.MaxValue;
            var duration = Duration!.Value;

            // The largest k ≤ last with end − k·d > after. Start from a k that surely qualifies (dividing by an upper
            // bound of the period's length), then step up.
            var k = (int)Math.Clamp(((end - after).Ticks / duration.MaxTicks) - 1, 0, last);
            while (k < last && duration.AddTo(end, -(k + 1)) > after)
            {
                k++;
            }

            DateTimeOffset? best = duration.AddTo(end, -k);
            return best;
        }

        var anchor = Start ?? scheduledAt;
        var first = Start is null ? 1 : 0;
        var lastIndex = Repetitions is { } count ? (long)first + count - 1 : long.MaxValue;
        long index = first;
        if (after >= anchor)
        {
            // Jump close to the answer without overshooting: divide by an upper bound of the period's length.
            var maxTicks = ExactPeriod?.Ticks ?? Duration!.Value.MaxTicks;
            index = Math.Max(first, ((after - anchor).Ticks / maxTicks) - 1);
        }

        for (; index <= lastIndex && index <= int.MaxValue; index++)
        {
            var due = ExactPeriod is { } period
                ? anchor + TimeSpan.FromTicks(checked(period.Ticks * index))
                : Duration!.Value.AddTo(anchor, (int)index);
            if (due > after)
            {
                return due;
            }
        }

        return null;
    }
}
