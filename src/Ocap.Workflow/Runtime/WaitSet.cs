using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Storage;

namespace Ocap.Workflow.Runtime;

/// <summary>
/// What an instance state waits for, expressed as the store rows that must exist for it: user-task index rows, jobs
/// (timers, service-task calls) and message subscriptions. Every id is derived from the state (instance id plus the
/// interpreter's execution or subscription id, plus the due time for timers), so the rows a commit must add and
/// remove are exactly the difference between the wait sets before and after the step — no extra read is needed.
/// </summary>
internal sealed class WaitSet
{
    public const string TimerJob = "timer";
    public const string ServiceTaskJob = "service-task";

    // Created on first use: most wait sets hold one task row and nothing else, and each command builds two.
    private Dictionary<string, (int ExecutionId, string ElementId, Bpmn.BpmnUserTaskInfo? Assignment)>? _tasks;
    private Dictionary<string, JobSchedule>? _jobs;
    private Dictionary<string, MessageSubscription>? _subscriptions;

    /// <summary>Task-index rows by task id; <see langword="null"/> when there are none.</summary>
    public Dictionary<string, (int ExecutionId, string ElementId, Bpmn.BpmnUserTaskInfo? Assignment)>? Tasks => _tasks;

    /// <summary>Jobs by id; <see langword="null"/> when there are none.</summary>
    public Dictionary<string, JobSchedule>? Jobs => _jobs;

    /// <summary>Message subscriptions by id; <see langword="null"/> when there are none.</summary>
    public Dictionary<string, MessageSubscription>? Subscriptions => _subscriptions;

    public bool HasTask(string taskId) => _tasks?.ContainsKey(taskId) == true;

    public bool HasJob(string jobId) => _jobs?.ContainsKey(jobId) == true;

    public bool HasSubscription(string subscriptionId) => _subscriptions?.ContainsKey(subscriptionId) == true;

    public static string TaskId(string instanceId, int executionId) => instanceId + ".t" + executionId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="taskId"/> is <see cref="TaskId"/> of the instance and execution (without building it).</summary>
    public static bool IsTaskId(string taskId, string instanceId, int executionId)
    {
        Span<char> number = stackalloc char[11];
        executionId.TryFormat(number, out var digits, default, System.Globalization.CultureInfo.InvariantCulture);
        var rest = taskId.AsSpan();
        return rest.Length == instanceId.Length + 2 + digits
            && rest.StartsWith(instanceId, StringComparison.Ordinal)
            && rest.Slice(instanceId.Length, 2).SequenceEqual(".t")
            && rest[(instanceId.Length + 2)..].SequenceEqual(number[..digits]);
    }

    public static string ServiceJobId(string instanceId, int executionId) => instanceId + ".svc" + executionId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static WaitSet Of(string instanceId, BpmnInstanceState state, DeployedProcess process, DateTimeOffset now)
    {
        var set = new WaitSet();
        if (state.Status != BpmnInstanceStatus.Active)
        {
            return set;
        }

        foreach (var e in state.Executions)
        {
            if (e.Phase != "waiting")
            {
                continue;
            }

            if (process.UserTasks.ContainsKey(e.ElementId))
            {
                (set._tasks ??= new(StringComparer.Ordinal))[TaskId(instanceId, e.Id)] = (e.Id, e.ElementId, e.Assignment);
            }
            else if (process.ServiceTypes.TryGetValue(e.ElementId, out var type))
            {
                var id = ServiceJobId(instanceId, e.Id);
                (set._jobs ??= new(StringComparer.Ordinal))[id] = new JobSchedule(id, ServiceTaskJob, e.ElementId, now, HistoryPayloads.ServiceJob(type, e.Id, 0, null));
            }
        }

        foreach (var s in state.Subscriptions)
        {
            var sid = s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (s.Kind == "timer" && s.DueAt is { } due)
            {
                var id = instanceId + ".timer" + sid + "." + due.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
                (set._jobs ??= new(StringComparer.Ordinal))[id] = new JobSchedule(id, TimerJob, s.ElementId, due);
            }
            else if (s.Kind == "message" && s.Name is not null)
            {
                var id = instanceId + ".msg" + sid;
                (set._subscriptions ??= new(StringComparer.Ordinal))[id] = new MessageSubscription(id, s.Name, s.CorrelationKey ?? string.Empty, s.ElementId);
            }
        }

        return set;
    }
}
