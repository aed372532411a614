using Ocap.Workflow.History;

namespace Ocap.Workflow.Storage;

/// <summary>
/// Everything one command changes, written by <see cref="IWorkflowStore.CommitAsync"/> as one atomic unit:
/// the instance's new state (checked against the version the command loaded), the history events it appends,
/// the jobs it schedules, cancels or completes, the task-index rows and message subscriptions it changes.
/// Either all of it is stored, or none of it.
/// </summary>
/// <remarks>
/// Jobs, tasks and subscriptions written here belong to the commit's instance. Removing one the instance does not
/// have, or reusing an id another instance owns, rejects the whole commit
/// (<see cref="StoreCommitRejectedException"/>). The one exception: <see cref="CompleteJobs"/> may name a
/// process-level job (a timer start event), whose firing is the commit that creates an instance.
/// </remarks>
public sealed class StoreCommit
{
    /// <summary>A commit that creates an instance (it fails with a conflict if the id is taken).</summary>
    /// <param name="instanceId">The new instance's id.</param>
    /// <param name="origin">The process version it runs; it must be deployed in the tenant.</param>
    /// <param name="status">Its status after the first step.</param>
    /// <param name="stateJson">Its state after the first step, as JSON.</param>
    /// <exception cref="ArgumentException">The id is empty or too long, the origin is incomplete, or the state is not JSON.</exception>
    public StoreCommit(string instanceId, InstanceOrigin origin, InstanceStatus status, string stateJson)
        : this(instanceId, 0, status, stateJson, origin)
    {
    }

    /// <summary>A commit that changes an existing instance loaded at <paramref name="expectedVersion"/>.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="expectedVersion">The version the command loaded (1 or more).</param>
    /// <param name="status">Its status after the step.</param>
    /// <param name="stateJson">Its state after the step, as JSON.</param>
    /// <exception cref="ArgumentException">The id is empty or too long, the version is below 1, or the state is not JSON.</exception>
    public StoreCommit(string instanceId, long expectedVersion, InstanceStatus status, string stateJson)
        : this(instanceId, expectedVersion, status, stateJson, null)
    {
    }

    /// <summary>
    /// A commit of a state the runtime produced itself, so it is not re-parsed to prove it is JSON (every other check is
    /// made): either held as an object (<paramref name="live"/>, see <see cref="LiveState"/>; its JSON is written only if
    /// the store asks for <see cref="StateJson"/>, by the runtime's own serializer), or text the runtime read from the
    /// store (<paramref name="serializedState"/>, a command that left the state as it was). Exactly one is given.
    /// </summary>
    internal StoreCommit(string instanceId, long expectedVersion, InstanceOrigin? origin, InstanceStatus status, LiveState? live, string? serializedState)
        : this(instanceId, expectedVersion, status, serializedState ?? string.Empty, origin, checkJson: false)
    {
        if ((live is null) == (serializedState is null))
        {
            throw new ArgumentException("Give the state either as an object or as text.", nameof(live));
        }

        _stateJson = serializedState;
        Live = live;
    }

    private StoreCommit(string instanceId, long expectedVersion, InstanceStatus status, string stateJson, InstanceOrigin? origin, bool checkJson = true)
    {
        StoreIds.EnsureValid(instanceId, nameof(instanceId));
        if (!Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown instance status.");
        }

        if (origin is null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(expectedVersion, 1);
        }
        else
        {
            ArgumentException.ThrowIfNullOrEmpty(origin.ProcessKey, nameof(origin));
            ArgumentOutOfRangeException.ThrowIfLessThan(origin.ProcessVersion, 1, nameof(origin));
        }

        if (checkJson)
        {
            JsonText.EnsureValid(stateJson, nameof(stateJson));
        }
        else
        {
            ArgumentNullException.ThrowIfNull(stateJson);
        }

        InstanceId = instanceId;
        ExpectedVersion = expectedVersion;
        Origin = origin;
        Status = status;
        _stateJson = stateJson;
    }

    /// <summary>The instance the commit is for.</summary>
    public string InstanceId { get; }

    /// <summary>The version the instance must be at; 0 for a commit that creates it.</summary>
    public long ExpectedVersion { get; }

