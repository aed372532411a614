using System.Globalization;
using System.Text;
using Ocap.Workflow.History;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Sqlite.CrashChild;

/// <summary>
/// The workload both sides of the crash test agree on: an approval-like instance whose every commit appends two
/// history events, moves its open task and its escalation timer, and records the step in its state. The child
/// runs it; the test checks a file against it.
/// </summary>
public static class CrashWorkload
{
    /// <summary>The tenants the child spreads instances over.</summary>
    public static readonly TenantId[] Tenants = [TenantId.Parse("acme"), TenantId.Parse("globex")];

    /// <summary>How many commits complete an instance (the creating one included).</summary>
    public const int StepsPerInstance = 6;

    /// <summary>History events appended by each commit.</summary>
    public const int EventsPerCommit = 2;

    /// <summary>The bundle every tenant deploys (the same bytes each run, so always version 1).</summary>
    public static DeploymentBundle Bundle() => new(
        [new DeploymentArtifact("approval.bpmn", ArtifactKind.Bpmn, Encoding.UTF8.GetBytes("<definitions id='approval'/>"))],
        [new ProcessDefinitionDraft("approval", "approval.bpmn")]);

    /// <summary>The state an instance has after the commit that brought it to <paramref name="version"/>.</summary>
    public static string State(long version) => string.Create(CultureInfo.InvariantCulture, $"{{\"step\":{version}}}");

    /// <summary>The commit that moves an instance from <paramref name="version"/> (0: not yet created) to the next.</summary>
    public static StoreCommit NextCommit(string instanceId, long version, DateTimeOffset now)
    {
        var next = version + 1;
        var status = next == StepsPerInstance ? InstanceStatus.Completed : InstanceStatus.Active;
        IReadOnlyList<HistoryEventDraft> events =
        [
            new("step", now, "worker", [], State(next)),
            new("script-decision", now, "system:script", [], string.Create(CultureInfo.InvariantCulture, $"{{\"inputs\":{{\"step\":{next}}},\"output\":{next % 2}}}")),
        ];
        string Task(long v) => string.Create(CultureInfo.InvariantCulture, $"{instanceId}-t{v}");
        string Timer(long v) => string.Create(CultureInfo.InvariantCulture, $"{instanceId}-j{v}");
        var done = next == StepsPerInstance;
        var tasks = done ? Array.Empty<UserTaskEntry>() : [new UserTaskEntry(Task(next), "approve", "Approve", "(role=approver)", null, UserTaskState.Open, now)];
        var jobs = done ? Array.Empty<JobSchedule>() : [new JobSchedule(Timer(next), "timer", "escalate", now.AddDays(2))];
        return version == 0
            ? new StoreCommit(instanceId, new InstanceOrigin("approval", 1), status, State(next)) { Events = events, UpsertTasks = tasks, ScheduleJobs = jobs }
            : new StoreCommit(instanceId, version, status, State(next))
            {
                Events = events,
                UpsertTasks = tasks,
                ScheduleJobs = jobs,
                RemoveTasks = [Task(version)],
                CancelJobs = [Timer(version)],
            };
    }
}
