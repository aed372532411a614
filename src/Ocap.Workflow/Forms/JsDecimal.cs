using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// Exact decimal arithmetic with the parsing and printing rules of big.js, which form-js uses for number
/// rules (<c>min</c>/<c>max</c>, <c>decimalDigits</c>, <c>increment</c>). Binary doubles would get
/// <c>0.3 mod 0.1</c> wrong and print different "nearest valid values" than the browser does.
/// </summary>
internal readonly struct JsDecimal : IComparable<JsDecimal>
{
    private readonly BigInteger _unscaled;
    private readonly int _scale;

    private JsDecimal(BigInteger unscaled, int scale)
    {
        // Normalised: no trailing zeros in the coefficient, so printing and decimal counting are direct.
        if (unscaled.IsZero)
        {
            scale = 0;
        }
        else
        {
            while (unscaled % 10 == 0)
            {
                unscaled /= 10;
                scale--;
            }
        }

        _unscaled = unscaled;
        _scale = scale;
    }

    /// <summary>Digits after the decimal point (0 for integers), as form-js's <c>countDecimals</c> counts them.</summary>
    public int DecimalPlaces => Math.Max(0, _scale);

    public bool IsZero => _unscaled.IsZero;

    /// <summary>
    /// form-js's <c>countDecimals</c> of a JavaScript number without building a decimal: the digits after the
    /// point in its shortest round-trip form, which is what big.js sees through <c>String(number)</c>.
    /// </summary>
    public static int DecimalPlacesOf(double value)
    {
        if (Math.Floor(value) == value)
        {
            return 0;
        }

        Span<char> buffer = stackalloc char[40];
        Math.Abs(value).TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture);
        var text = buffer[..written];
        var exponent = 0;
        var e = text.IndexOfAny('E', 'e');
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.');
        var fraction = dot < 0 ? 0 : text.Length - dot - 1;
        return Math.Max(0, fraction - exponent);
    }

    /// <summary>big.js's constructor: <c>String(value)</c> must match <c>-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?</c>.</summary>
    public static bool TryCreate(JsonNode? value, out JsDecimal result)
    {
        if (JsValues.IsNumber(value, out var number))
        {
            return TryParse(JsNumber.ToString(number), out result);
        }

        return TryParse(JsValues.ToJsString(value), out result);
    }

    public static bool TryParse(string text, out JsDecimal result)
    {
        result = default;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] == '-')
        {
            negative = true;
            i++;
        }

        var digits = new StringBuilder();
        var intDigits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            digits.Append(text[i++]);
            intDigits++;
        }

        var fracDigits = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                digits.Append(text[i++]);
                fracDigits++;
            }

            if (intDigits == 0 && fracDigits == 0)
            {
                return false;
            }
        }

        if (intDigits + fracDigits == 0)
        {
            return false;
        }

        var exponent = 0;
        if (i < text.Length && (text[i] | 0x20) == 'e')
        {
            i++;
            var expNegative = false;
            if (i < text.Length && text[i] is '+' or '-')
            {
                expNegative = text[i] == '-';
                i++;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || !int.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out exponent))
            {
                return false;
            }

            exponent = expNegative ? -exponent : exponent;
        }

        if (i != text.Length)
        {
            return false;
        }

        var unscaled = BigInteger.Parse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        result = new JsDecimal(negative ? -unscaled : unscaled, fracDigits - exponent);
        return true;
    }

    public int CompareTo(JsDecimal other)
    {
        var (a, b, _) = Align(this, other);
        return a.CompareTo(b);
    }

    /// <summary>big.js <c>mod</c>: the remainder takes the dividend's sign. The divisor must not be zero.</summary>
    public JsDecimal Mod(JsDecimal divisor)
    {
        var (a, b, scale) = Align(this, divisor);
        return new JsDecimal(BigInteger.Remainder(a, b), scale);
    }

    public JsDecimal Minus(JsDecimal other)
    {
        var (a, b, scale) = Align(this, other);
        return new JsDecimal(a - b, scale);
    }

    public JsDecimal Plus(JsDecimal other)
    {
        var (a, b, scale) = Align(this, other);
        return new JsDecimal(a + b, scale);
    }

    private static (BigInteger A, BigInteger B, int Scale) Align(JsDecimal x, JsDecimal y)
    {
        var scale = Math.Max(x._scale, y._scale);
        return (x._unscaled * BigInteger.Pow(10, scale - x._scale), y._unscaled * BigInteger.Pow(10, scale - y._scale), scale);
    }

    /// <summary>big.js <c>toString</c>: plain notation unless the exponent is ≤ −7 or ≥ 21 (the same thresholds as JavaScript numbers).</summary>
    public override string ToString()
    {
        if (_unscaled.IsZero)
        {
            // big.js never prints the sign of zero.
            return "0";
        }

        var digits = BigInteger.Abs(_unscaled).ToString(CultureInfo.InvariantCulture);
        return (_unscaled.Sign < 0 ? "-" : string.Empty) + Layout(digits, digits.Length - _scale);
    }

    /// <summary>
    /// Lays out significant digits d1…dk whose value is 0.d1…dk × 10^point, as ECMA-262 Number::toString and
    /// big.js both do: plain for −6 &lt; point ≤ 21, exponential otherwise.
    /// </summary>
    public static string Layout(string digits, int point)
    {
        var k = digits.Length;
        if (k <= point && point <= 21)
        {
            return digits + new string('0', point - k);
        }

        if (point > 0 && point <= 21)
        {
            return digits[..point] + "." + digits[point..];
        }

        if (point > -6 && point <= 0)
        {
            return "0." + new string('0', -point) + digits;
        }

        var e = point - 1;
        var mantissa = k == 1 ? digits : digits[..1] + "." + digits[1..];
        return mantissa + "e" + (e < 0 ? "-" : "+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
    }
}