    /// <summary>For a creating commit, the process version the instance runs; otherwise <see langword="null"/>.</summary>
    public InstanceOrigin? Origin { get; }

    /// <summary>The instance's status after the step.</summary>
    public InstanceStatus Status { get; }

    /// <summary>The instance's state after the step, as JSON text.</summary>
    public string StateJson => _stateJson ??= Live!.Json;

    /// <summary>The state as the runtime's object, when it committed one (see <see cref="LiveState"/>).</summary>
    internal LiveState? Live { get; }

    private string? _stateJson;

    /// <summary>History events to append, in order.</summary>
    public IReadOnlyList<HistoryEventDraft> Events { get; init; } = [];

    /// <summary>Jobs to schedule (or reschedule, when the instance already has the id).</summary>
    public IReadOnlyList<JobSchedule> ScheduleJobs { get; init; } = [];

    /// <summary>Ids of the instance's jobs to remove without running them (e.g. a boundary timer whose task completed).</summary>
    public IReadOnlyList<string> CancelJobs { get; init; } = [];

    /// <summary>Claimed jobs whose effect this commit is; each is removed only if its lease is still held, else the commit fails.</summary>
    public IReadOnlyList<JobCompletion> CompleteJobs { get; init; } = [];

    /// <summary>Task-index rows to insert or replace.</summary>
    public IReadOnlyList<UserTaskEntry> UpsertTasks { get; init; } = [];

    /// <summary>Ids of the instance's task-index rows to remove.</summary>
    public IReadOnlyList<string> RemoveTasks { get; init; } = [];

    /// <summary>Message subscriptions to insert or replace.</summary>
    public IReadOnlyList<MessageSubscription> UpsertSubscriptions { get; init; } = [];

    /// <summary>Ids of the instance's message subscriptions to remove.</summary>
    public IReadOnlyList<string> RemoveSubscriptions { get; init; } = [];

    /// <summary>
    /// Buffered messages (<see cref="BufferedMessage"/>) this step received; each is removed. If one is gone (consumed
    /// by another commit) or expired by the store clock, the whole commit fails with
    /// <see cref="ConcurrencyConflictException"/>, so a buffered message is received exactly once.
    /// </summary>
    public IReadOnlyList<string> ConsumeMessages { get; init; } = [];

    /// <summary>
    /// Checks the lists set through initializers: every row well formed, no id named twice. Stores call it before
    /// they touch anything, so that a malformed commit fails whole.
    /// </summary>
    /// <exception cref="ArgumentException">A row is malformed or an id is named twice.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Events, nameof(Events));
        ArgumentNullException.ThrowIfNull(ScheduleJobs, nameof(ScheduleJobs));
        ArgumentNullException.ThrowIfNull(CancelJobs, nameof(CancelJobs));
        ArgumentNullException.ThrowIfNull(CompleteJobs, nameof(CompleteJobs));
        ArgumentNullException.ThrowIfNull(UpsertTasks, nameof(UpsertTasks));
        ArgumentNullException.ThrowIfNull(RemoveTasks, nameof(RemoveTasks));
        ArgumentNullException.ThrowIfNull(UpsertSubscriptions, nameof(UpsertSubscriptions));
        ArgumentNullException.ThrowIfNull(RemoveSubscriptions, nameof(RemoveSubscriptions));
        ArgumentNullException.ThrowIfNull(ConsumeMessages, nameof(ConsumeMessages));
        for (var i = 0; i < Events.Count; i++)
        {
            var e = Events[i];
            ArgumentNullException.ThrowIfNull(e, nameof(Events));
        }

