namespace Ocap.Workflow.Expressions.Feel;

/// <summary>
/// The range functions of DMN 1.4 §10.3.4.7 (<c>before</c>, <c>after</c>, <c>meets</c>, <c>met by</c>,
/// <c>overlaps</c>, <c>overlaps before</c>, <c>overlaps after</c>, <c>finishes</c>, <c>finished by</c>,
/// <c>includes</c>, <c>during</c>, <c>starts</c>, <c>started by</c>, <c>coincides</c>) over points and ranges
/// with open, closed or unbounded ends, written as the specification's formulas.
/// </summary>
/// <remarks>
/// Each signature is registered under the specification's parameter names. A positional call binds to the first
/// signature, whose body accepts every mix of points and ranges its function defines (so a named call with that
/// signature's names, <c>before(point1: …, point2: …)</c>, accepts ranges too); any other named call binds by names
/// and must supply the kinds those names stand for. <c>point</c>/<c>range</c> names in either order bind to the
/// first signature with those names (the specification gives <c>before(point, range)</c> and
/// <c>before(range, point)</c> the same names). A null argument, a range where a point is expected (or the
/// reverse), or endpoints that cannot be compared with each other (a number against a string) give null.
/// An unbounded end (<c>&lt; 10</c>, <c>&gt;= 5</c>) lies below or above every value and equals only another
/// unbounded end on the same side.
/// </remarks>
internal static partial class Builtins
{
    [Flags]
    private enum Shape : byte
    {
        PointPoint = 1,
        PointRange = 2,
        RangePoint = 4,
        RangeRange = 8,
    }

    private static void AddRanges(Registrar add)
    {
        void Register(string name, RangeFormula formula, params (string[] Parameters, Shape Shape)[] signatures)
        {
            var all = signatures.Aggregate((Shape)0, (shapes, s) => shapes | s.Shape);
            for (var i = 0; i < signatures.Length; i++)
            {
                // The first signature also serves positional calls, so it accepts every shape the function defines.
                var shapes = i == 0 ? all : signatures[i].Shape;
                add(name, signatures[i].Parameters, 2, (a, ref _) => Apply(formula, shapes, a[0], a[1]));
            }
        }

        (string[], Shape) PP(string a, string b) => ([a, b], Shape.PointPoint);
        (string[], Shape) PR(string a, string b) => ([a, b], Shape.PointRange);
        (string[], Shape) RP(string a, string b) => ([a, b], Shape.RangePoint);
        (string[], Shape) RR() => (["range1", "range2"], Shape.RangeRange);

        Register("before", Before, PP("point1", "point2"), PR("point", "range"), RP("range", "point"), RR());
        Register("after", After, PP("point1", "point2"), PR("point", "range"), RP("range", "point"), RR());
        Register("meets", Meets, RR());
        Register("met by", MetBy, RR());
        Register("overlaps", Overlaps, RR());
        Register("overlaps before", OverlapsBefore, RR());
        Register("overlaps after", OverlapsAfter, RR());
        Register("finishes", Finishes, PR("point", "range"), RR());
        Register("finished by", FinishedBy, RP("range", "point"), RR());
        Register("includes", Includes, RP("range", "point"), RR());
        Register("during", During, PR("point", "range"), RR());
        Register("starts", Starts, PR("point", "range"), RR());
        Register("started by", StartedBy, RP("range", "point"), RR());
        Register("coincides", Coincides, PP("point1", "point2"), RR());
    }

    /// <summary>One function's formulas; <see langword="null"/> when it has none for the shape.</summary>
    private delegate bool? RangeFormula(Shape shape, in Extent a, in Extent b);

