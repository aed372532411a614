using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Runtime;

/// <summary>
/// What a history payload reads of a step's events (type, element, message), taken from the interpreter's event log
/// without building its <see cref="BpmnEvent"/> objects; any other list is read through its events.
/// </summary>
internal static class StepEvents
{
    /// <summary>The type, element and message of the event at <paramref name="index"/>.</summary>
    public static StepEvent StepAt(this IReadOnlyList<BpmnEvent> events, int index)
    {
        if (events is BpmnEventLog log)
        {
            return new StepEvent(log.TypeAt(index), log.ElementIdAt(index), log.MessageAt(index));
        }

        var e = events[index];
        return new StepEvent(e.Type, e.ElementId, e.Message);
    }
}

/// <summary>An event as a history payload writes it.</summary>
/// <param name="Type">The event type.</param>
/// <param name="ElementId">The element, when it has one.</param>
/// <param name="Message">The message, when it has one.</param>
internal readonly record struct StepEvent(string Type, string? ElementId, string? Message);