        // Sets only when a list could hold a duplicate: most commits name at most one job, task and subscription.
        var jobs = ScheduleJobs.Count + CancelJobs.Count + CompleteJobs.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < ScheduleJobs.Count; i++)
        {
            var job = ScheduleJobs[i];
            ArgumentNullException.ThrowIfNull(job, nameof(ScheduleJobs));
            job.Validate();
            EnsureUnique(jobs, job.JobId, "job");
        }

        for (var i = 0; i < CancelJobs.Count; i++)
        {
            var id = CancelJobs[i];
            StoreIds.EnsureValid(id, nameof(CancelJobs));
            EnsureUnique(jobs, id, "job");
        }

        for (var i = 0; i < CompleteJobs.Count; i++)
        {
            var completion = CompleteJobs[i];
            ArgumentNullException.ThrowIfNull(completion, nameof(CompleteJobs));
            StoreIds.EnsureValid(completion.JobId, nameof(CompleteJobs));
            ArgumentNullException.ThrowIfNull(completion.LeaseToken, nameof(CompleteJobs));
            EnsureUnique(jobs, completion.JobId, "job");
        }

        var tasks = UpsertTasks.Count + RemoveTasks.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < UpsertTasks.Count; i++)
        {
            var task = UpsertTasks[i];
            ArgumentNullException.ThrowIfNull(task, nameof(UpsertTasks));
            task.Validate();
            EnsureUnique(tasks, task.TaskId, "task");
        }

        for (var i = 0; i < RemoveTasks.Count; i++)
        {
            var id = RemoveTasks[i];
            StoreIds.EnsureValid(id, nameof(RemoveTasks));
            EnsureUnique(tasks, id, "task");
        }

        var subscriptions = UpsertSubscriptions.Count + RemoveSubscriptions.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < UpsertSubscriptions.Count; i++)
        {
            var subscription = UpsertSubscriptions[i];
            ArgumentNullException.ThrowIfNull(subscription, nameof(UpsertSubscriptions));
            subscription.Validate();
            EnsureUnique(subscriptions, subscription.SubscriptionId, "subscription");
        }

        for (var i = 0; i < RemoveSubscriptions.Count; i++)
        {
            var id = RemoveSubscriptions[i];
            StoreIds.EnsureValid(id, nameof(RemoveSubscriptions));
            EnsureUnique(subscriptions, id, "subscription");
        }

        var messages = ConsumeMessages.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < ConsumeMessages.Count; i++)
        {
            var id = ConsumeMessages[i];
            StoreIds.EnsureValid(id, nameof(ConsumeMessages));
            EnsureUnique(messages, id, "buffered message");
        }
    }

    private static void EnsureUnique(HashSet<string>? seen, string id, string what)
    {
        if (seen is not null && !seen.Add(id))
        {
            throw new ArgumentException($"The commit names {what} '{id}' more than once.");
        }
    }
}

/// <summary>The process version a new instance runs.</summary>
/// <param name="ProcessKey">The process key.</param>
/// <param name="ProcessVersion">The version (1 or more).</param>
public sealed record InstanceOrigin(string ProcessKey, int ProcessVersion);

/// <summary>What a commit stored.</summary>
/// <param name="Version">The instance's version after the commit.</param>
/// <param name="HistoryHead">The instance's history head after the commit.</param>
/// <param name="Events">The history events appended, with their sequence numbers and hashes.</param>
public sealed record CommitResult(long Version, HistoryHead HistoryHead, IReadOnlyList<HistoryEvent> Events)
{
    private HistoryHead _historyHead = HistoryHead;

    /// <summary>The instance's history head after the commit.</summary>
    public HistoryHead HistoryHead
    {
        get => HeadHistory is { } history ? history.HeadAt(HeadCount) : _historyHead;
        init
        {
            _historyHead = value;
            HeadHistory = null;
        }
    }

    /// <summary>
    /// Where the in-memory store keeps the instance's history, whose first <see cref="HeadCount"/> events were the
    /// whole chain after this commit: the head's text is written when read (most callers never read it), not at
    /// every commit.
    /// </summary>
    internal InMemory.IHistoryHeadSource? HeadHistory { get; init; }

    /// <summary>The number of events of <see cref="HeadHistory"/> the head is the last of.</summary>
    internal int HeadCount { get; init; }

    /// <summary>Equal when the version, the head and the event list (by reference, as the default record equality) are.</summary>
    public bool Equals(CommitResult? other) =>
        other is not null && Version == other.Version && HistoryHead == other.HistoryHead
        && EqualityComparer<IReadOnlyList<HistoryEvent>>.Default.Equals(Events, other.Events);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Version, HistoryHead, Events);
}