    private static Value Apply(RangeFormula formula, Shape accepted, Value a, Value b)
    {
        if (a.IsNull || b.IsNull || a.Kind == ValueKind.Function || b.Kind == ValueKind.Function)
        {
            return Value.Null;
        }

        var shape = (a.Kind == ValueKind.Range, b.Kind == ValueKind.Range) switch
        {
            (false, false) => Shape.PointPoint,
            (false, true) => Shape.PointRange,
            (true, false) => Shape.RangePoint,
            _ => Shape.RangeRange,
        };
        if ((accepted & shape) == 0)
        {
            return Value.Null;
        }

        var x = Extent.Of(a);
        var y = Extent.Of(b);
        if (!Comparable(x, y))
        {
            return Value.Null;
        }

        var r = formula(shape, x, y);
        return r is { } result ? Value.Bool(result) : Value.Null;
    }

    /// <summary>Whether every bounded endpoint of both arguments orders against every other.</summary>
    private static bool Comparable(in Extent x, in Extent y)
    {
        Value first = default;
        var have = false;
        foreach (var v in (ReadOnlySpan<Value>)[x.Start.Value, x.End.Value, y.Start.Value, y.End.Value])
        {
            if (v.IsNull)
            {
                continue;
            }

            if (!have)
            {
                first = v;
                have = true;
            }
            else if (Semantics.Compare(first, v) is null)
            {
                return false;
            }
        }

        return have && Semantics.Compare(first, first) is not null;
    }

    private static bool? Before(Shape s, in Extent a, in Extent b) => s switch
    {
        Shape.PointPoint => Lt(a.Start, b.Start),
        Shape.PointRange => Lt(a.Start, b.Start) || (Eq(a.Start, b.Start) && !b.StartIncluded),
        Shape.RangePoint => Lt(a.End, b.Start) || (Eq(a.End, b.Start) && !a.EndIncluded),
        _ => Lt(a.End, b.Start) || ((!a.EndIncluded || !b.StartIncluded) && Eq(a.End, b.Start)),
    };

    private static bool? After(Shape s, in Extent a, in Extent b) => s switch
    {
        Shape.PointPoint => Gt(a.Start, b.Start),
        Shape.PointRange => Gt(a.Start, b.End) || (Eq(a.Start, b.End) && !b.EndIncluded),
        Shape.RangePoint => Gt(a.Start, b.Start) || (Eq(a.Start, b.Start) && !a.StartIncluded),
        _ => Gt(a.Start, b.End) || ((!a.StartIncluded || !b.EndIncluded) && Eq(a.Start, b.End)),
    };

    private static bool? Meets(Shape s, in Extent a, in Extent b) =>
        a.EndIncluded && b.StartIncluded && Eq(a.End, b.Start);

    private static bool? MetBy(Shape s, in Extent a, in Extent b) =>
        a.StartIncluded && b.EndIncluded && Eq(a.Start, b.End);

    private static bool? Overlaps(Shape s, in Extent a, in Extent b) =>
        (Gt(a.End, b.Start) || (Eq(a.End, b.Start) && a.EndIncluded && b.StartIncluded))
        && (Lt(a.Start, b.End) || (Eq(a.Start, b.End) && a.StartIncluded && b.EndIncluded));

    private static bool? OverlapsBefore(Shape s, in Extent a, in Extent b) =>
        (Lt(a.Start, b.Start) || (Eq(a.Start, b.Start) && a.StartIncluded && !b.StartIncluded))
        && (Gt(a.End, b.Start) || (Eq(a.End, b.Start) && a.EndIncluded && b.StartIncluded))
        && (Lt(a.End, b.End) || (Eq(a.End, b.End) && (!a.EndIncluded || b.EndIncluded)));

    private static bool? OverlapsAfter(Shape s, in Extent a, in Extent b) => OverlapsBefore(s, b, a);

    private static bool? Finishes(Shape s, in Extent a, in Extent b) => s switch
    {
        Shape.PointRange => b.EndIncluded && Eq(b.End, a.Start),
        Shape.RangeRange => a.EndIncluded == b.EndIncluded && Eq(a.End, b.End)
            && (Gt(a.Start, b.Start) || (Eq(a.Start, b.Start) && (!a.StartIncluded || b.StartIncluded))),
        _ => null,
    };

