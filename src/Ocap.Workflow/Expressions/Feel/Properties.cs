namespace Ocap.Workflow.Expressions.Feel;

/// <summary>The properties of temporal values and ranges that a path can read (<c>d.year</c>, <c>r.start</c>).</summary>
internal static class Properties
{
    public static Value Get(Value target, string name)
    {
        switch (target.Kind)
        {
            case ValueKind.Date:
                return DateProperty(target.AsDate, name);
            case ValueKind.DateTime:
                var dt = target.AsDateTime;
                return name switch
                {
                    "hour" => Value.Num(dt.Local.Hour),
                    "minute" => Value.Num(dt.Local.Minute),
                    "second" => Value.Num(dt.Local.Second + (decimal)(dt.Local.Ticks % TimeSpan.TicksPerSecond) / TimeSpan.TicksPerSecond),
                    "time offset" => dt.Offset is { } o ? Value.DaysTime((decimal)o.TotalSeconds) : Value.Null,
                    "timezone" => dt.Zone is { } z ? Value.Str(z) : Value.Null,
                    _ => DateProperty(DateOnly.FromDateTime(dt.Local), name),
                };
            case ValueKind.Time:
                var t = target.AsTime;
                return name switch
                {
                    "hour" => Value.Num(t.LocalTime.Hour),
                    "minute" => Value.Num(t.LocalTime.Minute),
                    "second" => Value.Num(t.LocalTime.Second + (decimal)(t.LocalTime.Ticks % TimeSpan.TicksPerSecond) / TimeSpan.TicksPerSecond),
                    "time offset" => t.Offset is { } o ? Value.DaysTime((decimal)o.TotalSeconds) : Value.Null,
                    "timezone" => t.Zone is { } z ? Value.Str(z) : Value.Null,
                    _ => Value.Null,
                };
            case ValueKind.DaysTimeDuration:
                var s = target.Number;
                return name switch
                {
                    "days" => Value.Num(decimal.Truncate(s / Temporal.SecondsPerDay)),
                    "hours" => Value.Num(decimal.Truncate(decimal.Remainder(s, Temporal.SecondsPerDay) / 3600)),
                    "minutes" => Value.Num(decimal.Truncate(decimal.Remainder(s, 3600) / 60)),
                    "seconds" => Value.Num(decimal.Remainder(s, 60)),
                    _ => Value.Null,
                };
            case ValueKind.YearsMonthsDuration:
                return name switch
                {
                    "years" => Value.Num(decimal.Truncate(target.Number / 12)),
                    "months" => Value.Num(decimal.Remainder(target.Number, 12)),
                    _ => Value.Null,
                };
            case ValueKind.Range:
                var r = target.AsRange;
                return name switch
                {
                    "start" => r.Start,
                    "end" => r.End,
                    "start included" => Value.Bool(r.StartIncluded),
                    "end included" => Value.Bool(r.EndIncluded),
                    _ => Value.Null,
                };
            default:
                return Value.Null;
        }
    }

    private static Value DateProperty(DateOnly d, string name) => name switch
    {
        "year" => Value.Num(d.Year),
        "month" => Value.Num(d.Month),
        "day" => Value.Num(d.Day),
        "weekday" => Value.Num(d.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)d.DayOfWeek),
        _ => Value.Null,
    };
}
