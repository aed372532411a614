namespace Ocap.Workflow.Storage;

/// <summary>
/// A row of the user-task index, written in the same commit as the instance step that created or changed the
/// task. The runtime lists rows and evaluates <see cref="CandidateFilter"/> against the principal's attributes;
/// the store does not interpret the filter.
/// </summary>
/// <param name="TaskId">The task id, unique within the tenant.</param>
/// <param name="ElementId">The BPMN user task element.</param>
/// <param name="Name">The task's display name.</param>
/// <param name="CandidateFilter">The LDAP filter (RFC 4515 text) a principal must match to act on the task.</param>
/// <param name="Assignee">The principal that claimed the task, or <see langword="null"/>.</param>
/// <param name="State">The task's state.</param>
/// <param name="CreatedAt">When the task was created.</param>
/// <param name="DueAt">When it is due, or <see langword="null"/>.</param>
/// <param name="FormKey">The form the task shows, or <see langword="null"/>.</param>
public sealed record UserTaskEntry(
    string TaskId,
    string ElementId,
    string Name,
    string CandidateFilter,
    string? Assignee,
    UserTaskState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt = null,
    string? FormKey = null)
{
    internal void Validate()
    {
        StoreIds.EnsureValid(TaskId, nameof(TaskId));
        ArgumentException.ThrowIfNullOrEmpty(ElementId, nameof(ElementId));
        ArgumentNullException.ThrowIfNull(Name, nameof(Name));
        ArgumentNullException.ThrowIfNull(CandidateFilter, nameof(CandidateFilter));
        if (!Enum.IsDefined(State))
        {
            throw new ArgumentOutOfRangeException(nameof(State), State, "Unknown task state.");
        }
    }
}

/// <summary>A row of the user-task index as read back, with the instance it belongs to.</summary>
/// <param name="InstanceId">The instance that owns the task.</param>
/// <param name="Task">The task's row.</param>
public sealed record UserTaskRecord(string InstanceId, UserTaskEntry Task);
