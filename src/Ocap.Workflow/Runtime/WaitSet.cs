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

    // Created on first use: most wait sets hold one task row and nothing else, and each command builds two. Tasks are
    // kept by execution id, in the state's order: both sets of a command belong to one instance, so the execution id
    // alone tells two tasks apart, and a task's id string is built only for a row that is added or removed.
    private WaitingTask[]? _tasks;
    private HashSet<int>? _taskExecutions;
    private Dictionary<string, JobSchedule>? _jobs;
    private Dictionary<string, MessageSubscription>? _subscriptions;

    /// <summary>The executions waiting at user tasks (one task-index row each), in the state's order; <see langword="null"/> when there are none.</summary>
    public WaitingTask[]? Tasks => _tasks;

    /// <summary>Jobs by id; <see langword="null"/> when there are none.</summary>
    public Dictionary<string, JobSchedule>? Jobs => _jobs;

    /// <summary>Message subscriptions by id; <see langword="null"/> when there are none.</summary>
    public Dictionary<string, MessageSubscription>? Subscriptions => _subscriptions;

    /// <summary>Whether the execution waits at a user task in this set.</summary>
    public bool HasTask(int executionId)
    {
        if (_tasks is not { } tasks)
        {
            return false;
        }

        // A handful of tasks is scanned; many parallel ones (a multi-instance body) get a set once.
        if (tasks.Length <= 8)
        {
            foreach (var task in tasks)
            {
                if (task.ExecutionId == executionId)
                {
                    return true;
                }
            }

            return false;
        }

        if (_taskExecutions is null)
        {
            var set = new HashSet<int>(tasks.Length);
            foreach (var task in tasks)
            {
                set.Add(task.ExecutionId);
            }

            _taskExecutions = set;
        }

        return _taskExecutions.Contains(executionId);
    }

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

        // Sized once: the waiting user tasks are counted first.
        var taskCount = 0;
        foreach (var e in state.Executions)
        {
            if (e.Phase == "waiting" && process.UserTasks.ContainsKey(e.ElementId))
            {
                taskCount++;
            }
        }

        var filled = 0;
        foreach (var e in state.Executions)
        {
            if (e.Phase != "waiting")
            {
                continue;
            }

            if (process.UserTasks.ContainsKey(e.ElementId))
            {
                (set._tasks ??= new WaitingTask[taskCount])[filled++] = new WaitingTask(e.Id, e.ElementId, e.Assignment);
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

/// <summary>An execution waiting at a user task: the task-index row its instance must have.</summary>
/// <param name="ExecutionId">The waiting execution (the task id is <see cref="WaitSet.TaskId"/> of the instance and it).</param>
/// <param name="ElementId">The user task element.</param>
/// <param name="Assignment">The assignment the interpreter evaluated, for a Camunda 8 FEEL assignment.</param>
internal readonly record struct WaitingTask(int ExecutionId, string ElementId, Bpmn.BpmnUserTaskInfo? Assignment);
