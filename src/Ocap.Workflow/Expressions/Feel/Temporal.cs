using System.Globalization;
using System.Text;

namespace Ocap.Workflow.Expressions.Feel;

/// <summary>A FEEL time: a local time of day, optionally with a UTC offset or an IANA zone.</summary>
/// <param name="LocalTime">The wall-clock time.</param>
/// <param name="Offset">The offset from UTC, when one is known.</param>
/// <param name="Zone">The IANA zone id, when the value was written with <c>@zone</c>.</param>
internal sealed record FeelTime(TimeOnly LocalTime, TimeSpan? Offset, string? Zone);

/// <summary>A FEEL date and time: a local date-time, optionally with a UTC offset or an IANA zone.</summary>
/// <param name="Local">The wall-clock date and time (kind unspecified).</param>
/// <param name="Offset">The offset from UTC, when one is known (for a zone: the zone's offset at that moment).</param>
/// <param name="Zone">The IANA zone id, when the value was written with <c>@zone</c>.</param>
internal sealed record FeelDateTime(DateTime Local, TimeSpan? Offset, string? Zone)
{
    /// <summary>The UTC instant, for values that have an offset.</summary>
    public DateTime? Utc => Offset is { } o ? DateTime.SpecifyKind(Local - o, DateTimeKind.Utc) : null;
}

/// <summary>Reading and writing FEEL's ISO 8601 temporal strings, and temporal arithmetic.</summary>
internal static class Temporal
{
    public const decimal SecondsPerDay = 86_400m;

    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;

    public static string DayOfWeekName(DateOnly date) => DayNames[(int)date.DayOfWeek];

    public static string MonthName(DateOnly date) => MonthNames[date.Month - 1];

    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy'-'MM'-'dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryParseTime(string text, out FeelTime time)
    {
        time = null!;
        var (clock, offset, zone, ok) = SplitZone(text);
        if (!ok || !TryParseClock(clock, out var local))
        {
            return false;
        }

        if (zone is not null)
        {
            if (!TryFindZone(zone, out var tz))
            {
                return false;
            }

            // A time of day has no date, so daylight saving cannot be resolved: use the zone's standard offset
            // (never the current clock, which would make the value depend on when it was parsed).
            offset = tz.BaseUtcOffset;
        }

        time = new FeelTime(local, offset, zone);
        return true;
    }

    public static bool TryParseDateTime(string text, out FeelDateTime value)
    {
        value = null!;
        var t = text.IndexOf('T', StringComparison.Ordinal);
        if (t < 0)
        {
            if (!TryParseDate(text, out var onlyDate))
            {
                return false;
            }

            value = new FeelDateTime(onlyDate.ToDateTime(TimeOnly.MinValue), null, null);
            return true;
        }

        if (!TryParseDate(text[..t], out var date))
        {
            return false;
        }

        var (clock, offset, zone, ok) = SplitZone(text[(t + 1)..]);
        if (!ok || !TryParseClock(clock, out var local))
        {
            return false;
        }

        return TryMakeDateTime(date.ToDateTime(local), offset, zone, out value);
    }

    public static bool TryMakeDateTime(DateTime local, TimeSpan? offset, string? zone, out FeelDateTime value)
    {
        value = null!;
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone is not null)
        {
            if (!TryFindZone(zone, out var tz))
            {
                return false;
            }

            offset = tz.GetUtcOffset(local);
        }

