using Ocap.Workflow.Runtime.Timers;

namespace Ocap.Workflow.Tests.Runtime.Timers;

public class RepeatingIntervalTests
{
    private static readonly DateTimeOffset Scheduled = At("2026-05-01T08:00:00Z");

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static List<DateTimeOffset> Occurrences(string text, DateTimeOffset from, int max = 10)
    {
        var cycle = TimerCycle.Parse(text);
        var list = new List<DateTimeOffset>();
        var after = from;
        while (list.Count < max && cycle.GetNextDueAfter(after, Scheduled) is { } next)
        {
            Assert.That(next, Is.GreaterThan(after));
            list.Add(next);
            after = next;
        }

        return list;
    }

    [Test]
    public void DurationOnly_FiresNTimesAfterScheduling()
    {
        Assert.That(Occurrences("R3/PT10M", Scheduled), Is.EqualTo(new[]
        {
            At("2026-05-01T08:10:00Z"), At("2026-05-01T08:20:00Z"), At("2026-05-01T08:30:00Z"),
        }));
    }

    [Test]
    public void Unbounded_KeepsFiring()
    {
        var cycle = TimerCycle.Parse("R/PT1H");
        Assert.That(Occurrences("R/PT1H", Scheduled, 5), Has.Count.EqualTo(5));
        Assert.That(cycle.GetNextDueAfter(At("2036-05-01T08:30:00Z"), Scheduled), Is.EqualTo(At("2036-05-01T09:00:00Z")));
    }

    [Test]
    public void WithStart_FirstFiresAtTheStart()
    {
        Assert.That(Occurrences("R3/2026-01-01T09:00:00Z/P1D", At("2025-12-01T00:00:00Z")), Is.EqualTo(new[]
        {
            At("2026-01-01T09:00:00Z"), At("2026-01-02T09:00:00Z"), At("2026-01-03T09:00:00Z"),
        }));
    }

    [Test]
    public void WithStart_AfterSomeOccurrencesPassed_ReturnsTheNextOne()
    {
        var cycle = TimerCycle.Parse("R3/2026-01-01T09:00:00Z/P1D");
        Assert.That(cycle.GetNextDueAfter(At("2026-01-02T09:00:00Z"), Scheduled), Is.EqualTo(At("2026-01-03T09:00:00Z")));
        Assert.That(cycle.GetNextDueAfter(At("2026-01-03T09:00:00Z"), Scheduled), Is.Null);
    }

    [Test]
    public void MonthlyFromThe31st_StaysOnMonthEnds()
    {
        Assert.That(Occurrences("R4/2026-01-31T09:00:00Z/P1M", At("2026-01-01T00:00:00Z")), Is.EqualTo(new[]
        {
            At("2026-01-31T09:00:00Z"), At("2026-02-28T09:00:00Z"), At("2026-03-31T09:00:00Z"), At("2026-04-30T09:00:00Z"),
        }));
    }

    [Test]
    public void WithEnd_LastFiresAtTheEnd()
    {
        Assert.That(Occurrences("R3/PT1H/2026-06-01T12:00:00Z", At("2026-01-01T00:00:00Z")), Is.EqualTo(new[]
        {
            At("2026-06-01T10:00:00Z"), At("2026-06-01T11:00:00Z"), At("2026-06-01T12:00:00Z"),
        }));
        Assert.That(TimerCycle.Parse("R/P1D/2026-06-01T12:00:00Z").GetNextDueAfter(At("2026-05-30T13:00:00Z"), Scheduled),
            Is.EqualTo(At("2026-05-31T12:00:00Z")));
    }

    [Test]
    public void StartAndEnd_UseTheirDifferenceAsPeriod()
    {
        Assert.That(Occurrences("R2/2026-01-01T00:00:00Z/2026-01-01T06:00:00Z", At("2025-01-01T00:00:00Z")), Is.EqualTo(new[]
        {
            At("2026-01-01T00:00:00Z"), At("2026-01-01T06:00:00Z"),
        }));
    }

    [Test]
    public void ZeroRepetitions_NeverFire()
    {
        Assert.That(TimerCycle.Parse("R0/PT1M").GetNextDueAfter(Scheduled, Scheduled), Is.Null);
    }

    [Test]
    public void Parse_ExposesItsParts()
    {
        var cycle = RepeatingInterval.Parse("R5/2026-01-01T09:00:00+01:00/PT12H");
        Assert.That(cycle.Repetitions, Is.EqualTo(5));
        Assert.That(cycle.Start, Is.EqualTo(At("2026-01-01T08:00:00Z")));
        Assert.That(cycle.Duration, Is.EqualTo(IsoDuration.Parse("PT12H")));
        Assert.That(cycle.End, Is.Null);
    }

    [TestCase("R", 1, "'/' after the repetitions")]
    [TestCase("R3", 2, "'/' after the repetitions")]
    [TestCase("Rx/PT1M", 1, "'/' after the repetitions")]
    [TestCase("R3/", 3, "4 digits of the year")]
    [TestCase("R3/PT1M/PT1M", 8, "a duration cannot follow a duration")]
    [TestCase("R3/2026-01-01T00:00Z", 20, "'/' and a duration or end")]
    [TestCase("R3/2026-01-01T00:00Z/2025-01-01T00:00Z", 3, "a start before the end")]
    [TestCase("R3/2026-01-01T00:00/P1D", 19, "'Z' or an offset")]
    [TestCase("R3/PT1M/x", 8, "4 digits of the year")]
    [TestCase("R3/P0D", 3, "longer than zero")]
    [TestCase("R3/PT1M/2026-01-01T00:00Z/x", 25, "the end of the interval")]
    public void Parse_Invalid_ThrowsWithPosition(string text, int position, string expected)
    {
        var e = Assert.Throws<TimerDefinitionParseException>(() => TimerCycle.Parse(text));
        Assert.That(e!.Position, Is.EqualTo(position), e.Message);
        Assert.That(e.Expected, Does.Contain(expected));
    }
}
