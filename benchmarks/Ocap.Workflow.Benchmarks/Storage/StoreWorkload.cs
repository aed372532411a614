using System.Globalization;
using Ocap.Workflow.History;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Benchmarks.Storage;

/// <summary>
/// What the approval flow asks of a store per instance: a start-like commit (state, two history events, a task
/// row, an escalation timer) and a completion-like commit (state, two events, task row and timer removed,
/// status completed), each its own atomic commit.
/// </summary>
internal sealed class StoreWorkload
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private const string StartState = "{\"vars\":{\"amount\":120.5,\"costCentre\":\"CC-7\",\"employee\":\"alice\",\"reason\":\"Train to Basel\",\"date\":\"2026-03-01\"},\"tokens\":[{\"at\":\"approve\"}]}";
    private const string EndState = "{\"vars\":{\"amount\":120.5,\"costCentre\":\"CC-7\",\"employee\":\"alice\",\"reason\":\"Train to Basel\",\"date\":\"2026-03-01\",\"approved\":true},\"tokens\":[]}";
    private static readonly string ScriptHash = new('a', 64);

    private readonly IWorkflowStore _store;
    private readonly TenantId _tenant = TenantId.Parse("bench");
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private long _next;

    private StoreWorkload(IWorkflowStore store) => _store = store;

    public static async Task<StoreWorkload> CreateAsync(IWorkflowStore store)
    {
        var workload = new StoreWorkload(store);
        var bundle = new DeploymentBundle([new DeploymentArtifact("expense.bpmn", ArtifactKind.Bpmn, "<definitions id='expense'/>"u8)], [new ProcessDefinitionDraft("expense", "expense.bpmn")]);
        await store.DeployAsync(workload._tenant, bundle, CancellationToken.None);
        return workload;
    }

    /// <summary>Runs <paramref name="instances"/> instances, <paramref name="concurrency"/> at a time.</summary>
    public Task RunAsync(int instances, int concurrency)
    {
        var remaining = instances;
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await RunOneAsync();
            }
        })));
    }

    public async Task RunOneAsync()
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{_run}-{Interlocked.Increment(ref _next)}");
        var task = id + "-approve";
        var timer = id + "-escalate";
        await _store.CommitAsync(_tenant, new StoreCommit(id, new InstanceOrigin("expense", 1), InstanceStatus.Active, StartState)
        {
            Events =
            [
                new HistoryEventDraft("instance-started", At, "alice", [ScriptHash], "{\"form\":{\"amount\":120.5}}"),
                new HistoryEventDraft("task-created", At, "system", [ScriptHash], "{\"task\":\"approve\"}"),
            ],
            UpsertTasks = [new UserTaskEntry(task, "approve", "Approve expense", "(&(department=finance)(title=manager))", null, UserTaskState.Open, At, At.AddDays(2), "approval.form")],
            ScheduleJobs = [new JobSchedule(timer, "timer", "escalate", At.AddDays(2))],
        }, CancellationToken.None).ConfigureAwait(false);
        await _store.CommitAsync(_tenant, new StoreCommit(id, 1, InstanceStatus.Completed, EndState)
        {
            Events =
            [
                new HistoryEventDraft("task-completed", At, "bob", [ScriptHash], "{\"approved\":true}"),
                new HistoryEventDraft("script-decision", At, "system:script", [ScriptHash], "{\"inputs\":{\"amount\":120.5},\"output\":\"manager\"}"),
            ],
            RemoveTasks = [task],
            CancelJobs = [timer],
        }, CancellationToken.None).ConfigureAwait(false);
    }
}
