namespace Ocap.Workflow.History;

/// <summary>An instance's history and the head recorded with the instance, read from one consistent snapshot.</summary>
/// <param name="Head">The head recorded with the instance.</param>
/// <param name="Events">The events as stored, in sequence order.</param>
public sealed record InstanceHistory(HistoryHead Head, IReadOnlyList<HistoryEvent> Events);
