namespace Ocap.Workflow.Expressions.Feel;

/// <summary>Numeric built-ins, computed in <see cref="decimal"/>.</summary>
internal static partial class Builtins
{
    private static void AddNumeric(Registrar add)
    {
        add("decimal", ["n", "scale"], 2, static (a, ref _) => Round(a[0], a[1], RoundingMode.HalfEven));
        add("floor", ["n", "scale"], 1, static (a, ref _) => Round(a[0], Has(a, 1) ? a[1] : Value.Num(0), RoundingMode.Floor));
        add("ceiling", ["n", "scale"], 1, static (a, ref _) => Round(a[0], Has(a, 1) ? a[1] : Value.Num(0), RoundingMode.Ceiling));
        add("round up", ["n", "scale"], 1, static (a, ref _) => Round(a[0], Has(a, 1) ? a[1] : Value.Num(0), RoundingMode.Up));
        add("round down", ["n", "scale"], 1, static (a, ref _) => Round(a[0], Has(a, 1) ? a[1] : Value.Num(0), RoundingMode.Down));
        add("round half up", ["n", "scale"], 1, static (a, ref _) => Round(a[0], Has(a, 1) ? a[1] : Value.Num(0), RoundingMode.HalfUp));
        add("round half down", ["n", "scale"], 1, static (a, ref _) => Round(a[0], Has(a, 1) ? a[1] : Value.Num(0), RoundingMode.HalfDown));
        add("round half even", ["n", "scale"], 1, static (a, ref _) => Round(a[0], Has(a, 1) ? a[1] : Value.Num(0), RoundingMode.HalfEven));
        add("abs", ["n"], 1, static (a, ref _) => a[0].Kind switch
        {
            ValueKind.Number => Value.Num(Math.Abs(a[0].Number)),
            ValueKind.DaysTimeDuration => Value.DaysTime(Math.Abs(a[0].Number)),
            ValueKind.YearsMonthsDuration => Value.YearsMonths(Math.Abs(a[0].Number)),
            _ => Value.Null,
        });
        add("modulo", ["dividend", "divisor"], 2, static (a, ref _) =>
        {
            if (!Num(a[0], out var dividend) || !Num(a[1], out var divisor) || divisor == 0)
            {
                return Value.Null;
            }

            try
            {
                var r = decimal.Remainder(dividend, divisor);
                return Value.Num(r != 0 && (r < 0) != (divisor < 0) ? r + divisor : r);
            }
            catch (OverflowException)
            {
                return Value.Null;
            }
        });
        add("sqrt", ["number"], 1, static (a, ref _) => Num(a[0], out var n) && Numbers.TrySqrt(n, out var r) ? Value.Num(r) : Value.Null);
        add("odd", ["number"], 1, static (a, ref _) => Num(a[0], out var n) ? Value.Bool(Numbers.IsInteger(n) && decimal.Remainder(n, 2) != 0) : Value.Null);
        add("even", ["number"], 1, static (a, ref _) => Num(a[0], out var n) ? Value.Bool(Numbers.IsInteger(n) && decimal.Remainder(n, 2) == 0) : Value.Null);
    }

    private static Value Round(Value n, Value scale, RoundingMode mode) =>
        n.Kind == ValueKind.Number && scale.Kind == ValueKind.Number && Numbers.TryRound(n.Number, scale.Number, mode, out var r)
            ? Value.Num(r)
            : Value.Null;
}
