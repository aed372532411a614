using System.Globalization;
using System.Text.RegularExpressions;

namespace Ocap.Workflow.Forms;

/// <summary>
/// The datetime component's acceptance of stored values. form-js keeps a string when JavaScript's
/// <c>Date.parse</c> understands it and it has the right parts for the subtype; it parses times itself.
/// <c>Date.parse</c> is engine-specific beyond ISO 8601; this accepts the ISO forms plus the loose
/// <c>Y-M-D</c> digits V8 also takes, which covers what form-js writes.
/// </summary>
internal static partial class DateTimeText
{
    public static bool IsAcceptedDate(string value) =>
        !value.Contains('T', StringComparison.Ordinal) && value.Split('-').Length == 3 && IsParsableDate(value);

    public static bool IsAcceptedDateTime(string value)
    {
        var parts = value.Split('T');
        return parts.Length == 2 && parts[0].Split('-').Length == 3 && IsParsableDate(value);
    }

    /// <summary>form-js <c>parseIsoTime</c> returning whether it yields minutes (not null).</summary>
    public static bool IsAcceptedTime(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        if (value.Contains('Z', StringComparison.Ordinal))
        {
            return BasicMinutes(ReplaceFirst(value, "Z")) is not null;
        }

        foreach (var sign in new[] { '+', '-' })
        {
            if (value.Contains(sign, StringComparison.Ordinal))
            {
                var parts = value.Split(sign);
                return BasicMinutes(parts[0]) is not null && BasicMinutes(parts[1]) is not null;
            }
        }

        return BasicMinutes(value) is not null;
    }

    private static string ReplaceFirst(string value, string what)
    {
        var at = value.IndexOf(what, StringComparison.Ordinal);
        return value.Remove(at, what.Length);
    }

    private static int? BasicMinutes(string text)
    {
        var segments = text.Split(':');
        var hour = JsParseInt(segments[0]);
        var minute = segments.Length > 1 ? JsParseInt(segments[1]) : 0;
        if (hour is null || hour < 0 || hour > 24 || minute is null || minute < 0 || minute > 60)
        {
            return null;
        }

        return (hour * 60) + minute;
    }

    /// <summary>JavaScript <c>parseInt(text)</c> in base 10: leading white space, a sign, then the longest digit prefix.</summary>
    private static int? JsParseInt(string text)
    {
        var s = JsNumber.TrimJsWhiteSpace(text);
        var i = 0;
        var negative = false;
        if (i < s.Length && s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
        }

        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i == start)
        {
            return null;
        }

        var digits = s.AsSpan(start, Math.Min(i - start, 9));
        var value = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    private static bool IsParsableDate(string value)
    {
        var m = IsoDateTime().Match(value);
        if (m.Success)
        {
            return InRange(m.Groups["mo"], 1, 12) && InRange(m.Groups["d"], 1, 31) && ValidTime(m);
        }

        // V8's fallback parser also reads year-month-day written with one-digit parts.
        m = LooseDate().Match(value);
        return m.Success && InRange(m.Groups["mo"], 1, 12) && InRange(m.Groups["d"], 1, 31);
    }

    private static bool ValidTime(Match m)
    {
        if (!m.Groups["h"].Success)
        {
            return true;
        }

        var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(m.Groups["mi"].Value, CultureInfo.InvariantCulture);
        var second = m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        if (hour == 24)
        {
            return minute == 0 && second == 0;
        }

        return hour < 24 && minute < 60 && second < 60
            && (!m.Groups["oh"].Success || (int.Parse(m.Groups["oh"].Value, CultureInfo.InvariantCulture) < 24 && int.Parse(m.Groups["om"].Value, CultureInfo.InvariantCulture) < 60));
    }

    private static bool InRange(Group group, int min, int max)
    {
        var value = int.Parse(group.Value, CultureInfo.InvariantCulture);
        return value >= min && value <= max;
    }

    [GeneratedRegex(@"^(?<y>[0-9]{4}|[+-][0-9]{6})-(?<mo>[0-9]{2})-(?<d>[0-9]{2})(T(?<h>[0-9]{2}):(?<mi>[0-9]{2})(:(?<s>[0-9]{2})(\.[0-9]{1,9})?)?(Z|[+-](?<oh>[0-9]{2}):?(?<om>[0-9]{2}))?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();

    [GeneratedRegex(@"^(?<y>[0-9]{1,4})-(?<mo>[0-9]{1,2})-(?<d>[0-9]{1,2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex LooseDate();
}
