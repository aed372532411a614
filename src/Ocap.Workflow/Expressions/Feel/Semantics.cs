namespace Ocap.Workflow.Expressions.Feel;

/// <summary>
/// FEEL's equality, ordering and arithmetic. Every operation answers null, never throws, when its operands are
/// null, of mismatched types, or out of range: a gateway condition over incomplete data is "not true", not a crash.
/// </summary>
internal static class Semantics
{
    /// <summary>FEEL <c>=</c>: true/false for values of one type, <c>null = null</c> is true, null against a value is false, other mismatches are null.</summary>
    public static Value Equal(Value a, Value b)
    {
        if (a.IsNull || b.IsNull)
        {
            return Value.Bool(a.IsNull && b.IsNull);
        }

        if (a.Kind != b.Kind)
        {
            return Value.Null;
        }

        switch (a.Kind)
        {
            case ValueKind.Boolean:
            case ValueKind.Number:
            case ValueKind.Date:
            case ValueKind.DaysTimeDuration:
            case ValueKind.YearsMonthsDuration:
                return Value.Bool(a.Number == b.Number);
            case ValueKind.String:
                return Value.Bool(string.Equals(a.AsString, b.AsString, StringComparison.Ordinal));
            case ValueKind.Time:
            case ValueKind.DateTime:
                var c = Temporal.Compare(a, b);
                return c is null ? Value.False : Value.Bool(c == 0);
            case ValueKind.List:
                var x = a.AsList;
                var y = b.AsList;
                if (x.Length != y.Length)
                {
                    return Value.False;
                }

                for (var i = 0; i < x.Length; i++)
                {
                    var e = Equal(x[i], y[i]);
                    if (e.Kind != ValueKind.Boolean || !e.AsBoolean)
                    {
                        return e.Kind == ValueKind.Boolean ? Value.False : Value.Null;
                    }
                }

                return Value.True;
            case ValueKind.Context:
                var p = a.AsContext;
                var q = b.AsContext;
                if (p.Count != q.Count)
                {
                    return Value.False;
                }

                for (var i = 0; i < p.Count; i++)
                {
                    if (!q.TryGet(p.KeyAt(i), out var other))
                    {
                        return Value.False;
                    }

                    var e = Equal(p.ValueAt(i), other);
                    if (e.Kind != ValueKind.Boolean || !e.AsBoolean)
                    {
                        return e.Kind == ValueKind.Boolean ? Value.False : Value.Null;
                    }
                }

                return Value.True;
            case ValueKind.Range:
                var r = a.AsRange;
                var s = b.AsRange;
                return Value.Bool(r.StartIncluded == s.StartIncluded && r.EndIncluded == s.EndIncluded
                    && IsTrue(Equal(r.Start, s.Start)) && IsTrue(Equal(r.End, s.End)));
            case ValueKind.Function:
                return Value.Bool(ReferenceEquals(a.Ref, b.Ref));
            default:
                return Value.Null;
        }
    }

    public static bool IsTrue(Value v) => v.Kind == ValueKind.Boolean && v.AsBoolean;

    /// <summary>Orders two values of one ordered type (number, string, temporal); null otherwise.</summary>
    public static int? Compare(Value a, Value b)
    {
        if (a.Kind != b.Kind)
        {
            return null;
        }

        switch (a.Kind)
        {
            case ValueKind.Number:
                return a.Number.CompareTo(b.Number);
            case ValueKind.String:
                return string.CompareOrdinal(a.AsString, b.AsString) switch { < 0 => -1, > 0 => 1, _ => 0 };
            case ValueKind.Date:
            case ValueKind.Time:
            case ValueKind.DateTime:
            case ValueKind.DaysTimeDuration:
            case ValueKind.YearsMonthsDuration:
                return Temporal.Compare(a, b);
            default:
                return null;
        }
    }

    public static Value Add(Value a, Value b)
    {
        switch (a.Kind, b.Kind)
        {
            case (ValueKind.Number, ValueKind.Number):
                return Numbers.TryAdd(a.Number, b.Number, out var n) ? Value.Num(n) : Value.Null;
            case (ValueKind.String, ValueKind.String):
                return Value.Str(string.Concat(a.AsString, b.AsString));
            case (ValueKind.DaysTimeDuration, ValueKind.DaysTimeDuration):
                return Numbers.TryAdd(a.Number, b.Number, out var d) ? Value.DaysTime(d) : Value.Null;
            case (ValueKind.YearsMonthsDuration, ValueKind.YearsMonthsDuration):
                return Numbers.TryAdd(a.Number, b.Number, out var m) ? Value.YearsMonths(m) : Value.Null;
            case (ValueKind.Date or ValueKind.DateTime or ValueKind.Time, ValueKind.DaysTimeDuration):
                return Temporal.AddDaysTime(a, b.Number);
            case (ValueKind.DaysTimeDuration, ValueKind.Date or ValueKind.DateTime or ValueKind.Time):
                return Temporal.AddDaysTime(b, a.Number);
            case (ValueKind.Date or ValueKind.DateTime, ValueKind.YearsMonthsDuration):
                return Temporal.AddYearsMonths(a, b.Number);
            case (ValueKind.YearsMonthsDuration, ValueKind.Date or ValueKind.DateTime):
                return Temporal.AddYearsMonths(b, a.Number);
            default:
                return Value.Null;
        }
    }

