using Ocap.Workflow.Runtime.Timers;

namespace Ocap.Workflow.Tests.Runtime.Timers;

public class CronExpressionTests
{
    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset? Next(string cron, string after, TimeZoneInfo? zone = null) =>
        CronExpression.Parse(cron, zone).GetNextAfter(At(after));

    // 6 fields, Camunda 7 / Quartz style (seconds first, day-of-week 1 = Sunday).
    [TestCase("0 0 9 * * ?", "2026-01-01T08:00:00Z", "2026-01-01T09:00:00Z")]
    [TestCase("0 0 9 * * ?", "2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z")]
    [TestCase("0 0 9 ? * MON-FRI", "2026-01-02T10:00:00Z", "2026-01-05T09:00:00Z")]
    [TestCase("0 0 9 ? * 2-6", "2026-01-02T10:00:00Z", "2026-01-05T09:00:00Z")]
    [TestCase("0 0 9 ? * 1", "2026-01-01T00:00:00Z", "2026-01-04T09:00:00Z")]
    [TestCase("0 0 9 ? * SUN", "2026-01-01T00:00:00Z", "2026-01-04T09:00:00Z")]
    [TestCase("0 0 9 ? * 7", "2026-01-01T00:00:00Z", "2026-01-03T09:00:00Z")]
    [TestCase("30 */15 * * * ?", "2026-01-01T10:07:00Z", "2026-01-01T10:15:30Z")]
    [TestCase("0/20 * * * * ?", "2026-01-01T10:00:41Z", "2026-01-01T10:01:00Z")]
    [TestCase("0 0 0 1 * ?", "2026-01-15T00:00:00Z", "2026-02-01T00:00:00Z")]
    [TestCase("0 0 12 31 * ?", "2026-02-01T00:00:00Z", "2026-03-31T12:00:00Z")]
    [TestCase("0 0 12 29 FEB ?", "2026-01-01T00:00:00Z", "2028-02-29T12:00:00Z")]
    [TestCase("0 0 12 * jan,Jul ?", "2026-02-01T00:00:00Z", "2026-07-01T12:00:00Z")]
    [TestCase("0 0 12 * * *", "2026-01-01T12:00:00Z", "2026-01-02T12:00:00Z")]
    [TestCase("0 0 12 * * MON", "2026-01-01T12:00:00Z", "2026-01-05T12:00:00Z")]
    [TestCase("0 0 8-10/2 * * ?", "2026-01-01T08:30:00Z", "2026-01-01T10:00:00Z")]
    [TestCase("0 0 9 * * ?", "2026-01-01T08:59:59.5Z", "2026-01-01T09:00:00Z")]
    public void SixFields_QuartzStyle_NextAfter(string cron, string after, string expected)
    {
        Assert.That(Next(cron, after), Is.EqualTo(At(expected)));
    }

    // 5 fields, standard cron (day-of-week 0 and 7 = Sunday; both day fields restricted means either).
    [TestCase("*/15 9-17 * * 1-5", "2026-01-02T17:50:00Z", "2026-01-05T09:00:00Z")]
    [TestCase("0 9 * * 0", "2026-01-01T00:00:00Z", "2026-01-04T09:00:00Z")]
    [TestCase("0 9 * * 7", "2026-01-01T00:00:00Z", "2026-01-04T09:00:00Z")]
    [TestCase("0 9 * * 1", "2026-01-01T00:00:00Z", "2026-01-05T09:00:00Z")]
    [TestCase("0 0 13 * 5", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [TestCase("0 0 13 * 5", "2026-01-03T00:00:00Z", "2026-01-09T00:00:00Z")]
    [TestCase("0 0 13 * 5", "2026-01-12T00:00:00Z", "2026-01-13T00:00:00Z")]
    [TestCase("0 0 */2 * 5", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [TestCase("0 0 */2 * 5", "2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z")]
    [TestCase("5 4 * * *", "2026-12-31T23:59:00Z", "2027-01-01T04:05:00Z")]
    public void FiveFields_StandardCron_NextAfter(string cron, string after, string expected)
    {
        Assert.That(Next(cron, after), Is.EqualTo(At(expected)));
    }

    [Test]
    public void TimeZone_FieldsAreReadInTheZone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.That(Next("0 0 9 * * ?", "2026-01-01T00:00:00Z", berlin), Is.EqualTo(At("2026-01-01T08:00:00Z")));
        Assert.That(Next("0 0 9 * * ?", "2026-07-01T00:00:00Z", berlin), Is.EqualTo(At("2026-07-01T07:00:00Z")));
    }

    [Test]
    public void TimeZone_LocalTimeSkippedBySpringForward_FiresLaterByTheGap()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        // 29 March 2026: 02:00-03:00 local does not exist in Berlin; 02:30 fires at 03:30 CEST.
        Assert.That(Next("0 30 2 * * ?", "2026-03-28T12:00:00Z", berlin), Is.EqualTo(At("2026-03-29T03:30:00+02:00")));
        Assert.That(Next("0 30 2 * * ?", "2026-03-29T01:30:00Z", berlin), Is.EqualTo(At("2026-03-30T02:30:00+02:00")));
    }

    [Test]
    public void TimeZone_LocalTimeRepeatedByFallBack_FiresOnceAtTheFirstOccurrence()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        // 25 October 2026: 02:00-03:00 local happens twice in Berlin (+02:00 then +01:00).
        Assert.That(Next("0 30 2 * * ?", "2026-10-24T12:00:00Z", berlin), Is.EqualTo(At("2026-10-25T02:30:00+02:00")));
        Assert.That(Next("0 30 2 * * ?", "2026-10-25T00:30:00Z", berlin), Is.EqualTo(At("2026-10-26T02:30:00+01:00")));
    }

    [Test]
    public void TimeZone_HourlyScheduleAcrossFallBack_FiresInBothRepeatedHours()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.That(Next("16 * * * *", "2026-10-25T00:16:00Z", berlin), Is.EqualTo(At("2026-10-25T01:16:00Z")));
        Assert.That(Next("16 * * * *", "2026-10-25T01:16:00Z", berlin), Is.EqualTo(At("2026-10-25T02:16:00Z")));
    }

