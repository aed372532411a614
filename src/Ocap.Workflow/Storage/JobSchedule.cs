namespace Ocap.Workflow.Storage;

/// <summary>
/// A job the runtime schedules for the committing instance: a timer, a retry, a service task call. Scheduling an
/// id the instance already has replaces that job (a new due time, attempt count kept).
/// </summary>
/// <param name="JobId">The job id, unique within the tenant.</param>
/// <param name="Kind">What the job does, e.g. <c>timer</c> or <c>service-task</c>; the runtime's vocabulary.</param>
/// <param name="ElementId">The BPMN element the job belongs to, or <see langword="null"/>.</param>
/// <param name="DueAt">When it becomes due.</param>
/// <param name="PayloadJson">What the runtime needs to run it, as JSON text.</param>
public sealed record JobSchedule(string JobId, string Kind, string? ElementId, DateTimeOffset DueAt, string PayloadJson = "{}")
{
    internal void Validate()
    {
        StoreIds.EnsureValid(JobId, nameof(JobId));
        ArgumentException.ThrowIfNullOrEmpty(Kind, nameof(Kind));
        JsonText.EnsureValid(PayloadJson, nameof(PayloadJson));
    }
}

/// <summary>A stored job as read back.</summary>
/// <param name="InstanceId">The instance it belongs to; empty for a process-level job (a timer start event), whose <see cref="ProcessKey"/> is set.</param>
/// <param name="JobId">The job id.</param>
/// <param name="Kind">What the job does.</param>
/// <param name="ElementId">The BPMN element, or <see langword="null"/>.</param>
/// <param name="DueAt">When it is due.</param>
/// <param name="PayloadJson">Its payload.</param>
/// <param name="Attempts">How many times it was claimed and then retried (0 before its first run).</param>
/// <param name="LeaseExpiresAt">When the current lease ends, or <see langword="null"/> when no worker holds it.</param>
public sealed record JobRecord(
    string InstanceId, string JobId, string Kind, string? ElementId, DateTimeOffset DueAt, string PayloadJson, int Attempts, DateTimeOffset? LeaseExpiresAt)
{
    /// <summary>For a process-level job (deployed with <see cref="ProcessDefinitionDraft.StartJobs"/>): the process key; otherwise <see langword="null"/>.</summary>
    public string? ProcessKey { get; init; }
}

/// <summary>
/// A job a worker claimed. Only the holder of <see cref="LeaseToken"/> can complete or retry it; once the lease
/// expires another worker may claim it, which gives it a new token and makes the old one useless.
/// </summary>
/// <param name="Job">The job as it was when claimed.</param>
/// <param name="LeaseToken">The proof of the claim.</param>
/// <param name="LeaseExpiresAt">When another worker may claim the job again.</param>
public sealed record ClaimedJob(JobRecord Job, string LeaseToken, DateTimeOffset LeaseExpiresAt);

/// <summary>A claimed job to finish in a commit: removed, if and only if the lease is still held.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="LeaseToken">The token from the claim.</param>
public sealed record JobCompletion(string JobId, string LeaseToken)
{
    /// <summary>
    /// When set, the job is not removed but kept for its next run: due at this time, lease released, attempts reset
    /// to 0 (the next firing of a cycle, in the same write as this firing's effect).
    /// </summary>
    public DateTimeOffset? NextDueAt { get; init; }
}
