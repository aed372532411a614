namespace Ocap.Workflow.Storage;

/// <summary>
/// Which rows of a tenant's task index to list, in ordinal order of task id, a page at a time. The runtime
/// narrows the rows with the principal's filter match; the store only narrows by the columns it has.
/// </summary>
/// <param name="States">Only tasks in one of these states, or any when <see langword="null"/>.</param>
/// <param name="Assignee">Only tasks claimed by this principal, or any when <see langword="null"/>.</param>
/// <param name="InstanceId">Only tasks of this instance, or any when <see langword="null"/>.</param>
/// <param name="AfterTaskId">Start after this id (the last id of the previous page), or at the start.</param>
/// <param name="Limit">The page size, 1 to 10,000.</param>
public sealed record UserTaskQuery(
    IReadOnlyList<UserTaskState>? States = null,
    string? Assignee = null,
    string? InstanceId = null,
    string? AfterTaskId = null,
    int Limit = 100)
{
    /// <summary>Checks the page size; stores call it before querying.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The page size is outside 1 to 10,000.</exception>
    public void Validate()
    {
        if (Limit is < 1 or > InstanceQuery.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, $"The page size must be between 1 and {InstanceQuery.MaxLimit}.");
        }
    }
}
