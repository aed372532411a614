namespace Ocap.Workflow.Runtime.Timers;

/// <summary>
/// A BPMN <c>timeCycle</c>: an ISO 8601 repeating interval (<see cref="RepeatingInterval"/>) or a cron expression
/// (<see cref="CronExpression"/>). Answers one question: when is the timer next due after a given instant.
/// </summary>
public abstract class TimerCycle
{
    private protected TimerCycle()
    {
    }

    /// <summary>
    /// Parses a cycle: text starting with <c>R</c> is a repeating interval, anything else a cron expression
    /// (5 fields: standard cron; 6 fields: Camunda 7 / Quartz style with seconds).
    /// </summary>
    /// <param name="text">The cycle, e.g. <c>R3/PT10M</c> or <c>0 0 9 ? * MON-FRI</c>.</param>
    /// <param name="timeZone">The zone cron fields are read in; UTC when null. Repeating intervals carry their own offsets.</param>
    /// <exception cref="TimerDefinitionParseException">The text is not a cycle we accept.</exception>
    public static TimerCycle Parse(string text, TimeZoneInfo? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.StartsWith('R') ? RepeatingInterval.Parse(text) : CronExpression.Parse(text, timeZone);
    }

    /// <summary>The first due time strictly after <paramref name="after"/>, or null when the cycle has no more.</summary>
    /// <param name="after">Usually the current time (from <see cref="TimeProvider"/>) or the previous due time.</param>
    /// <param name="scheduledAt">When the timer was scheduled: the start of a repeating interval that names no start or end.</param>
    public abstract DateTimeOffset? GetNextDueAfter(DateTimeOffset after, DateTimeOffset scheduledAt);
}
