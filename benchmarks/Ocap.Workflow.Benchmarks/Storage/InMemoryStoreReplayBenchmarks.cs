using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Benchmarks.Runtime;
using Ocap.Workflow.History;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Storage.InMemory;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Benchmarks.Storage;

/// <summary>
/// The in-memory store's own share of the approval flow: the store calls the engine made for 1,000 instances (per
/// instance two commits of the runtime's own commit objects, two instance loads, one task query and one task read,
/// plus the deployment's reads) are recorded once, then replayed against a fresh store. One operation is one
/// instance; the engine's own work (interpreter, payloads, forms, scripts) is not in it, the history hash is.
/// </summary>
[MemoryDiagnoser]
public class InMemoryStoreReplayBenchmarks
{
    private const int Instances = 1000;
    private static readonly TenantId Tenant = TenantId.Parse("acme");
    private Func<IWorkflowStore, Task>[] _calls = [];

    [GlobalSetup]
    public void Setup()
    {
        var recorder = new RecordingStore(new InMemoryWorkflowStore());
        using var engine = new WorkflowEngine(recorder, new ApprovalFlowBenchmarks.Reviewers());
        engine.DeployAsync(Tenant, ApprovalFlowBenchmarks.Bundle(), CancellationToken.None).GetAwaiter().GetResult();
        var submission = new JsonObject { ["amount"] = 250, ["costCentre"] = "FI100", ["reason"] = "travel", ["approved"] = true, ["category"] = "travel" };
        for (var i = 0; i < Instances; i++)
        {
            engine.StartAsync(Tenant, new StartInstanceRequest("approval") { ActorId = "sam" }, CancellationToken.None).GetAwaiter().GetResult();
            var tasks = engine.ListTasksAsync(Tenant, "fiona", CancellationToken.None).GetAwaiter().GetResult();
            engine.CompleteTaskAsync(Tenant, tasks.Single().TaskId, "fiona", submission, CancellationToken.None).GetAwaiter().GetResult();
        }

        _calls = [.. recorder.Calls];
    }

    [Benchmark(OperationsPerInvoke = Instances, Description = "store calls of one approval instance, replayed")]
    public async Task Replay()
    {
        var store = new InMemoryWorkflowStore();
        foreach (var call in _calls)
        {
            await call(store);
        }
    }

    private sealed class RecordingStore(IWorkflowStore inner) : IWorkflowStore
    {
        public List<Func<IWorkflowStore, Task>> Calls { get; } = [];

        private Task<T> Record<T>(Func<IWorkflowStore, Task<T>> call)
        {
            Calls.Add(call);
            return call(inner);
        }

        private Task Record(Func<IWorkflowStore, Task> call)
        {
            Calls.Add(call);
            return call(inner);
        }

        public Task<DeploymentRecord> DeployAsync(TenantId tenant, DeploymentBundle bundle, CancellationToken cancellationToken) =>
            Record(s => s.DeployAsync(tenant, bundle, CancellationToken.None));

        public Task<DeploymentRecord?> GetDeploymentAsync(TenantId tenant, string bundleHash, CancellationToken cancellationToken) =>
            Record(s => s.GetDeploymentAsync(tenant, bundleHash, CancellationToken.None));

        public Task<StoredArtifact?> GetArtifactAsync(TenantId tenant, string hash, CancellationToken cancellationToken) =>
            Record(s => s.GetArtifactAsync(tenant, hash, CancellationToken.None));

        public Task<ProcessDefinitionRecord?> GetProcessDefinitionAsync(TenantId tenant, string processKey, int? version, CancellationToken cancellationToken) =>
            Record(s => s.GetProcessDefinitionAsync(tenant, processKey, version, CancellationToken.None));

        public Task<CommitResult> CommitAsync(TenantId tenant, StoreCommit commit, CancellationToken cancellationToken) =>
            Record(s => s.CommitAsync(tenant, commit, CancellationToken.None));

        public Task<InstanceRecord?> GetInstanceAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken) =>
            Record(s => s.GetInstanceAsync(tenant, instanceId, CancellationToken.None));

        public Task<IReadOnlyList<InstanceRecord>> QueryInstancesAsync(TenantId tenant, InstanceQuery query, CancellationToken cancellationToken) =>
            Record(s => s.QueryInstancesAsync(tenant, query, CancellationToken.None));

        public Task<InstanceHistory?> ReadHistoryAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken) =>
            Record(s => s.ReadHistoryAsync(tenant, instanceId, CancellationToken.None));

        public Task<IReadOnlyList<UserTaskRecord>> QueryUserTasksAsync(TenantId tenant, UserTaskQuery query, CancellationToken cancellationToken) =>
            Record(s => s.QueryUserTasksAsync(tenant, query, CancellationToken.None));

        public Task<UserTaskRecord?> GetUserTaskAsync(TenantId tenant, string taskId, CancellationToken cancellationToken) =>
            Record(s => s.GetUserTaskAsync(tenant, taskId, CancellationToken.None));

        public Task<IReadOnlyList<MessageSubscriptionRecord>> FindMessageSubscriptionsAsync(
            TenantId tenant, string messageName, string correlationKey, CancellationToken cancellationToken) =>
            Record(s => s.FindMessageSubscriptionsAsync(tenant, messageName, correlationKey, CancellationToken.None));

        public Task<IReadOnlyList<ClaimedJob>> ClaimDueJobsAsync(TenantId tenant, int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken) =>
            Record(s => s.ClaimDueJobsAsync(tenant, maxCount, leaseDuration, CancellationToken.None));

        public Task CompleteJobAsync(TenantId tenant, JobCompletion completion, CancellationToken cancellationToken) =>
            Record(s => s.CompleteJobAsync(tenant, completion, CancellationToken.None));

        public Task RetryJobAsync(TenantId tenant, JobCompletion lease, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
            Record(s => s.RetryJobAsync(tenant, lease, dueAt, CancellationToken.None));

        public Task<IReadOnlyList<JobRecord>> ListJobsAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken) =>
            Record(s => s.ListJobsAsync(tenant, instanceId, CancellationToken.None));

        public Task<DateTimeOffset?> GetNextDueTimeAsync(TenantId tenant, CancellationToken cancellationToken) =>
            Record(s => s.GetNextDueTimeAsync(tenant, CancellationToken.None));

        public Task<IReadOnlyList<StartSubscriptionRecord>> FindStartSubscriptionsAsync(TenantId tenant, StartEventKind kind, string name, CancellationToken cancellationToken) =>
            Record(s => s.FindStartSubscriptionsAsync(tenant, kind, name, CancellationToken.None));

        public Task BufferMessageAsync(TenantId tenant, BufferedMessage message, CancellationToken cancellationToken) =>
            Record(s => s.BufferMessageAsync(tenant, message, CancellationToken.None));

        public Task<IReadOnlyList<BufferedMessageRecord>> FindBufferedMessagesAsync(TenantId tenant, string messageName, string correlationKey, CancellationToken cancellationToken) =>
            Record(s => s.FindBufferedMessagesAsync(tenant, messageName, correlationKey, CancellationToken.None));

        public Task<int> PurgeExpiredMessagesAsync(TenantId tenant, CancellationToken cancellationToken) =>
            Record(s => s.PurgeExpiredMessagesAsync(tenant, CancellationToken.None));

        public Task<IReadOnlyList<TenantId>> ListTenantsAsync(CancellationToken cancellationToken) =>
            Record(s => s.ListTenantsAsync(CancellationToken.None));
    }
}
