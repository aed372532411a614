using Ocap.Workflow.History;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Storage;

/// <summary>
/// Where the runtime keeps deployments, instances, history, jobs, the user-task index and message subscriptions.
/// Every call names its tenant and sees only that tenant's rows: another tenant's id is "not found", exactly like
/// an id that does not exist.
/// </summary>
/// <remarks>
/// <para>The one write path for instances is <see cref="CommitAsync"/>: one command, one atomic commit
/// (state + version check + history + jobs + task index + subscriptions). See <c>docs/adr/0002-store-commit-contract.md</c>.</para>
/// <para>Implementations are safe for concurrent use. Every implementation must pass the reusable contract suite
/// in <c>tests/Ocap.Workflow.Storage.ContractTests</c>.</para>
/// </remarks>
public interface IWorkflowStore
{
    /// <summary>
    /// Stores a deployment bundle, content-addressed. A bundle the tenant already deployed (same hash) returns the
    /// existing record with <see cref="DeploymentRecord.Created"/> <see langword="false"/>; a new bundle gives each
    /// of its processes the next version of its key in the tenant. Atomic.
    /// </summary>
    Task<DeploymentRecord> DeployAsync(TenantId tenant, DeploymentBundle bundle, CancellationToken cancellationToken);

    /// <summary>A deployment by bundle hash, or <see langword="null"/>.</summary>
    Task<DeploymentRecord?> GetDeploymentAsync(TenantId tenant, string bundleHash, CancellationToken cancellationToken);

    /// <summary>An artifact's bytes by content hash, or <see langword="null"/> when the tenant never deployed them.</summary>
    Task<StoredArtifact?> GetArtifactAsync(TenantId tenant, string hash, CancellationToken cancellationToken);

    /// <summary>A process version, or the latest when <paramref name="version"/> is <see langword="null"/>; <see langword="null"/> when none.</summary>
    Task<ProcessDefinitionRecord?> GetProcessDefinitionAsync(TenantId tenant, string processKey, int? version, CancellationToken cancellationToken);

    /// <summary>Writes one command's changes atomically.</summary>
    /// <returns>The new version, the new history head and the appended events with their hashes.</returns>
    /// <exception cref="ConcurrencyConflictException">The instance is not at <see cref="StoreCommit.ExpectedVersion"/> (or, when creating, already exists), or a message in <see cref="StoreCommit.ConsumeMessages"/> is gone or expired.</exception>
    /// <exception cref="InstanceNotFoundException">An updating commit names an instance the tenant does not have.</exception>
    /// <exception cref="ProcessDefinitionNotFoundException">A creating commit names a process version the tenant has not deployed.</exception>
    /// <exception cref="JobLeaseLostException">A job in <see cref="StoreCommit.CompleteJobs"/> is no longer leased with that token.</exception>
    /// <exception cref="StoreCommitRejectedException">The commit removes rows the instance does not have or reuses another instance's ids.</exception>
    Task<CommitResult> CommitAsync(TenantId tenant, StoreCommit commit, CancellationToken cancellationToken);

    /// <summary>An instance, or <see langword="null"/>.</summary>
    Task<InstanceRecord?> GetInstanceAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken);

    /// <summary>A page of the tenant's instances in ordinal order of id.</summary>
    Task<IReadOnlyList<InstanceRecord>> QueryInstancesAsync(TenantId tenant, InstanceQuery query, CancellationToken cancellationToken);

    /// <summary>An instance's history and recorded head from one snapshot, exactly as stored; <see langword="null"/> when no such instance.</summary>
    Task<InstanceHistory?> ReadHistoryAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken);

    /// <summary>A page of the tenant's task index in ordinal order of task id.</summary>
    Task<IReadOnlyList<UserTaskRecord>> QueryUserTasksAsync(TenantId tenant, UserTaskQuery query, CancellationToken cancellationToken);

    /// <summary>A task-index row, or <see langword="null"/>.</summary>
    Task<UserTaskRecord?> GetUserTaskAsync(TenantId tenant, string taskId, CancellationToken cancellationToken);

    /// <summary>The subscriptions waiting for a message name and correlation key, in ordinal order of subscription id.</summary>
    Task<IReadOnlyList<MessageSubscriptionRecord>> FindMessageSubscriptionsAsync(
        TenantId tenant, string messageName, string correlationKey, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="maxCount"/> of the tenant's jobs that are due now (store clock) and not leased,
    /// earliest first. Each claim is atomic: two workers never hold the same job at the same time.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="maxCount">The most jobs to claim (1 or more).</param>
    /// <param name="leaseDuration">How long the claim keeps other workers away (more than zero).</param>
    /// <param name="cancellationToken">Cancels the claim before it is written.</param>
    Task<IReadOnlyList<ClaimedJob>> ClaimDueJobsAsync(TenantId tenant, int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken);

    /// <summary>
    /// Removes a claimed job whose work needed no instance commit (or, with <see cref="JobCompletion.NextDueAt"/>,
    /// keeps it for its next run).
    /// </summary>
    /// <exception cref="JobLeaseLostException">The lease is no longer held with that token.</exception>
    Task CompleteJobAsync(TenantId tenant, JobCompletion completion, CancellationToken cancellationToken);

    /// <summary>Releases a claimed job after a failure: due again at <paramref name="dueAt"/>, one more attempt counted.</summary>
    /// <exception cref="JobLeaseLostException">The lease is no longer held with that token.</exception>
    Task RetryJobAsync(TenantId tenant, JobCompletion lease, DateTimeOffset dueAt, CancellationToken cancellationToken);

    /// <summary>
    /// An instance's jobs in ordinal order of id (empty for an unknown instance); with an empty id, the tenant's
    /// process-level jobs (timer start events).
    /// </summary>
    Task<IReadOnlyList<JobRecord>> ListJobsAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// The earliest time at which one of the tenant's jobs can be claimed (its due time, or the end of its current
    /// lease if later), or <see langword="null"/> when the tenant has no jobs; lets a job runner sleep.
    /// </summary>
    Task<DateTimeOffset?> GetNextDueTimeAsync(TenantId tenant, CancellationToken cancellationToken);

    /// <summary>
    /// The message or signal start events of the tenant's processes (only the latest version of each key has any),
    /// in ordinal order of process key, then element id.
    /// </summary>
    Task<IReadOnlyList<StartSubscriptionRecord>> FindStartSubscriptionsAsync(TenantId tenant, StartEventKind kind, string name, CancellationToken cancellationToken);

    /// <summary>Keeps a message no instance waited for until it expires (see <see cref="BufferedMessage"/>).</summary>
    /// <exception cref="ArgumentException">The message is malformed, or the tenant already has a buffered message with its id.</exception>
    Task BufferMessageAsync(TenantId tenant, BufferedMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// The buffered messages with this name and correlation key that have not expired (store clock), oldest first
    /// (then in ordinal order of id).
    /// </summary>
    Task<IReadOnlyList<BufferedMessageRecord>> FindBufferedMessagesAsync(TenantId tenant, string messageName, string correlationKey, CancellationToken cancellationToken);

    /// <summary>Removes the tenant's buffered messages that have expired by the store clock.</summary>
    /// <returns>How many were removed.</returns>
    Task<int> PurgeExpiredMessagesAsync(TenantId tenant, CancellationToken cancellationToken);

    /// <summary>
    /// Every tenant that has stored anything, in ordinal order. For operators and job runners that work across
    /// tenants; never expose it to a tenant.
    /// </summary>
    Task<IReadOnlyList<TenantId>> ListTenantsAsync(CancellationToken cancellationToken);
}
