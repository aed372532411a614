using System.Globalization;

namespace Ocap.Workflow.Expressions.Feel;

/// <summary>Conversion built-ins: <c>string</c>, <c>number</c>, <c>date</c>, <c>time</c>, <c>date and time</c>, <c>duration</c>, <c>years and months duration</c>, and <c>not</c>.</summary>
internal static partial class Builtins
{
    private static void AddConversion(Registrar add)
    {
        add("not", ["negand"], 1, static (a, ref _) => a[0].Kind == ValueKind.Boolean ? Value.Bool(!a[0].AsBoolean) : Value.Null);

        add("string", ["from"], 1, static (a, ref env) =>
        {
            if (a[0].IsNull)
            {
                return Value.Null;
            }

            var s = ValueText.ToFeelString(a[0]);
            env.CheckStringLength(s.Length);
            return Value.Str(s);
        });

        add("number", ["from", "grouping separator", "decimal separator"], 1, static (a, ref _) => ToNumber(a));

        add("date", ["from"], 1, static (a, ref _) => a[0].Kind switch
        {
            ValueKind.String => Temporal.TryParseDate(a[0].AsString, out var d) ? Value.Date(d) : Value.Null,
            ValueKind.Date => a[0],
            ValueKind.DateTime => Value.Date(DateOnly.FromDateTime(a[0].AsDateTime.Local)),
            _ => Value.Null,
        });
        add("date", ["year", "month", "day"], 3, static (a, ref _) =>
        {
            if (!Int(a[0], out var y) || !Int(a[1], out var m) || !Int(a[2], out var d) || y < 1 || y > 9999 || m < 1 || m > 12
                || d < 1 || d > DateTime.DaysInMonth(y, m))
            {
                return Value.Null;
            }

            return Value.Date(new DateOnly(y, m, d));
        });

        add("time", ["from"], 1, static (a, ref _) => a[0].Kind switch
        {
            ValueKind.String => Temporal.TryParseTime(a[0].AsString, out var t) ? Value.Time(t) : Value.Null,
            ValueKind.Time => a[0],
            ValueKind.DateTime => Value.Time(new FeelTime(TimeOnly.FromDateTime(a[0].AsDateTime.Local), a[0].AsDateTime.Offset, a[0].AsDateTime.Zone)),
            ValueKind.Date => Value.Time(new FeelTime(TimeOnly.MinValue, TimeSpan.Zero, null)),
            _ => Value.Null,
        });
        add("time", ["hour", "minute", "second", "offset"], 3, static (a, ref _) =>
        {
            if (!Int(a[0], out var h) || !Int(a[1], out var m) || !Num(a[2], out var s) || h is < 0 or > 23 || m is < 0 or > 59 || s < 0 || s >= 60)
            {
                return Value.Null;
            }

            TimeSpan? offset = null;
            if (Has(a, 3) && !a[3].IsNull)
            {
                if (a[3].Kind != ValueKind.DaysTimeDuration || Math.Abs(a[3].Number) > 18 * 3600)
                {
                    return Value.Null;
                }

                offset = TimeSpan.FromSeconds((double)a[3].Number);
            }

            var local = new TimeOnly(h, m).Add(TimeSpan.FromTicks((long)(s * TimeSpan.TicksPerSecond)));
            return Value.Time(new FeelTime(local, offset, null));
        });

        add("date and time", ["from"], 1, static (a, ref _) => a[0].Kind switch
        {
            ValueKind.String => Temporal.TryParseDateTime(a[0].AsString, out var dt) ? Value.DateTime(dt) : Value.Null,
            ValueKind.DateTime => a[0],
            ValueKind.Date => Value.DateTime(new FeelDateTime(a[0].AsDate.ToDateTime(TimeOnly.MinValue), null, null)),
            _ => Value.Null,
        });
        add("date and time", ["date", "time"], 2, static (a, ref _) =>
        {
            DateOnly date;
            if (a[0].Kind == ValueKind.Date)
            {
                date = a[0].AsDate;
            }
            else if (a[0].Kind == ValueKind.DateTime)
            {
                date = DateOnly.FromDateTime(a[0].AsDateTime.Local);
            }
            else
            {
                return Value.Null;
            }

            if (a[1].Kind != ValueKind.Time)
            {
                return Value.Null;
            }

            var t = a[1].AsTime;
            return Temporal.TryMakeDateTime(date.ToDateTime(t.LocalTime), t.Zone is null ? t.Offset : null, t.Zone, out var result)
                ? Value.DateTime(result)
                : Value.Null;
        });

        add("duration", ["from"], 1, static (a, ref _) =>
            a[0].Kind == ValueKind.String && Temporal.TryParseDuration(a[0].AsString, out var d) ? d : Value.Null);

        add("years and months duration", ["from", "to"], 2, static (a, ref _) =>
        {
            if (!ToLocal(a[0], out var from) || !ToLocal(a[1], out var to))
            {
                return Value.Null;
            }

            return Value.YearsMonths(Temporal.MonthsBetween(from, to));
        });
    }

    private static bool ToLocal(Value v, out DateTime local)
    {
        switch (v.Kind)
        {
            case ValueKind.Date:
                local = v.AsDate.ToDateTime(TimeOnly.MinValue);
                return true;
            case ValueKind.DateTime:
                local = v.AsDateTime.Local;
                return true;
            default:
                local = default;
                return false;
        }
    }

    private static Value ToNumber(ReadOnlySpan<Value> a)
    {
        if (!Str(a[0], out var text))
        {
            return Value.Null;
        }

        var grouping = Arg(a, 1);
        var separator = Arg(a, 2);
        if ((!grouping.IsNull && !(grouping.Kind == ValueKind.String && grouping.AsString is " " or "," or "."))
            || (!separator.IsNull && !(separator.Kind == ValueKind.String && separator.AsString is "," or ".")))
        {
            return Value.Null;
        }

        if (!grouping.IsNull && !separator.IsNull && grouping.AsString == separator.AsString)
        {
            return Value.Null;
        }

        if (!grouping.IsNull)
        {
            text = text.Replace(grouping.AsString, string.Empty, StringComparison.Ordinal);
        }

        if (!separator.IsNull)
        {
            text = text.Replace(separator.AsString, ".", StringComparison.Ordinal);
        }

        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var n)
            ? Value.Num(n)
            : Value.Null;
    }
}
