namespace Ocap.Workflow.Storage;

/// <summary>The state of a user task in the task index.</summary>
public enum UserTaskState
{
    /// <summary>Waiting for a candidate to claim or complete it.</summary>
    Open,

    /// <summary>Claimed by its assignee.</summary>
    Claimed,

    /// <summary>Completed; kept in the index only if the runtime chooses to.</summary>
    Completed,
}
