namespace Ocap.Workflow.Runtime.Timers;

/// <summary>
/// A cron expression for BPMN <c>timeCycle</c>, in one of two documented dialects, chosen by the field count:
/// <list type="bullet">
/// <item><b>6 fields</b>, Camunda 7 (Quartz) style: <c>second minute hour day-of-month month day-of-week</c>;
/// day-of-week 1–7 = SUN–SAT; <c>?</c> means "no specific value" in day-of-month or day-of-week. Restricting both
/// day fields is refused, as Quartz refuses it. A <c>*</c> in one day field and a restriction in the other applies
/// the restriction (Spring style).</item>
/// <item><b>5 fields</b>, standard (Vixie/POSIX) cron: <c>minute hour day-of-month month day-of-week</c>; seconds are 0;
/// day-of-week 0–7 with 0 and 7 = Sunday; when both day fields are restricted (neither starts with <c>*</c>) a day
/// matches if either matches.</item>
/// </list>
/// Each field takes <c>*</c>, numbers, ranges <c>a-b</c>, steps <c>*/n</c>, <c>a/n</c>, <c>a-b/n</c>, and lists with
/// <c>,</c>; months and days also take English three-letter names (case-insensitive). Quartz's <c>L</c>, <c>W</c>,
/// <c>#</c>, a 7th (year) field, and wrap-around ranges such as <c>FRI-MON</c> are refused with a typed error.
/// </summary>
/// <remarks>
/// Fields are read in <see cref="TimeZone"/> (UTC by default). A local time that does not exist because clocks
/// moved forward fires later by the length of the gap (02:30 in a 02:00–03:00 gap fires at 03:30), as java.time
/// resolves gaps. A local time that happens twice when clocks move back fires once, at its first occurrence,
/// unless the hour field is <c>*</c> (then the schedule runs in every real hour, the repeated one included).
/// In 5-field expressions a day field that starts with <c>*</c> (including <c>*/2</c>) counts as unrestricted, as
/// in Vixie cron. cron-parser counts <c>*/2</c> as a restriction, so it ORs the two day fields in that case.
/// </remarks>
public sealed class CronExpression : TimerCycle
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] _seconds;
    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _daysOfMonth;
    private readonly bool[] _months;
    private readonly bool[] _daysOfWeek; // 0 = Sunday
    private readonly bool _domRestricted;
    private readonly bool _dowRestricted;
    private readonly bool _eitherDay;
    private readonly bool _everyHour;

    private CronExpression(
        string text, bool hasSeconds, TimeZoneInfo zone, bool[] seconds, bool[] minutes, bool[] hours, bool[] daysOfMonth,
        bool[] months, bool[] daysOfWeek, bool domRestricted, bool dowRestricted, bool eitherDay, bool everyHour)
    {
        Text = text;
        HasSeconds = hasSeconds;
        TimeZone = zone;
        _seconds = seconds;
        _minutes = minutes;
        _hours = hours;
        _daysOfMonth = daysOfMonth;
        _months = months;
        _daysOfWeek = daysOfWeek;
        _domRestricted = domRestricted;
        _dowRestricted = dowRestricted;
        _eitherDay = eitherDay;
        _everyHour = everyHour;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Whether this is the 6-field (Quartz-style) dialect.</summary>
    public bool HasSeconds { get; }

    /// <summary>The time zone the fields are read in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Parses a 5- or 6-field cron expression.</summary>
    /// <param name="text">For example <c>0 0 9 ? * MON-FRI</c> (6 fields) or <c>*/15 9-17 * * 1-5</c> (5 fields).</param>
    /// <param name="timeZone">The zone the fields are read in; UTC when null.</param>
    /// <exception cref="TimerDefinitionParseException">The expression is malformed or uses an unsupported feature.</exception>
    public static new CronExpression Parse(string text, TimeZoneInfo? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new List<(int Start, int End)>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            if (i == text.Length)
            {
                break;
            }

            var start = i;
            while (i < text.Length && text[i] is not (' ' or '\t'))
            {
                i++;
            }

            fields.Add((start, i));
        }

        if (fields.Count is not (5 or 6))
        {
            var position = fields.Count > 6 ? fields[6].Start : text.Length;
            throw new TimerDefinitionParseException(
                text, position, fields.Count == 7 ? "5 or 6 fields (the Quartz year field is not supported)" : "5 fields (standard cron) or 6 fields (with seconds)");
        }

        var six = fields.Count == 6;
        var offset = six ? 1 : 0;
        var seconds = six ? ParseField(text, fields[0], 0, 59, null, false, false) : Only(0, 60);
        var minutes = ParseField(text, fields[offset], 0, 59, null, false, false);
        var hours = ParseField(text, fields[offset + 1], 0, 23, null, false, false);
        var domField = fields[offset + 2];
        var dowField = fields[offset + 4];
        var daysOfMonth = ParseField(text, domField, 1, 31, null, six, false);
        var months = ParseField(text, fields[offset + 3], 1, 12, MonthNames, false, false);
        var daysOfWeekRaw = six
            ? ParseField(text, dowField, 1, 7, DayNames, true, true)
            : ParseField(text, dowField, 0, 7, DayNames, false, true);

        // Normalise day-of-week to 0 = Sunday.
        var daysOfWeek = new bool[7];
        for (var d = 0; d < daysOfWeekRaw.Length; d++)
        {
            if (daysOfWeekRaw[d])
            {
                daysOfWeek[six ? (d - 1 + 7) % 7 : d % 7] = true;
            }
        }

        var domText = text[domField.Start..domField.End];
        var dowText = text[dowField.Start..dowField.End];
        bool domRestricted, dowRestricted, either;
        if (six)
        {
            if (domText == "?" && dowText == "?")
            {
                throw new TimerDefinitionParseException(text, dowField.Start, "a day-of-week ('?' may stand in only one of the two day fields)");
            }

            domRestricted = domText is not ("?" or "*");
            dowRestricted = dowText is not ("?" or "*");
            if (domRestricted && dowRestricted)
            {
                throw new TimerDefinitionParseException(text, dowField.Start, "'?' in day-of-week or day-of-month (restricting both is not supported, as in Quartz)");
            }

            either = false;
        }
        else
        {
            domRestricted = !domText.StartsWith('*');
            dowRestricted = !dowText.StartsWith('*');
            either = domRestricted && dowRestricted;
        }

        var hourField = fields[offset + 1];
        var everyHour = hourField.End - hourField.Start == 1 && text[hourField.Start] == '*';
        return new CronExpression(
            text, six, timeZone ?? TimeZoneInfo.Utc, seconds, minutes, hours, daysOfMonth, months, daysOfWeek, domRestricted, dowRestricted, either, everyHour);
    }

    private static bool[] Only(int value, int size)
    {
        var set = new bool[size];
        set[value] = true;
        return set;
    }

    private static bool[] ParseField(string text, (int Start, int End) field, int min, int max, string[]? names, bool allowQuestion, bool namesFromZero)
    {
        var set = new bool[max + 1];
        var reader = new TimerTextReader(text, field.Start, field.End);
        while (true)
        {
            var itemStart = reader.Position;
            int low, high;
            var star = false;
            var range = false;
            if (reader.Peek == '?' && !reader.AtEnd)
            {
                if (!allowQuestion || reader.Position + 1 != field.End || itemStart != field.Start)
                {
                    throw reader.Error(allowQuestion ? "'?' as the whole field" : "a value ('?' is only allowed in the day fields of a 6-field expression)");
                }

                reader.Position++;
                for (var v = min; v <= max; v++)
                {
                    set[v] = true;
                }

                return set;
            }

            if (reader.Peek == '*' && !reader.AtEnd)
            {
                reader.Position++;
                low = min;
                high = max;
                star = true;
            }
            else
            {
                low = ReadValue(reader, min, max, names, namesFromZero);
                high = low;
                if (!reader.AtEnd && reader.Peek == '-')
                {
                    range = true;
                    reader.Position++;
                    var highStart = reader.Position;
                    high = ReadValue(reader, min, max, names, namesFromZero);
                    if (high < low)
                    {
                        throw reader.ErrorAt(highStart, $"a range end not before its start (wrap-around ranges are not supported)");
                    }
                }
            }

            var step = 1;
            if (!reader.AtEnd && reader.Peek == '/')
            {
                reader.Position++;
                var stepStart = reader.Position;
                step = reader.Number("a step after '/'");
                if (step < 1 || step > max)
                {
                    throw reader.ErrorAt(stepStart, $"a step between 1 and {max}");
                }

                if (!star && !range)
                {
                    high = max;
                }
            }

            for (var v = low; v <= high; v += step)
            {
                set[v] = true;
            }

            if (reader.AtEnd)
            {
                return set;
            }

            if (reader.Peek != ',')
            {
                throw reader.Error(reader.Peek is 'L' or 'W' or '#'
                    ? $"',' or the end of the field (Quartz '{reader.Peek}' is not supported)"
                    : "',', '-', '/' or the end of the field");
            }

            reader.Position++;
        }
    }

    private static int ReadValue(TimerTextReader reader, int min, int max, string[]? names, bool namesFromZero)
    {
        var start = reader.Position;
        if (!reader.AtEnd && char.IsAsciiLetter(reader.Peek))
        {
            if (names is not null && start + 3 <= reader.End)
            {
                var word = reader.Text.AsSpan(start, 3);
                for (var n = 0; n < names.Length; n++)
                {
                    if (word.Equals(names[n], StringComparison.OrdinalIgnoreCase)
                        && (start + 3 == reader.End || !char.IsAsciiLetter(reader.Text[start + 3])))
                    {
                        reader.Position += 3;
                        return namesFromZero ? (min == 0 ? n : n + 1) : n + 1;
                    }
                }
            }

            throw reader.Error(names is null
                ? $"a number from {min} to {max}"
                : $"a number from {min} to {max} or a name ({string.Join(", ", names)})");
        }

        if (reader.AtEnd || !char.IsAsciiDigit(reader.Peek))
        {
            throw reader.Error($"a number from {min} to {max}, or '*'");
        }

        var value = reader.Number("a number");
        if (value < min || value > max)
        {
            throw reader.ErrorAt(start, $"a number from {min} to {max}");
        }

        return value;
    }

    /// <inheritdoc/>
    public override DateTimeOffset? GetNextDueAfter(DateTimeOffset after, DateTimeOffset scheduledAt) => GetNextAfter(after);

    /// <summary>The first instant strictly after <paramref name="after"/> whose local time in <see cref="TimeZone"/> matches; null when none in the next 10 years (e.g. 30 February).</summary>
    /// <param name="after">The instant to search after.</param>
    public DateTimeOffset? GetNextAfter(DateTimeOffset after)
    {
        // In a zone with clock changes, start the local-time search a little earlier: after a clock moved back, the
        // next instant may have a local time earlier than the local time of `after`. Candidates are still filtered
        // by "later than after", so starting early never returns a past instant.
        var searchFrom = TimeZone.SupportsDaylightSavingTime ? after.AddHours(-3) : after;
        var localAfter = TimeZoneInfo.ConvertTime(searchFrom, TimeZone).DateTime;
        var t = new DateTime(localAfter.Year, localAfter.Month, localAfter.Day, localAfter.Hour, localAfter.Minute, localAfter.Second, DateTimeKind.Unspecified)
            .AddSeconds(1);
        var limit = t.AddYears(10);

        // Near a clock change, local order and instant order differ (the second 02:30 of a repeated hour comes after
        // the first 02:45), so the earliest candidate is kept and the search goes on until no later local time can
        // produce an earlier instant.
        DateTimeOffset? best = null;
        var bestLimit = DateTime.MaxValue;

        // Move the local clock field by field to the next match; each step resets the smaller fields.
        while (t <= limit)
        {
            if (best is not null && t > bestLimit)
            {
                return best;
            }

            if (!_months[t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1).AddMonths(1);
                continue;
            }

            if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
                continue;
            }

            if (!_hours[t.Hour])
            {
                t = t.Date.AddHours(t.Hour + 1);
                continue;
            }

            if (!_minutes[t.Minute])
            {
                t = new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0).AddMinutes(1);
                continue;
            }

            if (!_seconds[t.Second])
            {
                t = t.AddSeconds(1);
                continue;
            }

            foreach (var candidate in Candidates(t))
            {
                if (candidate > after && (best is null || candidate < best))
                {
                    best = candidate;
                }
            }

            if (best is not null)
            {
                var earlier = TimeZone.GetUtcOffset(t.AddHours(-3));
                var later = TimeZone.GetUtcOffset(t.AddHours(3));
                if (earlier == later && bestLimit == DateTime.MaxValue)
                {
                    return best;
                }

                var limitLocal = best.Value.UtcDateTime + (earlier > later ? earlier : later);
                bestLimit = DateTime.SpecifyKind(limitLocal, DateTimeKind.Unspecified);
            }

            t = t.AddSeconds(1);
        }

        return best;
    }

    /// <summary>The instants a matching local time stands for.</summary>
    private IEnumerable<DateTimeOffset> Candidates(DateTime t)
    {
        if (TimeZone.IsInvalidTime(t))
        {
            // Clocks jumped forward over this local time: it fires as if read with the offset before the jump,
            // that is, later by the length of the gap (02:30 in a 02:00-03:00 gap fires at 03:30), as java.time
            // resolves gaps for Camunda and Spring, and as cron-parser does.
            var before = TimeZone.GetUtcOffset(t.AddDays(-1));
            return [TimeZoneInfo.ConvertTime(new DateTimeOffset(t - before, TimeSpan.Zero), TimeZone)];
        }

        return Offsets(t).Select(offset => new DateTimeOffset(t, offset));
    }

    private IEnumerable<TimeSpan> Offsets(DateTime local)
    {
        if (!TimeZone.IsAmbiguousTime(local))
        {
            return [TimeZone.GetUtcOffset(local)];
        }

        // A local time that happens twice (clocks moved back), earliest instant first (the larger offset is earlier).
        // A schedule whose hour field is "*" runs every real hour, so it fires in both; a schedule at fixed
        // hours fires once, at the first occurrence (as Vixie cron and cron-parser do).
        var offsets = TimeZone.GetAmbiguousTimeOffsets(local);
        Array.Sort(offsets);
        Array.Reverse(offsets);
        return _everyHour ? offsets : [offsets[0]];
    }

    private bool DayMatches(DateTime t)
    {
        var dom = _daysOfMonth[t.Day];
        var dow = _daysOfWeek[(int)t.DayOfWeek];
        if (_eitherDay)
        {
            return dom || dow;
        }

        return (!_domRestricted || dom) && (!_dowRestricted || dow);
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
