using System.Globalization;

namespace Ocap.Workflow.Expressions.Feel;

/// <summary>
/// FEEL number helpers over <see cref="decimal"/>. The specification asks for IEEE 754 decimal128 (34 digits,
/// round half even); <see cref="decimal"/> carries 28–29 significant digits with the same rounding, which is
/// the nearest exact type .NET offers. Results that do not fit are null, never an overflow exception.
/// </summary>
internal static class Numbers
{
    /// <summary>Drops trailing zeros of the scale (<c>1.10</c> → <c>1.1</c>) so output matches the number's value.</summary>
    public static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;

    /// <summary>Invariant text without exponent or trailing zeros.</summary>
    public static string Format(decimal value) => Normalize(value).ToString(CultureInfo.InvariantCulture);

    public static bool IsInteger(decimal value) => value == decimal.Truncate(value);

    public static bool TryAdd(decimal a, decimal b, out decimal result)
    {
        try
        {
            result = a + b;
            return true;
        }
        catch (OverflowException)
        {
            result = 0;
            return false;
        }
    }

    public static bool TryMultiply(decimal a, decimal b, out decimal result)
    {
        try
        {
            result = a * b;
            return true;
        }
        catch (OverflowException)
        {
            result = 0;
            return false;
        }
    }

    public static bool TryDivide(decimal a, decimal b, out decimal result)
    {
        result = 0;
        if (b == 0)
        {
            return false;
        }

        try
        {
            result = a / b;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>
    /// <paramref name="b"/> raised to <paramref name="e"/>: exact by repeated squaring for whole exponents,
    /// through <see cref="double"/> for fractional ones (the result then has double's precision).
    /// </summary>
    public static bool TryPower(decimal b, decimal e, out decimal result)
    {
        result = 0;
        try
        {
            if (IsInteger(e) && Math.Abs(e) <= 10_000)
            {
                var n = (long)Math.Abs(e);
                decimal acc = 1, x = b;
                while (n > 0)
                {
                    if ((n & 1) == 1)
                    {
                        acc *= x;
                    }

                    n >>= 1;
                    if (n > 0)
                    {
                        x *= x;
                    }
                }

                if (e < 0)
                {
                    return TryDivide(1, acc, out result);
                }

                result = acc;
                return true;
            }

            var d = Math.Pow((double)b, (double)e);
            if (double.IsNaN(d) || double.IsInfinity(d))
            {
                return false;
            }

            // Through the shortest round-trip text: (decimal)double would keep only 15 significant digits.
            return decimal.TryParse(d.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out result);
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Square root to full decimal precision (a double estimate refined by Newton steps).</summary>
    public static bool TrySqrt(decimal value, out decimal result)
    {
        result = 0;
        if (value < 0)
        {
            return false;
        }

        if (value == 0)
        {
            return true;
        }

        var x = (decimal)Math.Sqrt((double)value);
        for (var i = 0; i < 4 && x != 0; i++)
        {
            x = (x + value / x) / 2;
        }

        result = x;
        return true;
    }

    /// <summary>Rounds to <paramref name="scale"/> decimal places with the given mode; null when out of range.</summary>
    public static bool TryRound(decimal value, decimal scale, RoundingMode mode, out decimal result)
    {
        result = 0;
        if (!IsInteger(scale) || scale < -28 || scale > 28)
        {
            return false;
        }

        var s = (int)scale;
        decimal factor = 1;
        if (s < 0)
        {
            for (var i = 0; i < -s; i++)
            {
                factor *= 10;
            }

            value /= factor;
            s = 0;
        }

        try
        {
            var rounded = mode switch
            {
                RoundingMode.HalfEven => Math.Round(value, s, MidpointRounding.ToEven),
                RoundingMode.HalfUp => Math.Round(value, s, MidpointRounding.AwayFromZero),
                RoundingMode.HalfDown => RoundHalfDown(value, s),
                RoundingMode.Up => value < 0 ? Math.Round(value, s, MidpointRounding.ToNegativeInfinity) : Math.Round(value, s, MidpointRounding.ToPositiveInfinity),
                RoundingMode.Down => Math.Round(value, s, MidpointRounding.ToZero),
                RoundingMode.Floor => Math.Round(value, s, MidpointRounding.ToNegativeInfinity),
                RoundingMode.Ceiling => Math.Round(value, s, MidpointRounding.ToPositiveInfinity),
                _ => throw new ArgumentOutOfRangeException(nameof(mode)),
            };
            result = rounded * factor;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static decimal RoundHalfDown(decimal value, int scale)
    {
        var down = Math.Round(value, scale, MidpointRounding.ToZero);
        var step = 1m;
        for (var i = 0; i < scale; i++)
        {
            step /= 10;
        }

        var remainder = Math.Abs(value - down);
        return remainder > step / 2 ? down + (value < 0 ? -step : step) : down;
    }
}

/// <summary>The rounding modes of the FEEL numeric functions.</summary>
internal enum RoundingMode
{
    HalfEven,
    HalfUp,
    HalfDown,
    Up,
    Down,
    Floor,
    Ceiling,
}
