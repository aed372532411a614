namespace Ocap.Workflow.Access;

/// <summary>
/// RFC 4517 section 3.3.13 Generalized Time: <c>YYYYMMDDHH[MM[SS]][(.|,)fraction](Z|+hhmm|-hhmm)</c>. The time
/// zone is required. A fraction applies to the last unit given (an hour fraction with no minutes, ...). A leap
/// second (60) is accepted and counted as the first instant of the next minute. The result is UTC ticks; digits
/// of a fraction beyond 100 ns are truncated.
/// </summary>
internal static class GeneralizedTimeSyntax
{
    public static bool TryParse(string text, out long utcTicks)
    {
        utcTicks = 0;
        var s = text.AsSpan();
        var i = 0;
        if (!Digits(s, ref i, 4, out var year) || !Digits(s, ref i, 2, out var month) || !Digits(s, ref i, 2, out var day)
            || !Digits(s, ref i, 2, out var hour))
        {
            return false;
        }

        int minute = 0, second = 0;
        var lastUnit = TimeSpan.TicksPerHour;
        if (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            if (!Digits(s, ref i, 2, out minute))
            {
                return false;
            }

            lastUnit = TimeSpan.TicksPerMinute;
            if (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (!Digits(s, ref i, 2, out second))
                {
                    return false;
                }

                lastUnit = TimeSpan.TicksPerSecond;
            }
        }

        long fractionTicks = 0;
        if (i < s.Length && s[i] is '.' or ',')
        {
            i++;
            var start = i;
            decimal fraction = 0;
            decimal scale = 0.1m;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (i - start < 20)
                {
                    fraction += (s[i] - '0') * scale;
                    scale /= 10;
                }

                i++;
            }

            if (i == start)
            {
                return false;
            }

            fractionTicks = (long)(fraction * lastUnit);
        }

        if (i >= s.Length)
        {
            return false;
        }

        long offsetTicks;
        if (s[i] == 'Z')
        {
            offsetTicks = 0;
            i++;
        }
        else if (s[i] is '+' or '-')
        {
            var sign = s[i] == '-' ? -1 : 1;
            i++;
            if (!Digits(s, ref i, 2, out var offsetHours) || offsetHours > 23)
            {
                return false;
            }

            var offsetMinutes = 0;
            if (i < s.Length && !Digits(s, ref i, 2, out offsetMinutes))
            {
                return false;
            }

            if (offsetMinutes > 59)
            {
                return false;
            }

            offsetTicks = sign * ((offsetHours * TimeSpan.TicksPerHour) + (offsetMinutes * TimeSpan.TicksPerMinute));
        }
        else
        {
            return false;
        }

        if (i != s.Length || month is < 1 or > 12 || hour > 23 || minute > 59 || second > 60 || day < 1
            || year < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified).Ticks
            + (second * TimeSpan.TicksPerSecond) + fractionTicks;
        utcTicks = local - offsetTicks;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, ref int i, int count, out int value)
    {
        value = 0;
        if (i + count > s.Length)
        {
            return false;
        }

        for (var k = 0; k < count; k++)
        {
            var c = s[i + k];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        i += count;
        return true;
    }
}