    private static bool? FinishedBy(Shape s, in Extent a, in Extent b) => s switch
    {
        Shape.RangePoint => a.EndIncluded && Eq(a.End, b.Start),
        Shape.RangeRange => a.EndIncluded == b.EndIncluded && Eq(a.End, b.End)
            && (Lt(a.Start, b.Start) || (Eq(a.Start, b.Start) && (a.StartIncluded || !b.StartIncluded))),
        _ => null,
    };

    private static bool? Includes(Shape s, in Extent a, in Extent b) => s switch
    {
        Shape.RangePoint => (Lt(a.Start, b.Start) && Gt(a.End, b.Start)) || (Eq(a.Start, b.Start) && a.StartIncluded) || (Eq(a.End, b.Start) && a.EndIncluded),
        Shape.RangeRange => (Lt(a.Start, b.Start) || (Eq(a.Start, b.Start) && (a.StartIncluded || !b.StartIncluded)))
            && (Gt(a.End, b.End) || (Eq(a.End, b.End) && (a.EndIncluded || !b.EndIncluded))),
        _ => null,
    };

    private static bool? During(Shape s, in Extent a, in Extent b) => s switch
    {
        Shape.PointRange => Includes(Shape.RangePoint, b, a),
        Shape.RangeRange => Includes(Shape.RangeRange, b, a),
        _ => null,
    };

    private static bool? Starts(Shape s, in Extent a, in Extent b) => s switch
    {
        Shape.PointRange => Eq(b.Start, a.Start) && b.StartIncluded,
        Shape.RangeRange => Eq(a.Start, b.Start) && a.StartIncluded == b.StartIncluded
            && (Gt(b.End, a.End) || (Eq(b.End, a.End) && (!a.EndIncluded || b.EndIncluded))),
        _ => null,
    };

    private static bool? StartedBy(Shape s, in Extent a, in Extent b) => s switch
    {
        Shape.RangePoint => Eq(a.Start, b.Start) && a.StartIncluded,
        Shape.RangeRange => Eq(a.Start, b.Start) && a.StartIncluded == b.StartIncluded
            && (Gt(a.End, b.End) || (Eq(a.End, b.End) && (!b.EndIncluded || a.EndIncluded))),
        _ => null,
    };

    private static bool? Coincides(Shape s, in Extent a, in Extent b) => s switch
    {
        Shape.PointPoint => Eq(a.Start, b.Start),
        Shape.RangeRange => Eq(a.Start, b.Start) && a.StartIncluded == b.StartIncluded && Eq(a.End, b.End) && a.EndIncluded == b.EndIncluded,
        _ => null,
    };

    // Endpoints were checked to be mutually comparable, so these comparisons always decide.
    private static bool Lt(in Bound x, in Bound y) => Order(x, y) < 0;

    private static bool Gt(in Bound x, in Bound y) => Order(x, y) > 0;

    private static bool Eq(in Bound x, in Bound y) => Order(x, y) == 0;

    private static int Order(in Bound x, in Bound y)
    {
        if (x.Infinity != 0 || y.Infinity != 0)
        {
            return x.Infinity.CompareTo(y.Infinity);
        }

        return Semantics.Compare(x.Value, y.Value) ?? throw new InvalidOperationException("Range endpoints were not checked for comparability.");
    }

    /// <summary>An endpoint: a value, or minus/plus infinity for an unbounded end.</summary>
    private readonly record struct Bound(Value Value, sbyte Infinity);

    /// <summary>A point (both ends the value, included) or a range, with unbounded ends as infinities.</summary>
    private readonly record struct Extent(Bound Start, bool StartIncluded, Bound End, bool EndIncluded)
    {
        public static Extent Of(Value v)
        {
            if (v.Kind != ValueKind.Range)
            {
                var point = new Bound(v, 0);
                return new Extent(point, true, point, true);
            }

            var r = v.AsRange;
            return new Extent(
                r.Start.IsNull ? new Bound(Value.Null, -1) : new Bound(r.Start, 0), r.StartIncluded,
                r.End.IsNull ? new Bound(Value.Null, 1) : new Bound(r.End, 0), r.EndIncluded);
        }
    }
}
