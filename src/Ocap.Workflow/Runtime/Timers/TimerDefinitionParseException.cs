namespace Ocap.Workflow.Runtime.Timers;

/// <summary>
/// A BPMN timer definition (an ISO 8601 date-time, duration or repeating interval, or a cron expression) is not
/// valid or uses something we do not support. <see cref="Position"/> is the 0-based index of the offending character.
/// </summary>
public sealed class TimerDefinitionParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="text">The timer definition.</param>
    /// <param name="position">0-based position of the offending character (the text length at the end).</param>
    /// <param name="expected">What was expected there, in words.</param>
    public TimerDefinitionParseException(string text, int position, string expected)
        : base($"Invalid timer definition '{text}' at position {position}: expected {expected}.")
    {
        Text = text;
        Position = position;
        Expected = expected;
    }

    /// <summary>The timer definition.</summary>
    public string Text { get; }

    /// <summary>0-based position of the offending character.</summary>
    public int Position { get; }

    /// <summary>What was expected at <see cref="Position"/>.</summary>
    public string Expected { get; }
}