    public static Value Subtract(Value a, Value b)
    {
        switch (a.Kind, b.Kind)
        {
            case (ValueKind.Number, ValueKind.Number):
                return Numbers.TryAdd(a.Number, -b.Number, out var n) ? Value.Num(n) : Value.Null;
            case (ValueKind.DaysTimeDuration, ValueKind.DaysTimeDuration):
                return Numbers.TryAdd(a.Number, -b.Number, out var d) ? Value.DaysTime(d) : Value.Null;
            case (ValueKind.YearsMonthsDuration, ValueKind.YearsMonthsDuration):
                return Numbers.TryAdd(a.Number, -b.Number, out var m) ? Value.YearsMonths(m) : Value.Null;
            case (ValueKind.Date or ValueKind.DateTime or ValueKind.Time, ValueKind.DaysTimeDuration):
                return Temporal.AddDaysTime(a, -b.Number);
            case (ValueKind.Date or ValueKind.DateTime, ValueKind.YearsMonthsDuration):
                return Temporal.AddYearsMonths(a, -b.Number);
            case (ValueKind.Date or ValueKind.DateTime, ValueKind.Date or ValueKind.DateTime):
            case (ValueKind.Time, ValueKind.Time):
                return Temporal.Subtract(a, b);
            default:
                return Value.Null;
        }
    }

    public static Value Multiply(Value a, Value b)
    {
        switch (a.Kind, b.Kind)
        {
            case (ValueKind.Number, ValueKind.Number):
                return Numbers.TryMultiply(a.Number, b.Number, out var n) ? Value.Num(n) : Value.Null;
            case (ValueKind.DaysTimeDuration, ValueKind.Number):
                return Numbers.TryMultiply(a.Number, b.Number, out var d) ? Value.DaysTime(d) : Value.Null;
            case (ValueKind.Number, ValueKind.DaysTimeDuration):
                return Numbers.TryMultiply(a.Number, b.Number, out var e) ? Value.DaysTime(e) : Value.Null;
            case (ValueKind.YearsMonthsDuration, ValueKind.Number):
                return Numbers.TryMultiply(a.Number, b.Number, out var m) ? Value.YearsMonths(decimal.Truncate(m)) : Value.Null;
            case (ValueKind.Number, ValueKind.YearsMonthsDuration):
                return Numbers.TryMultiply(a.Number, b.Number, out var k) ? Value.YearsMonths(decimal.Truncate(k)) : Value.Null;
            default:
                return Value.Null;
        }
    }

    public static Value Divide(Value a, Value b)
    {
        switch (a.Kind, b.Kind)
        {
            case (ValueKind.Number, ValueKind.Number):
                return Numbers.TryDivide(a.Number, b.Number, out var n) ? Value.Num(n) : Value.Null;
            case (ValueKind.DaysTimeDuration, ValueKind.Number):
                return Numbers.TryDivide(a.Number, b.Number, out var d) ? Value.DaysTime(d) : Value.Null;
            case (ValueKind.YearsMonthsDuration, ValueKind.Number):
                return Numbers.TryDivide(a.Number, b.Number, out var m) ? Value.YearsMonths(decimal.Truncate(m)) : Value.Null;
            case (ValueKind.DaysTimeDuration, ValueKind.DaysTimeDuration):
            case (ValueKind.YearsMonthsDuration, ValueKind.YearsMonthsDuration):
                return Numbers.TryDivide(a.Number, b.Number, out var r) ? Value.Num(r) : Value.Null;
            default:
                return Value.Null;
        }
    }

    public static Value Power(Value a, Value b) =>
        a.Kind == ValueKind.Number && b.Kind == ValueKind.Number && Numbers.TryPower(a.Number, b.Number, out var p)
            ? Value.Num(p)
            : Value.Null;

    public static Value Negate(Value a) => a.Kind switch
    {
        ValueKind.Number => Value.Num(-a.Number),
        ValueKind.DaysTimeDuration => Value.DaysTime(-a.Number),
        ValueKind.YearsMonthsDuration => Value.YearsMonths(-a.Number),
        _ => Value.Null,
    };
}