        value = new FeelDateTime(local, offset, zone);
        return true;
    }

    private static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (id.Length == 0 || !id.Contains('/', StringComparison.Ordinal) && id != "UTC")
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    private static (string Clock, TimeSpan? Offset, string? Zone, bool Ok) SplitZone(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return (text[..at], null, text[(at + 1)..], true);
        }

        if (text.EndsWith('Z'))
        {
            return (text[..^1], TimeSpan.Zero, null, true);
        }

        var sign = text.LastIndexOfAny(['+', '-']);
        if (sign < 0)
        {
            return (text, null, null, true);
        }

        var off = text[(sign + 1)..];
        if (off.Length != 5 || off[2] != ':' || !int.TryParse(off.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(off.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) || h > 18 || m > 59)
        {
            return (text, null, null, false);
        }

        var span = new TimeSpan(h, m, 0);
        return (text[..sign], text[sign] == '-' ? -span : span, null, true);
    }

    private static bool TryParseClock(string text, out TimeOnly time)
    {
        time = default;
        if (text.Length < 8 || text[2] != ':' || text[5] != ':')
        {
            return false;
        }

        if (!int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(text.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            || h > 23 || m > 59 || s > 59)
        {
            return false;
        }

        long ticks = 0;
        if (text.Length > 8)
        {
            if (text[8] != '.' || text.Length == 9 || text.Length > 16)
            {
                return false;
            }

            var fraction = text[9..];
            if (!fraction.All(char.IsAsciiDigit))
            {
                return false;
            }

            ticks = long.Parse(fraction.PadRight(7, '0'), CultureInfo.InvariantCulture);
        }

        time = new TimeOnly(h, m, s).Add(TimeSpan.FromTicks(ticks));
        return true;
    }

    /// <summary>Parses an ISO 8601 duration: <c>P1Y2M</c> (years-months) or <c>P1DT2H3M4.5S</c> (days-time).</summary>
    public static bool TryParseDuration(string text, out Value value)
    {
        value = Value.Null;
        var i = 0;
        var negative = false;
        if (text.StartsWith('-'))
        {
            negative = true;
            i = 1;
        }

        if (i >= text.Length || text[i] != 'P')
        {
            return false;
        }

        i++;
        decimal years = 0, months = 0, days = 0, hours = 0, minutes = 0, seconds = 0;
        bool hasYm = false, hasDt = false, inTime = false, any = false;
        var order = "YMD";
        var timeOrder = "HMS";
        var last = -1;
        while (i < text.Length)
        {
            if (text[i] == 'T')
            {
                if (inTime)
                {
                    return false;
                }

                inTime = true;
                last = -1;
                i++;
                if (i == text.Length)
                {
                    return false;
                }

                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || i >= text.Length
                || !decimal.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            var designator = text[i++];
            var position = (inTime ? timeOrder : order).IndexOf(designator, StringComparison.Ordinal);
            if (position <= last || (n != decimal.Truncate(n) && !(inTime && designator == 'S')))
            {
                return false;
            }

            last = position;
            any = true;
            switch (inTime, designator)
            {
                case (false, 'Y'): years = n; hasYm = true; break;
                case (false, 'M'): months = n; hasYm = true; break;
                case (false, 'D'): days = n; hasDt = true; break;
                case (true, 'H'): hours = n; hasDt = true; break;
                case (true, 'M'): minutes = n; hasDt = true; break;
                case (true, 'S'): seconds = n; hasDt = true; break;
                default: return false;
            }
        }

        if (!any || (hasYm && hasDt))
        {
            return false;
        }

        var sign = negative ? -1 : 1;
        value = hasYm
            ? Value.YearsMonths(sign * (years * 12 + months))
            : Value.DaysTime(sign * (days * SecondsPerDay + hours * 3600 + minutes * 60 + seconds));
        return true;
    }

    public static string FormatDate(DateOnly date) => date.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);

    public static string FormatTime(FeelTime time)
    {
        var sb = new StringBuilder();
        AppendClock(sb, time.LocalTime.ToTimeSpan());
        AppendZone(sb, time.Offset, time.Zone);
        return sb.ToString();
    }

    public static string FormatDateTime(FeelDateTime value)
    {
        var sb = new StringBuilder();
        sb.Append(value.Local.ToString("yyyy'-'MM'-'dd'T'", CultureInfo.InvariantCulture));
        AppendClock(sb, value.Local.TimeOfDay);
        AppendZone(sb, value.Offset, value.Zone);
        return sb.ToString();
    }

    private static void AppendClock(StringBuilder sb, TimeSpan t)
    {
        sb.Append(t.Hours.ToString("00", CultureInfo.InvariantCulture)).Append(':')
          .Append(t.Minutes.ToString("00", CultureInfo.InvariantCulture)).Append(':')
          .Append(t.Seconds.ToString("00", CultureInfo.InvariantCulture));
        var fraction = t.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            sb.Append('.').Append(fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0'));
        }
    }

    private static void AppendZone(StringBuilder sb, TimeSpan? offset, string? zone)
    {
        if (zone is not null)
        {
            sb.Append('@').Append(zone);
        }
        else if (offset is { } o)
        {
            if (o == TimeSpan.Zero)
            {
                sb.Append('Z');
            }
            else
            {
                sb.Append(o < TimeSpan.Zero ? '-' : '+').Append(o.Duration().ToString("hh':'mm", CultureInfo.InvariantCulture));
            }
        }
    }

    public static string FormatDaysTime(decimal seconds)
    {
        if (seconds == 0)
        {
            return "PT0S";
        }

        var sb = new StringBuilder();
        if (seconds < 0)
        {
            sb.Append('-');
            seconds = -seconds;
        }

        sb.Append('P');
        var days = decimal.Truncate(seconds / SecondsPerDay);
        seconds -= days * SecondsPerDay;
        var hours = decimal.Truncate(seconds / 3600);
        seconds -= hours * 3600;
        var minutes = decimal.Truncate(seconds / 60);
        seconds -= minutes * 60;
        if (days != 0)
        {
            sb.Append(Numbers.Format(days)).Append('D');
        }

        if (hours != 0 || minutes != 0 || seconds != 0)
        {
            sb.Append('T');
            if (hours != 0)
            {
                sb.Append(Numbers.Format(hours)).Append('H');
            }

            if (minutes != 0)
            {
                sb.Append(Numbers.Format(minutes)).Append('M');
            }

            if (seconds != 0)
            {
                sb.Append(Numbers.Format(seconds)).Append('S');
            }
        }

        return sb.ToString();
    }

    public static string FormatYearsMonths(decimal months)
    {
        if (months == 0)
        {
            return "P0M";
        }

        var sb = new StringBuilder();
        if (months < 0)
        {
            sb.Append('-');
            months = -months;
        }

        sb.Append('P');
        var years = decimal.Truncate(months / 12);
        months -= years * 12;
        if (years != 0)
        {
            sb.Append(Numbers.Format(years)).Append('Y');
        }

        if (months != 0)
        {
            sb.Append(Numbers.Format(months)).Append('M');
        }

        return sb.ToString();
    }

    /// <summary>
    /// Whole months from <paramref name="from"/> to <paramref name="to"/>, counting only completed months
    /// (31 January to 29 February is 0 months): the calendar difference, less one when the day and time of
    /// <paramref name="to"/> fall before those of <paramref name="from"/>.
    /// </summary>
    public static int MonthsBetween(DateTime from, DateTime to)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        var dayOrder = (to.Day, to.TimeOfDay).CompareTo((from.Day, from.TimeOfDay));
        if (months > 0 && dayOrder < 0)
        {
            months--;
        }
        else if (months < 0 && dayOrder > 0)
        {
            months++;
        }

        return months;
    }

    public static Value AddDaysTime(Value temporal, decimal seconds)
    {
        switch (temporal.Kind)
        {
            case ValueKind.Date:
                var dayShift = decimal.Floor(seconds / SecondsPerDay);
                return ShiftDate(temporal.AsDate, dayShift);
            case ValueKind.DateTime:
                var dt = temporal.AsDateTime;
                if (!TryAddSeconds(dt.Local, seconds, out var local))
                {
                    return Value.Null;
                }

                return TryMakeDateTime(local, dt.Zone is null ? dt.Offset : null, dt.Zone, out var shifted) ? Value.DateTime(shifted) : Value.Null;
            case ValueKind.Time:
                var time = temporal.AsTime;
                var ticks = (long)(decimal.Remainder(seconds, SecondsPerDay) * TimeSpan.TicksPerSecond);
                return Value.Time(time with { LocalTime = time.LocalTime.Add(TimeSpan.FromTicks(ticks)) });
            default:
                return Value.Null;
        }
    }

    private static Value ShiftDate(DateOnly date, decimal days)
    {
        var target = date.DayNumber + days;
        return target < DateOnly.MinValue.DayNumber || target > DateOnly.MaxValue.DayNumber
            ? Value.Null
            : Value.Date(DateOnly.FromDayNumber((int)target));
    }

    private static bool TryAddSeconds(DateTime local, decimal seconds, out DateTime result)
    {
        result = local;
        var ticks = seconds * TimeSpan.TicksPerSecond;
        var target = local.Ticks + ticks;
        if (target < DateTime.MinValue.Ticks || target > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        result = new DateTime((long)target, DateTimeKind.Unspecified);
        return true;
    }

    public static Value AddYearsMonths(Value temporal, decimal months)
    {
        if (months != decimal.Truncate(months) || Math.Abs(months) > 120_000)
        {
            return Value.Null;
        }

        try
        {
            switch (temporal.Kind)
            {
                case ValueKind.Date:
                    return Value.Date(temporal.AsDate.AddMonths((int)months));
                case ValueKind.DateTime:
                    var dt = temporal.AsDateTime;
                    return TryMakeDateTime(dt.Local.AddMonths((int)months), dt.Zone is null ? dt.Offset : null, dt.Zone, out var shifted)
                        ? Value.DateTime(shifted)
                        : Value.Null;
                default:
                    return Value.Null;
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            return Value.Null;
        }
    }

    /// <summary>The days-time duration <paramref name="left"/> − <paramref name="right"/>, or null when they cannot be compared.</summary>
    public static Value Subtract(Value left, Value right)
    {
        switch (left.Kind, right.Kind)
        {
            case (ValueKind.Date, ValueKind.Date):
                return Value.DaysTime((left.AsDate.DayNumber - right.AsDate.DayNumber) * SecondsPerDay);
            case (ValueKind.DateTime, ValueKind.DateTime):
                return InstantDifference(left.AsDateTime, right.AsDateTime);
            case (ValueKind.Date, ValueKind.DateTime):
                return InstantDifference(new FeelDateTime(left.AsDate.ToDateTime(TimeOnly.MinValue), right.AsDateTime.Offset is null ? null : TimeSpan.Zero, null), right.AsDateTime);
            case (ValueKind.DateTime, ValueKind.Date):
                return InstantDifference(left.AsDateTime, new FeelDateTime(right.AsDate.ToDateTime(TimeOnly.MinValue), left.AsDateTime.Offset is null ? null : TimeSpan.Zero, null));
            case (ValueKind.Time, ValueKind.Time):
                var a = left.AsTime;
                var b = right.AsTime;
                if (a.Offset.HasValue != b.Offset.HasValue)
                {
                    return Value.Null;
                }

                var diff = (a.LocalTime.ToTimeSpan() - (a.Offset ?? TimeSpan.Zero)) - (b.LocalTime.ToTimeSpan() - (b.Offset ?? TimeSpan.Zero));
                return Value.DaysTime((decimal)diff.Ticks / TimeSpan.TicksPerSecond);
            default:
                return Value.Null;
        }
    }

    private static Value InstantDifference(FeelDateTime a, FeelDateTime b)
    {
        if (a.Offset.HasValue != b.Offset.HasValue)
        {
            return Value.Null;
        }

        var ticks = a.Offset.HasValue ? (a.Utc!.Value - b.Utc!.Value).Ticks : (a.Local - b.Local).Ticks;
        return Value.DaysTime((decimal)ticks / TimeSpan.TicksPerSecond);
    }

    /// <summary>Orders two values of the same temporal kind; null when they are not comparable.</summary>
    public static int? Compare(Value left, Value right)
    {
        switch (left.Kind)
        {
            case ValueKind.Date:
            case ValueKind.DaysTimeDuration:
            case ValueKind.YearsMonthsDuration:
                return left.Number.CompareTo(right.Number);
            case ValueKind.DateTime:
                var a = left.AsDateTime;
                var b = right.AsDateTime;
                if (a.Offset.HasValue != b.Offset.HasValue)
                {
                    return null;
                }

                return a.Offset.HasValue ? a.Utc!.Value.CompareTo(b.Utc!.Value) : a.Local.CompareTo(b.Local);
            case ValueKind.Time:
                var x = left.AsTime;
                var y = right.AsTime;
                if (x.Offset.HasValue != y.Offset.HasValue)
                {
                    return null;
                }

                return (x.LocalTime.ToTimeSpan() - (x.Offset ?? TimeSpan.Zero)).CompareTo(y.LocalTime.ToTimeSpan() - (y.Offset ?? TimeSpan.Zero));
            default:
                return null;
        }
    }
}