    [Test]
    public void ImpossibleDate_HasNoNextTime()
    {
        Assert.That(Next("0 0 12 30 FEB ?", "2026-01-01T00:00:00Z"), Is.Null);
    }

    [Test]
    public void TimerCycle_Parse_TreatsNonRAsCron()
    {
        var cycle = TimerCycle.Parse("0 0 9 * * ?");
        Assert.That(cycle, Is.InstanceOf<CronExpression>());
        Assert.That(((CronExpression)cycle).HasSeconds, Is.True);
        Assert.That(cycle.GetNextDueAfter(At("2026-01-01T00:00:00Z"), At("2020-01-01T00:00:00Z")), Is.EqualTo(At("2026-01-01T09:00:00Z")));
    }

    [TestCase("0 0 9 * *  * 2026", 13, "the Quartz year field")]
    [TestCase("0 9 *", 5, "5 fields")]
    [TestCase("", 0, "5 fields")]
    [TestCase("60 0 9 * * ?", 0, "a number from 0 to 59")]
    [TestCase("0 0 24 * * ?", 4, "a number from 0 to 23")]
    [TestCase("0 0 9 0 * ?", 6, "a number from 1 to 31")]
    [TestCase("0 0 9 ? * 0", 10, "a number from 1 to 7")]
    [TestCase("0 0 9 ? * 8", 10, "a number from 1 to 7")]
    [TestCase("0 0 9 ? * FRI-MON", 14, "wrap-around ranges are not supported")]
    [TestCase("0 0 9 L * ?", 6, "a number from 1 to 31")]
    [TestCase("0 0 9 1W * ?", 7, "Quartz 'W' is not supported")]
    [TestCase("0 0 9 ? * 6#3", 11, "Quartz '#' is not supported")]
    [TestCase("0 0 9 ? * 6L", 11, "Quartz 'L' is not supported")]
    [TestCase("0 0 9 ? * ?", 10, "'?' may stand in only one")]
    [TestCase("0 0 9 1 * MON", 10, "restricting both is not supported")]
    [TestCase("0 9 ? * *", 4, "'?' is only allowed")]
    [TestCase("*/0 * * * *", 2, "a step between 1 and 59")]
    [TestCase("1-x * * * *", 2, "a number from 0 to 59")]
    [TestCase("1;2 * * * *", 1, "',', '-', '/' or the end")]
    [TestCase("0 0 9 * FOO ?", 8, "a name (JAN")]
    [TestCase("0 0 9 ? * MONDAY", 10, "a name (SUN")]
    public void Parse_Invalid_ThrowsWithPosition(string text, int position, string expected)
    {
        var e = Assert.Throws<TimerDefinitionParseException>(() => CronExpression.Parse(text));
        Assert.That(e!.Position, Is.EqualTo(position), e.Message);
        Assert.That(e.Expected, Does.Contain(expected));
    }
}
