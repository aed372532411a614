using System.Globalization;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Runtime.Timers;

namespace Ocap.Workflow.Tests.Bpmn;

public sealed class IsoTimerTests
{
    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static (DateTimeOffset? Due, int? Repetitions, string? Problem) First(string text, string now)
    {
        var due = IsoTimer.FirstDue(BpmnTimerKind.Cycle, text, At(now), out var repetitions, out _, out var problem);
        return (due, repetitions, problem);
    }

    [Test]
    public void Cycle_WithAStartAhead_FiresFirstAtTheStart()
    {
        var (due, repetitions, _) = First("R3/2026-01-01T09:00:00Z/PT1H", "2025-12-31T12:00:00Z");

        Assert.That((due, repetitions), Is.EqualTo((At("2026-01-01T09:00:00Z"), 3)));
    }

    [Test]
    public void Cycle_WithAStartPassed_FiresAtTheNextFiringAndCountsOnlyThoseLeft()
    {
        var (due, repetitions, _) = First("R3/2026-01-01T09:00:00Z/PT1H", "2026-01-01T10:30:00Z");

        Assert.That((due, repetitions), Is.EqualTo((At("2026-01-01T11:00:00Z"), 1)));
    }

    [Test]
    public void Cycle_WhoseFiringsAreAllPast_CannotBeScheduled()
    {
        var (due, _, problem) = First("R3/2026-01-01T09:00:00Z/PT1H", "2026-01-01T11:00:00Z");

        Assert.That(due, Is.Null);
        Assert.That(problem, Does.Contain("every firing"));
    }

    [Test]
    public void Cycle_WithAStartLongAgoAndAShortPeriod_IsFoundWithoutWalkingEveryFiring()
    {
        var (due, repetitions, _) = First("R/2000-01-01T00:00:00Z/PT1S", "2026-11-26T11:15:42.5Z");

        Assert.That((due, repetitions), Is.EqualTo((At("2026-11-26T11:15:43Z"), (int?)null)));
    }

    [Test]
    public void Cycle_WithAStartAndAZeroPeriod_IsRefused()
    {
        var (due, _, problem) = First("R3/2026-01-01T09:00:00Z/PT0S", "2025-01-01T00:00:00Z");

        Assert.That(due, Is.Null);
        Assert.That(problem, Does.Contain("longer than zero"));
    }

    [Test]
    public void Cycle_WithoutAStart_FiresAPeriodAfterNow()
    {
        var (due, repetitions, _) = First("R3/PT10M", "2026-01-01T09:00:00Z");

        Assert.That((due, repetitions), Is.EqualTo((At("2026-01-01T09:10:00Z"), 3)));
    }

    [Test]
    public void Duration_OfYearsAndMonths_AddsThemTogetherAsMonths()
    {
        Assert.That(IsoTimer.TryAdd("P1Y1M", At("2028-02-29T00:00:00Z"), out var result), Is.True);

        Assert.That(result, Is.EqualTo(At("2029-03-29T00:00:00Z")));
    }

    [Test]
    public void Cycle_WithAStart_FiresAsTimerStartEventsDo_OnRandomCycles()
    {
        // The interpreter's cycles (boundary and intermediate timers) against the timer start events' RepeatingInterval:
        // the same first firing and repetitions left, and for periods of fixed length the same later firings.
        var random = new Random(20261126);
        string[] periods = ["PT10M", "PT1H", "PT90S", "P1D", "P1W", "P1DT2H", "P1M", "P1Y", "P1Y1M"];
        for (var n = 0; n < 2_000; n++)
        {
            var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 3 * 366 * 24 * 60));
            var now = start.AddMinutes(random.Next(-100_000, 400_000)).AddSeconds(random.Next(0, 60));
            var period = periods[random.Next(periods.Length)];
            var count = random.Next(0, 4) == 0 ? (int?)null : random.Next(1, 12);
            var text = $"R{count}/{start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}/{period}";
            var cycle = RepeatingInterval.Parse(text);

            var expected = cycle.GetNextDueAfter(now, now);
            var due = IsoTimer.FirstDue(BpmnTimerKind.Cycle, text, now, out var left, out var interval, out _);

            Assert.That(due, Is.EqualTo(expected), text + " at " + now.ToString("O", CultureInfo.InvariantCulture));
            if (due is null || period.Contains('M', StringComparison.Ordinal) && !period.Contains('T', StringComparison.Ordinal) || period.Contains('Y', StringComparison.Ordinal))
            {
                continue;
            }

            // Later firings: each one a period after the last, as many as the cycle has left.
            var previous = due.Value;
            for (var i = 1; left is null ? i < 5 : i < left; i++)
            {
                Assert.That(IsoTimer.TryNext(interval!, previous, out var next), Is.True);
                Assert.That(next, Is.EqualTo(cycle.GetNextDueAfter(previous, now)), text);
                previous = next;
            }

            if (left is { } remaining)
            {
                Assert.That(cycle.GetNextDueAfter(previous, now), Is.Null, $"{text}: {remaining} firings left after {now:O}");
            }
        }
    }
}
