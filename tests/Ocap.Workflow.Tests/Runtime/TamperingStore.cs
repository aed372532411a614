using Ocap.Workflow.History;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>
/// A store whose history rows someone edited behind the engine's back: it passes everything through, except that
/// history reads go through <see cref="Tamper"/>, as a hand-edited database would return them.
/// </summary>
internal sealed class TamperingStore(IWorkflowStore inner) : IWorkflowStore
{
    public Func<IReadOnlyList<HistoryEvent>, IReadOnlyList<HistoryEvent>> Tamper { get; set; } = events => events;

    public async Task<InstanceHistory?> ReadHistoryAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        var history = await inner.ReadHistoryAsync(tenant, instanceId, cancellationToken);
        return history is null ? null : history with { Events = Tamper(history.Events) };
    }

    public Task<DeploymentRecord> DeployAsync(TenantId tenant, DeploymentBundle bundle, CancellationToken cancellationToken) => inner.DeployAsync(tenant, bundle, cancellationToken);

    public Task<DeploymentRecord?> GetDeploymentAsync(TenantId tenant, string bundleHash, CancellationToken cancellationToken) => inner.GetDeploymentAsync(tenant, bundleHash, cancellationToken);

    public Task<StoredArtifact?> GetArtifactAsync(TenantId tenant, string hash, CancellationToken cancellationToken) => inner.GetArtifactAsync(tenant, hash, cancellationToken);

    public Task<ProcessDefinitionRecord?> GetProcessDefinitionAsync(TenantId tenant, string processKey, int? version, CancellationToken cancellationToken) =>
        inner.GetProcessDefinitionAsync(tenant, processKey, version, cancellationToken);

    public Task<CommitResult> CommitAsync(TenantId tenant, StoreCommit commit, CancellationToken cancellationToken) => inner.CommitAsync(tenant, commit, cancellationToken);

    public Task<InstanceRecord?> GetInstanceAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken) => inner.GetInstanceAsync(tenant, instanceId, cancellationToken);

    public Task<IReadOnlyList<InstanceRecord>> QueryInstancesAsync(TenantId tenant, InstanceQuery query, CancellationToken cancellationToken) => inner.QueryInstancesAsync(tenant, query, cancellationToken);

    public Task<IReadOnlyList<UserTaskRecord>> QueryUserTasksAsync(TenantId tenant, UserTaskQuery query, CancellationToken cancellationToken) => inner.QueryUserTasksAsync(tenant, query, cancellationToken);

    public Task<UserTaskRecord?> GetUserTaskAsync(TenantId tenant, string taskId, CancellationToken cancellationToken) => inner.GetUserTaskAsync(tenant, taskId, cancellationToken);

    public Task<IReadOnlyList<MessageSubscriptionRecord>> FindMessageSubscriptionsAsync(TenantId tenant, string messageName, string correlationKey, CancellationToken cancellationToken) =>
        inner.FindMessageSubscriptionsAsync(tenant, messageName, correlationKey, cancellationToken);

    public Task<IReadOnlyList<ClaimedJob>> ClaimDueJobsAsync(TenantId tenant, int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken) =>
        inner.ClaimDueJobsAsync(tenant, maxCount, leaseDuration, cancellationToken);

    public Task CompleteJobAsync(TenantId tenant, JobCompletion completion, CancellationToken cancellationToken) => inner.CompleteJobAsync(tenant, completion, cancellationToken);

    public Task RetryJobAsync(TenantId tenant, JobCompletion lease, DateTimeOffset dueAt, CancellationToken cancellationToken) => inner.RetryJobAsync(tenant, lease, dueAt, cancellationToken);

    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken) => inner.ListJobsAsync(tenant, instanceId, cancellationToken);

    public Task<DateTimeOffset?> GetNextDueTimeAsync(TenantId tenant, CancellationToken cancellationToken) => inner.GetNextDueTimeAsync(tenant, cancellationToken);

    public Task<IReadOnlyList<TenantId>> ListTenantsAsync(CancellationToken cancellationToken) => inner.ListTenantsAsync(cancellationToken);

    public Task<IReadOnlyList<StartSubscriptionRecord>> FindStartSubscriptionsAsync(TenantId tenant, StartEventKind kind, string name, CancellationToken cancellationToken) =>
        inner.FindStartSubscriptionsAsync(tenant, kind, name, cancellationToken);

    public Task BufferMessageAsync(TenantId tenant, BufferedMessage message, CancellationToken cancellationToken) => inner.BufferMessageAsync(tenant, message, cancellationToken);

    public Task<IReadOnlyList<BufferedMessageRecord>> FindBufferedMessagesAsync(TenantId tenant, string messageName, string correlationKey, CancellationToken cancellationToken) =>
        inner.FindBufferedMessagesAsync(tenant, messageName, correlationKey, cancellationToken);

    public Task<int> PurgeExpiredMessagesAsync(TenantId tenant, CancellationToken cancellationToken) => inner.PurgeExpiredMessagesAsync(tenant, cancellationToken);
}
