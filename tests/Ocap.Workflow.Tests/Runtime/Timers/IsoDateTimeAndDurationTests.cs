using Ocap.Workflow.Runtime.Timers;

namespace Ocap.Workflow.Tests.Runtime.Timers;

public class IsoDateTimeAndDurationTests
{
    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [TestCase("2026-01-01T09:00:00Z", "2026-01-01T09:00:00+00:00")]
    [TestCase("2026-01-01T09:00Z", "2026-01-01T09:00:00+00:00")]
    [TestCase("2026-01-01T09:00:00+01:00", "2026-01-01T09:00:00+01:00")]
    [TestCase("2026-01-01T09:00:00-0530", "2026-01-01T09:00:00-05:30")]
    [TestCase("2026-01-01T09:00:00+02", "2026-01-01T09:00:00+02:00")]
    [TestCase("2026-01-01T09:00:00.25Z", "2026-01-01T09:00:00.25+00:00")]
    [TestCase("2024-02-29T23:59:59,5Z", "2024-02-29T23:59:59.5+00:00")]
    public void IsoDateTime_Parse_ReadsTheInstantAndOffset(string text, string expected)
    {
        var value = IsoDateTime.Parse(text);
        Assert.That(value, Is.EqualTo(At(expected)));
        Assert.That(value.Offset, Is.EqualTo(At(expected).Offset));
    }

    [TestCase("2026-01-01T09:00:00", 19, "'Z' or an offset")]
    [TestCase("2026-01-01", 10, "'T' and a time")]
    [TestCase("2026-13-01T09:00Z", 0, "a valid calendar date")]
    [TestCase("2025-02-29T09:00Z", 0, "a valid calendar date")]
    [TestCase("2026-01-01T24:00Z", 11, "a valid time of day")]
    [TestCase("2026-01-01t09:00Z", 10, "'T' between date and time")]
    [TestCase("20260101T090000Z", 4, "'-' after the year")]
    [TestCase("2026-01-01T09:00:00Zjunk", 20, "the end of the date-time")]
    [TestCase("2026-01-01T09:00:00+15:00", 19, "an offset between")]
    [TestCase("2026-01-01T09:00:00.Z", 20, "digits of the fraction")]
    [TestCase("26-01-01T09:00Z", 2, "4 digits of the year")]
    public void IsoDateTime_Invalid_ThrowsWithPosition(string text, int position, string expected)
    {
        var e = Assert.Throws<TimerDefinitionParseException>(() => IsoDateTime.Parse(text));
        Assert.That(e!.Position, Is.EqualTo(position), e.Message);
        Assert.That(e.Expected, Does.Contain(expected));
    }

    [TestCase("P1Y", "2026-01-31T10:00:00Z", "2027-01-31T10:00:00Z")]
    [TestCase("P1M", "2026-01-31T10:00:00Z", "2026-02-28T10:00:00Z")]
    [TestCase("P1M", "2024-01-31T10:00:00Z", "2024-02-29T10:00:00Z")]
    [TestCase("P1Y1M", "2024-02-29T00:00:00Z", "2025-03-29T00:00:00Z")]
    [TestCase("P2W", "2026-01-01T00:00:00Z", "2026-01-15T00:00:00Z")]
    [TestCase("P1D", "2026-03-28T12:00:00+01:00", "2026-03-29T12:00:00+01:00")]
    [TestCase("PT36H", "2026-01-01T00:00:00Z", "2026-01-02T12:00:00Z")]
    [TestCase("PT10M", "2026-01-01T23:55:00Z", "2026-01-02T00:05:00Z")]
    [TestCase("PT0.5S", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.5Z")]
    [TestCase("PT1,25S", "2026-01-01T00:00:00Z", "2026-01-01T00:00:01.25Z")]
    [TestCase("P1DT2H3M4S", "2026-01-01T00:00:00Z", "2026-01-02T02:03:04Z")]
    [TestCase("P0DT1S", "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z")]
    public void IsoDuration_AddTo_AddsCalendarThenTimeParts(string duration, string start, string expected)
    {
        Assert.That(IsoDuration.Parse(duration).AddTo(At(start)), Is.EqualTo(At(expected)));
    }

    [Test]
    public void IsoDuration_AddToManyTimes_DoesNotDriftAtMonthEnds()
    {
        var monthly = IsoDuration.Parse("P1M");
        var start = At("2026-01-31T09:00:00Z");
        Assert.That(monthly.AddTo(start, 2), Is.EqualTo(At("2026-03-31T09:00:00Z")));
        Assert.That(monthly.AddTo(monthly.AddTo(start)), Is.EqualTo(At("2026-03-28T09:00:00Z")));
        Assert.That(monthly.AddTo(start, -1), Is.EqualTo(At("2025-12-31T09:00:00Z")));
    }

    [TestCase("P1Y2M3DT4H5M6.5S", 1, 2, 0, 3, 4, 5, 65_000_000L)]
    [TestCase("P3W", 0, 0, 3, 0, 0, 0, 0L)]
    [TestCase("PT90M", 0, 0, 0, 0, 0, 90, 0L)]
    public void IsoDuration_Parse_ReadsEveryPart(string text, int y, int mo, int w, int d, int h, int mi, long secondTicks)
    {
        var duration = IsoDuration.Parse(text);
        Assert.That((duration.Years, duration.Months, duration.Weeks, duration.Days, duration.Hours, duration.Minutes, duration.SecondTicks),
            Is.EqualTo((y, mo, w, d, h, mi, secondTicks)));
        Assert.That(IsoDuration.Parse(duration.ToString()), Is.EqualTo(duration));
    }

    [TestCase("", 0, "'P'")]
    [TestCase("1D", 0, "'P'")]
    [TestCase("-P1D", 0, "negative durations")]
    [TestCase("P", 1, "at least one number")]
    [TestCase("PT", 2, "hours, minutes or seconds after 'T'")]
    [TestCase("P1H", 2, "a date unit")]
    [TestCase("PT1D", 3, "a time unit")]
    [TestCase("P1D1Y", 4, "units in the order")]
    [TestCase("PT1M1M", 5, "units in the order")]
    [TestCase("P1W1D", 3, "weeks on their own")]
    [TestCase("P1Y1W", 3, "weeks on their own")]
    [TestCase("P1.5D", 1, "only seconds may have a fraction")]
    [TestCase("PT1.S", 4, "digits after the decimal sign")]
    [TestCase("P0D", 0, "longer than zero")]
    [TestCase("PT0S", 0, "longer than zero")]
    [TestCase("P1DT", 4, "hours, minutes or seconds after 'T'")]
    [TestCase("P99999999999D", 1, "no larger than")]
    [TestCase("P1D ", 3, "a number")]
    public void IsoDuration_Invalid_ThrowsWithPosition(string text, int position, string expected)
    {
        var e = Assert.Throws<TimerDefinitionParseException>(() => IsoDuration.Parse(text));
        Assert.That(e!.Position, Is.EqualTo(position), e.Message);
        Assert.That(e.Expected, Does.Contain(expected));
    }
}
