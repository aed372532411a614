using System.Globalization;
using System.Text;

namespace Ocap.Workflow.Runtime.Timers;

/// <summary>
/// An ISO 8601 duration, as BPMN <c>timeDuration</c> and repeating intervals use it: <c>PnYnMnDTnHnMnS</c>, or
/// <c>PnW</c> on its own. Calendar parts (years, months, days) are added on the calendar, so <c>P1M</c> from
/// 31 January ends on the last day of February. Time parts are exact.
/// </summary>
/// <remarks>
/// Only the seconds may have a fraction (<c>PT0.5S</c>, with '.' or ','). Weeks cannot be combined with other parts,
/// as in ISO 8601-1. Negative durations and an empty duration (<c>P</c>, <c>PT</c>) are refused, and so is a duration
/// of zero length, because a timer cycle with a zero period would never advance.
/// </remarks>
public readonly record struct IsoDuration
{
    private IsoDuration(int years, int months, int weeks, int days, int hours, int minutes, long secondTicks)
    {
        Years = years;
        Months = months;
        Weeks = weeks;
        Days = days;
        Hours = hours;
        Minutes = minutes;
        SecondTicks = secondTicks;
    }

    /// <summary>Years (added as 12 months each).</summary>
    public int Years { get; }

    /// <summary>Calendar months.</summary>
    public int Months { get; }

    /// <summary>Weeks (7 calendar days each).</summary>
    public int Weeks { get; }

    /// <summary>Calendar days.</summary>
    public int Days { get; }

    /// <summary>Hours.</summary>
    public int Hours { get; }

    /// <summary>Minutes.</summary>
    public int Minutes { get; }

    /// <summary>Seconds, including any fraction, in 100 ns ticks.</summary>
    public long SecondTicks { get; }

    /// <summary>Whether the duration has no calendar part, so that it is a fixed length of time.</summary>
    public bool IsExact => Years == 0 && Months == 0 && Weeks == 0 && Days == 0;

    /// <summary>Parses an ISO 8601 duration.</summary>
    /// <param name="text">For example <c>P1DT12H</c>, <c>PT10M</c>, <c>P2W</c>.</param>
    /// <exception cref="TimerDefinitionParseException">The text is not a duration we accept.</exception>
    public static IsoDuration Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new TimerTextReader(text);
        var value = Read(reader);
        if (!reader.AtEnd)
        {
            throw reader.Error("the end of the duration");
        }

        return value;
    }

    internal static IsoDuration Read(TimerTextReader reader)
    {
        var start = reader.Position;
        if (reader.Peek == '-' && !reader.AtEnd)
        {
            throw reader.Error("'P' (negative durations are not supported)");
        }

        reader.Expect('P', "'P' starting the duration");
        int years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0;
        long secondTicks = 0;
        var any = false;
        var order = 0;
        var inTime = false;
        while (!reader.AtEnd && reader.Peek != '/')
        {
            if (reader.Peek == 'T')
            {
                if (inTime)
                {
                    throw reader.Error("a number (only one 'T' is allowed)");
                }

                inTime = true;
                reader.Position++;
                if (reader.AtEnd || !char.IsAsciiDigit(reader.Peek))
                {
                    throw reader.Error("hours, minutes or seconds after 'T'");
                }

                continue;
            }

            var numberStart = reader.Position;
            var number = reader.Number("a number followed by a unit designator");
            long fraction = 0;
            var hasFraction = false;
            if (!reader.AtEnd && reader.Peek is '.' or ',')
            {
                hasFraction = true;
                reader.Position++;
                var fractionStart = reader.Position;
                long scale = TimeSpan.TicksPerSecond;
                while (!reader.AtEnd && char.IsAsciiDigit(reader.Peek))
                {
                    scale /= 10;
                    fraction += (reader.Peek - '0') * scale;
                    reader.Position++;
                }

                if (reader.Position == fractionStart)
                {
                    throw reader.Error("digits after the decimal sign");
                }
            }

            var unitPosition = reader.Position;
            var unit = reader.Peek;
            var rank = (inTime, unit) switch
            {
                (false, 'Y') => 1,
                (false, 'M') => 2,
                (false, 'W') => 3,
                (false, 'D') => 4,
                (true, 'H') => 5,
                (true, 'M') => 6,
                (true, 'S') => 7,
                _ => 0,
            };
            if (rank == 0)
            {
                throw reader.Error(inTime ? "a time unit 'H', 'M' or 'S'" : "a date unit 'Y', 'M', 'W' or 'D' (or 'T' before time units)");
            }

            if (rank <= order)
            {
                throw reader.Error("units in the order Y, M, W, D, T, H, M, S, each at most once");
            }

            if (hasFraction && rank != 7)
            {
                throw reader.ErrorAt(numberStart, "a whole number (only seconds may have a fraction)");
            }

            if ((rank == 3 && any) || order == 3)
            {
                throw reader.ErrorAt(numberStart, "weeks on their own (PnW cannot be combined with other units)");
            }

            order = rank;
            any = true;
            reader.Position = unitPosition + 1;
            switch (rank)
            {
                case 1: years = number; break;
                case 2: months = number; break;
                case 3: weeks = number; break;
                case 4: days = number; break;
                case 5: hours = number; break;
                case 6: minutes = number; break;
                default: secondTicks = (number * TimeSpan.TicksPerSecond) + fraction; break;
            }
        }

        if (!any)
        {
            throw reader.Error("at least one number and unit after 'P'");
        }

        var duration = new IsoDuration(years, months, weeks, days, hours, minutes, secondTicks);
        if (duration.IsZero)
        {
            throw reader.ErrorAt(start, "a duration longer than zero");
        }

        if (years > 10000 || months > 120000 || weeks > 600000 || days > 4000000)
        {
            throw reader.ErrorAt(start, "a duration shorter than 10000 years");
        }

        return duration;
    }

    private bool IsZero => Years == 0 && Months == 0 && Weeks == 0 && Days == 0 && Hours == 0 && Minutes == 0 && SecondTicks == 0;

    /// <summary>
    /// Adds the duration <paramref name="times"/> times in one step (so that monthly steps from the 31st do not drift
    /// to the 28th): months and years together on the calendar (day clamped to the month's length), then days, then
    /// the exact time. The offset of <paramref name="start"/> is kept.
    /// </summary>
    /// <param name="start">The instant to add to.</param>
    /// <param name="times">How many times to add it; negative subtracts.</param>
    public DateTimeOffset AddTo(DateTimeOffset start, int times = 1)
    {
        var result = start.AddMonths(checked(((Years * 12) + Months) * times));
        result = result.AddDays(checked(((Weeks * 7) + Days) * (long)times));
        var ticks = checked(((Hours * TimeSpan.TicksPerHour) + (Minutes * TimeSpan.TicksPerMinute) + SecondTicks) * times);
        return result.AddTicks(ticks);
    }

    /// <summary>An upper bound of the duration's length in ticks (months counted as 31 days, years as 366).</summary>
    internal long MaxTicks => (((Years * 366L) + (Months * 31L) + (Weeks * 7L) + Days) * TimeSpan.TicksPerDay)
        + (Hours * TimeSpan.TicksPerHour) + (Minutes * TimeSpan.TicksPerMinute) + SecondTicks;

    /// <summary>The duration in ISO 8601 form.</summary>
    public override string ToString()
    {
        if (Weeks != 0)
        {
            return $"P{Weeks}W";
        }

        var builder = new StringBuilder("P");
        Append(builder, Years, 'Y');
        Append(builder, Months, 'M');
        Append(builder, Days, 'D');
        if (Hours != 0 || Minutes != 0 || SecondTicks != 0)
        {
            builder.Append('T');
            Append(builder, Hours, 'H');
            Append(builder, Minutes, 'M');
            if (SecondTicks != 0)
            {
                builder.Append((SecondTicks / (decimal)TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture)).Append('S');
            }
        }

        return builder.ToString();

        static void Append(StringBuilder builder, int value, char unit)
        {
            if (value != 0)
            {
                builder.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
        }
    }
}
