using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Tests.Bpmn;

/// <summary>
/// The differential check of the interpreter's event log: read the engine's way (<see cref="BpmnEventLog.TypeAt"/>,
/// <see cref="BpmnEventLog.ElementIdAt"/>, <see cref="BpmnEventLog.MessageAt"/>, no event built), and read as the
/// public events, a step's events must say the same; they are numbered one by one from the state's last sequence
/// before the step to its last sequence after it; each equals (and hashes as) the event written property by property
/// through the public initializers; and reading them again gives the very same objects. The test flows call it on
/// every step they take.
/// </summary>
internal static class EventLogOracle
{
    public static void AssertConsistent(BpmnStepResult result, long sequenceBefore, string? what = null)
    {
        Assert.That(result.Events, Is.TypeOf<BpmnEventLog>(), what);
        var log = (BpmnEventLog)result.Events;

        // Read the compact way first, while no event has been built.
        var compact = new List<(string, string?, string?)>(log.Count);
        for (var i = 0; i < log.Count; i++)
        {
            compact.Add((log.TypeAt(i), log.ElementIdAt(i), log.MessageAt(i)));
        }

        var events = result.Events.ToList();
        Assert.That(events.Select(e => (e.Type, e.ElementId, e.Message)), Is.EqualTo(compact), what);
        Assert.That(events.Select(e => e.Seq), Is.EqualTo(Enumerable.Range(1, events.Count).Select(i => sequenceBefore + i)), what);
        Assert.That(log.LastSequence, Is.EqualTo(result.State.LastSequence), what);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var written = new BpmnEvent
            {
                Type = e.Type,
                Seq = e.Seq,
                ElementId = e.ElementId,
                ElementType = e.ElementType,
                Name = e.Name,
                ExecutionId = e.ExecutionId,
                Variable = e.Variable,
                Value = e.Value,
                Ref = e.Ref,
                CorrelationKey = e.CorrelationKey,
                DueAt = e.DueAt,
                Message = e.Message,
                Task = e.Task,
                TaskType = e.TaskType,
            };
            Assert.That(e, Is.EqualTo(written), what);
            Assert.That(e.GetHashCode(), Is.EqualTo(written.GetHashCode()), what);
            Assert.That(result.Events[i], Is.SameAs(e), what);
        }
    }
}
