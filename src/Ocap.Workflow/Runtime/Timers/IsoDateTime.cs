using System.Globalization;

namespace Ocap.Workflow.Runtime.Timers;

/// <summary>
/// ISO 8601 date-times as BPMN <c>timeDate</c> and repeating intervals use them, in the extended format:
/// <c>YYYY-MM-DDThh:mm[:ss[.fraction]]</c> followed by <c>Z</c> or an offset <c>±hh:mm</c> (or <c>±hhmm</c>, <c>±hh</c>).
/// </summary>
/// <remarks>
/// The offset is required: a workflow runs on many hosts in many time zones, and a local time without an offset
/// would fire at different instants on each. Fractions beyond 100 ns are truncated. <c>24:00</c>, lower-case
/// designators, the basic format (<c>20260101T090000Z</c>) and week or ordinal dates are refused.
/// </remarks>
public static class IsoDateTime
{
    /// <summary>Parses an ISO 8601 date-time with an offset.</summary>
    /// <param name="text">For example <c>2026-01-01T09:00:00+01:00</c>.</param>
    /// <exception cref="TimerDefinitionParseException">The text is not such a date-time.</exception>
    public static DateTimeOffset Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new TimerTextReader(text);
        var value = Read(reader);
        if (!reader.AtEnd)
        {
            throw reader.Error("the end of the date-time");
        }

        return value;
    }

    internal static DateTimeOffset Read(TimerTextReader reader)
    {
        var start = reader.Position;
        var year = reader.Digits(4, "the year");
        reader.Expect('-', "'-' after the year (extended format YYYY-MM-DD)");
        var month = reader.Digits(2, "the month");
        reader.Expect('-', "'-' after the month");
        var day = reader.Digits(2, "the day");
        if (reader.AtEnd)
        {
            throw reader.Error("'T' and a time with an offset (a date alone has no instant)");
        }

        reader.Expect('T', "'T' between date and time");
        var timeStart = reader.Position;
        var hour = reader.Digits(2, "the hour");
        reader.Expect(':', "':' after the hour");
        var minute = reader.Digits(2, "the minute");
        var second = 0;
        long fractionTicks = 0;
        if (reader.Peek == ':' && !reader.AtEnd)
        {
            reader.Position++;
            second = reader.Digits(2, "the second");
            if (!reader.AtEnd && reader.Peek is '.' or ',')
            {
                reader.Position++;
                var fractionStart = reader.Position;
                long scale = TimeSpan.TicksPerSecond;
                while (!reader.AtEnd && char.IsAsciiDigit(reader.Peek))
                {
                    scale /= 10;
                    fractionTicks += (reader.Peek - '0') * scale;
                    reader.Position++;
                }

                if (reader.Position == fractionStart)
                {
                    throw reader.Error("digits of the fraction of a second");
                }
            }
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || year < 1)
        {
            throw reader.ErrorAt(start, "a valid calendar date");
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            throw reader.ErrorAt(timeStart, "a valid time of day (00:00:00 to 23:59:59)");
        }

        var offset = ReadOffset(reader);
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        return new DateTimeOffset(local, offset);
    }

    private static TimeSpan ReadOffset(TimerTextReader reader)
    {
        if (reader.AtEnd)
        {
            throw reader.Error("'Z' or an offset such as +01:00 (a local time without offset is ambiguous)");
        }

        if (reader.Peek == 'Z')
        {
            reader.Position++;
            return TimeSpan.Zero;
        }

        if (reader.Peek is not ('+' or '-'))
        {
            throw reader.Error("'Z' or an offset such as +01:00");
        }

        var start = reader.Position;
        var sign = reader.Peek == '-' ? -1 : 1;
        reader.Position++;
        var hours = reader.Digits(2, "the offset hours");
        var minutes = 0;
        if (!reader.AtEnd && reader.Peek == ':')
        {
            reader.Position++;
            minutes = reader.Digits(2, "the offset minutes");
        }
        else if (!reader.AtEnd && char.IsAsciiDigit(reader.Peek))
        {
            minutes = reader.Digits(2, "the offset minutes");
        }

        if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
        {
            throw reader.ErrorAt(start, "an offset between -14:00 and +14:00");
        }

        return new TimeSpan(sign * hours, sign * minutes, 0);
    }

    internal static string Format(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
}
