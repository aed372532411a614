namespace Ocap.Workflow.Storage;

/// <summary>Where an instance is in its life.</summary>
public enum InstanceStatus
{
    /// <summary>Started and not yet ended; it may be waiting for a task, timer or message.</summary>
    Active,

    /// <summary>Reached an end event.</summary>
    Completed,

    /// <summary>Cancelled by a caller.</summary>
    Cancelled,
}
