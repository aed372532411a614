using Ocap.Workflow.History;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Storage.InMemory;

/// <summary>
/// A thread-safe <see cref="IWorkflowStore"/> in process memory: for tests, samples and hosts that do not need
/// their instances to outlive the process. It honours the same contract as the durable stores.
/// </summary>
/// <remarks>
/// One lock guards every tenant's data. Each operation validates everything it will change before it changes
/// anything, so a failed commit leaves no trace; critical sections are short (no I/O), so the single lock is not
/// the bottleneck of an engine that spends its time stepping the interpreter and running scripts.
/// <para>Nothing committed is ever dropped, so the store keeps what it must keep forever compactly: history events by
/// position with raw hashes, their payloads and the state text of ended instances as UTF-8 in an append-only arena of
/// large chunks, and a waiting instance's state as the object the engine committed (its JSON is written when read).
/// About 400 B stay per completed approval instance, most of it in the arena, where the garbage collector's young
/// collections neither copy nor scan it (ADR 0007).</para>
/// </remarks>
public sealed class InMemoryWorkflowStore : IWorkflowStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TenantId, TenantData> _tenants = [];
    private readonly ByteArena _arena = new();
    private readonly HistoryHash.Hasher _hasher = new();
    private string? _lastTenant;
    private TenantData? _lastTenantData;
    private readonly System.Text.Json.Utf8JsonWriter _stateWriter = new(System.IO.Stream.Null, Bpmn.Execution.BpmnStateJsonWriter.WriterOptions);
    private Runtime.PooledBufferWriter _stateBuffer = new(1024);
    private readonly TimeProvider _time;

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock for creation times and job leases; <see cref="TimeProvider.System"/> when null.</param>
    public InMemoryWorkflowStore(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public Task<DeploymentRecord> DeployAsync(TenantId tenant, DeploymentBundle bundle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var data = GetOrAddTenant(tenant);
            if (data.Deployments.TryGetValue(bundle.Hash, out var existing))
            {
                return Task.FromResult(existing with { Created = false });
            }

            var now = _time.GetUtcNow();
            CheckStartJobIds(data, bundle);
            var processes = new List<ProcessDefinitionRecord>(bundle.Processes.Count);
            foreach (var p in bundle.Processes)
            {
                ReplaceStartTriggers(data, p, versions: data.Processes.TryGetValue(p.ProcessKey, out var known) ? known.Count + 1 : 1);
                var versions = data.Processes.TryGetValue(p.ProcessKey, out var list) ? list : data.Processes[p.ProcessKey] = [];
                var artifact = bundle.Artifacts.First(a => a.Name == p.ArtifactName);
                var record = new ProcessDefinitionRecord(p.ProcessKey, versions.Count + 1, bundle.Hash, p.ArtifactName, artifact.Hash, now);
                versions.Add(record);
                processes.Add(record);
            }

            foreach (var a in bundle.Artifacts)
            {
                data.Artifacts.TryAdd(a.Hash, new StoredArtifact(a.Hash, a.Content));
            }

            var deployment = new DeploymentRecord(
                bundle.Hash, now, [.. bundle.Artifacts.Select(a => new DeployedArtifact(a.Name, a.Kind, a.Hash, a.Content.Length))], processes, Created: true);
            data.Deployments.Add(bundle.Hash, deployment with { Created = false });
            return Task.FromResult(deployment);
        }
    }

    /// <inheritdoc />
    public Task<DeploymentRecord?> GetDeploymentAsync(TenantId tenant, string bundleHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundleHash);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(TryGetTenant(tenant, out var data) && data.Deployments.TryGetValue(bundleHash, out var d) ? d : null);
        }
    }

    /// <inheritdoc />
    public Task<StoredArtifact?> GetArtifactAsync(TenantId tenant, string hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(TryGetTenant(tenant, out var data) && data.Artifacts.TryGetValue(hash, out var a) ? a : null);
        }
    }

    /// <inheritdoc />
    public Task<ProcessDefinitionRecord?> GetProcessDefinitionAsync(TenantId tenant, string processKey, int? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // Starts look up the same definition again and again: the last answer's completed task is kept.
            var found = FindProcess(tenant, processKey, version);
            if (found is null)
            {
                return Task.FromResult<ProcessDefinitionRecord?>(null);
            }

            if (!ReferenceEquals(found, _lastDefinition?.Result))
            {
                _lastDefinition = Task.FromResult<ProcessDefinitionRecord?>(found);
            }

            return _lastDefinition!;
        }
    }

    private Task<ProcessDefinitionRecord?>? _lastDefinition;

    /// <inheritdoc />
    public Task<CommitResult> CommitAsync(TenantId tenant, StoreCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        commit.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            TryGetTenant(tenant, out var data);
            InstanceData? instance = null;
            ProcessDefinitionRecord? definition = null;
            if (commit.ExpectedVersion == 0)
            {
                if (data is not null && data.Instances.TryGetValue(commit.InstanceId, out var taken))
                {
                    throw new ConcurrencyConflictException(tenant, commit.InstanceId, 0, taken.Record.Version);
                }

                if (data is not null && data.Ended.Record(commit.InstanceId) is { } endedBefore)
                {
                    throw new ConcurrencyConflictException(tenant, commit.InstanceId, 0, endedBefore.Version);
                }

                definition = FindProcess(tenant, commit.Origin!.ProcessKey, commit.Origin.ProcessVersion)
                    ?? throw new ProcessDefinitionNotFoundException(tenant, commit.Origin.ProcessKey, commit.Origin.ProcessVersion);
            }
            else
            {
                if (data is null || !data.Instances.TryGetValue(commit.InstanceId, out instance))
                {
                    // An ended instance is taken back as a live one (added to the live table only once the commit is
                    // known to succeed).
                    instance = data?.Ended.Thaw(commit.InstanceId, out var thawed) is { } thawedRecord ? new InstanceData(thawedRecord, thawed) { WasEnded = true } : null;
                    if (instance is null)
                    {
                        throw new InstanceNotFoundException(tenant, commit.InstanceId);
                    }
                }

                if (instance.Record.Version != commit.ExpectedVersion)
                {
                    throw new ConcurrencyConflictException(tenant, commit.InstanceId, commit.ExpectedVersion, instance.Record.Version);
                }
            }

            data ??= GetOrAddTenant(tenant);
            CheckOwnership(tenant, commit, data);
            CheckMessages(tenant, commit, data, now);

            // A waiting instance keeps the runtime's state object (its text is written only if read); an ended one
            // keeps the text as UTF-8 in the arena: smaller than the object, and it takes no more commands. Written
            // first: writing the text is the one step that could still throw (a state nested past the writer's depth).
            var live = commit.Status == InstanceStatus.Active ? commit.Live : null;
            if (live is null)
            {
                WriteEndedState(commit);
            }

            // Everything is checked: from here on nothing can fail, so the commit is all or nothing.
            long version;
            IReadOnlyList<HistoryEvent> events;
            IHistoryHeadSource headSource;
            int headCount;
            if (live is null)
            {
                // Ended: kept as bytes, out of the live table (no record object is made for it).
                var fields = instance?.Record is { } previous
                    ? new EndedInstances.Fields(commit.InstanceId, previous.ProcessKey, previous.ProcessVersion, previous.BundleHash, commit.Status, previous.Version + 1, previous.CreatedAt, now)
                    : new EndedInstances.Fields(commit.InstanceId, definition!.ProcessKey, definition.Version, definition.BundleHash, commit.Status, 1, now, now);
                version = fields.Version;
                if (instance?.WasEnded == true)
                {
                    // Taken back from the ended table and ended again (the contract allows it; the engine never does it).
                    events = instance.History.Append(tenant, commit.InstanceId, commit.Events, _arena, _hasher, data.Ended.Prefixes);
                    data.Ended.Put(fields, _stateBuffer.WrittenSpan, instance.History.Events, mayBeHere: true);
                    (headSource, headCount) = (instance.History, instance.History.Count);
                }
                else
                {
                    var ended = data.Ended.End(tenant, fields, _stateBuffer.WrittenSpan, instance?.History, commit.Events, _gate);
                    events = commit.Events.Count == 0 ? [] : ended;
                    (headSource, headCount) = (ended, (instance?.History.Count ?? 0) + commit.Events.Count);
                }

                data.Instances.Remove(commit.InstanceId);
            }
            else if (instance is null)
            {
                var history = new StoredHistory();
                events = history.Append(tenant, commit.InstanceId, commit.Events, _arena, _hasher, data.Ended.Prefixes);
                (headSource, headCount) = (history, history.Count);
                version = 1;
                var record = new InstanceRecord(
                    commit.InstanceId, definition!.ProcessKey, definition.Version, definition.BundleHash, commit.Status, null!, 1, now, now, default)
                {
                    Live = live,
                    HeadHistory = history,
                    HeadCount = history.Count,
                };
                data.Instances.Add(commit.InstanceId, new InstanceData(record, history));
            }
            else
            {
                var history = instance.History;
                events = history.Append(tenant, commit.InstanceId, commit.Events, _arena, _hasher, data.Ended.Prefixes);
                (headSource, headCount) = (history, history.Count);
                version = instance.Record.Version + 1;
                instance.Record = instance.Record with
                {
                    Status = commit.Status,
                    StateJson = null!, // first: setting the text clears the kept object and bytes, set next
                    Live = live,
                    Version = version,
                    UpdatedAt = now,
                    HeadHistory = history,
                    HeadCount = history.Count,
                };
                if (instance.WasEnded)
                {
                    data.Instances.TryAdd(commit.InstanceId, instance); // a thawed instance comes back live
                }
            }

            for (var i = 0; i < commit.CancelJobs.Count; i++)
            {
                var id = commit.CancelJobs[i];
                data.Jobs.Remove(id);
            }

            for (var i = 0; i < commit.CompleteJobs.Count; i++)
            {
                var completion = commit.CompleteJobs[i];
                FinishJob(data, completion);
            }

            for (var i = 0; i < commit.ConsumeMessages.Count; i++)
            {
                var id = commit.ConsumeMessages[i];
                data.Messages.Remove(id);
            }

            for (var i = 0; i < commit.ScheduleJobs.Count; i++)
            {
                var job = commit.ScheduleJobs[i];
                var attempts = data.Jobs.TryGetValue(job.JobId, out var old) ? old.Job.Attempts : 0;
                data.Jobs[job.JobId] = new JobRow(new JobRecord(commit.InstanceId, job.JobId, job.Kind, job.ElementId, job.DueAt.ToUniversalTime(), job.PayloadJson, attempts, null), null);
            }

            for (var i = 0; i < commit.RemoveTasks.Count; i++)
            {
                var id = commit.RemoveTasks[i];
                data.Tasks.Remove(id);
                data.TaskOrder.Remove(id);
            }

            for (var i = 0; i < commit.UpsertTasks.Count; i++)
            {
                var task = commit.UpsertTasks[i];
                data.Tasks[task.TaskId] = new UserTaskRecord(commit.InstanceId, task);
                data.TaskOrder.Add(task.TaskId);
            }

            for (var i = 0; i < commit.RemoveSubscriptions.Count; i++)
            {
                var id = commit.RemoveSubscriptions[i];
                data.Subscriptions.Remove(id);
            }

            for (var i = 0; i < commit.UpsertSubscriptions.Count; i++)
            {
                var subscription = commit.UpsertSubscriptions[i];
                data.Subscriptions[subscription.SubscriptionId] = new MessageSubscriptionRecord(commit.InstanceId, subscription);
            }

            return Task.FromResult(new CommitResult(version, default, events) { HeadHistory = headSource, HeadCount = headCount });
        }
    }

    /// <summary>An ended state's JSON as UTF-8, written into one reused buffer (under the lock) for <see cref="EndedInstances.Put"/>.</summary>
    private void WriteEndedState(StoreCommit commit)
    {
        if (_stateBuffer.Capacity > 64 * 1024)
        {
            // One huge state does not keep its buffer: start small again.
            _stateBuffer.Dispose();
            _stateBuffer = new Runtime.PooledBufferWriter(1024);
        }

        if (commit.Live is { } ended)
        {
            ended.WriteUtf8Json(_stateBuffer, _stateWriter);
            return;
        }

        _stateBuffer.ResetWrittenCount();
        var text = commit.StateJson;
        _stateBuffer.Advance(System.Text.Encoding.UTF8.GetBytes(text, _stateBuffer.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length))));
    }

    /// <inheritdoc />
    public Task<InstanceRecord?> GetInstanceAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetTenant(tenant, out var data))
            {
                return Task.FromResult<InstanceRecord?>(null);
            }

            // A live record is read several times per command cycle (task list, load): its completed task is kept.
            return data.Instances.TryGetValue(instanceId, out var i) ? i.ReadTask : Task.FromResult(data.Ended.Record(instanceId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InstanceRecord>> QueryInstancesAsync(TenantId tenant, InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetTenant(tenant, out var data))
            {
                return Task.FromResult<IReadOnlyList<InstanceRecord>>([]);
            }

            IReadOnlyList<InstanceRecord> page = [.. data.Instances.Values
                .Select(i => i.Record)
                .Concat(data.Ended.Records().Where(r => !data.Instances.ContainsKey(r.InstanceId)))
                .Where(r => query.ProcessKey is null || r.ProcessKey == query.ProcessKey)
                .Where(r => query.Status is null || r.Status == query.Status)
                .Where(r => query.AfterInstanceId is null || string.CompareOrdinal(r.InstanceId, query.AfterInstanceId) > 0)
                .OrderBy(r => r.InstanceId, StringComparer.Ordinal)
                .Take(query.Limit)];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc />
    public Task<InstanceHistory?> ReadHistoryAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(!TryGetTenant(tenant, out var data) ? null
                : data.Instances.TryGetValue(instanceId, out var i) ? new InstanceHistory(i.Record.HistoryHead, i.History.ToEvents(tenant, instanceId))
                : data.Ended.History(tenant, instanceId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UserTaskRecord>> QueryUserTasksAsync(TenantId tenant, UserTaskQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetTenant(tenant, out var data))
            {
                return Task.FromResult<IReadOnlyList<UserTaskRecord>>([]);
            }

            // Walk the ids in order from the page's start and stop at the page's end: a page costs its length (plus
            // the rows the filters skip), not a sort of every open task of the tenant.
            var order = data.TaskOrder;
            if (query.AfterTaskId is { } after && order.Count > 0)
            {
                order = string.CompareOrdinal(after, order.Max) < 0 ? order.GetViewBetween(after, order.Max!) : [];
            }

            var page = new List<UserTaskRecord>(Math.Min(query.Limit, order.Count));
            foreach (var id in order)
            {
                var t = data.Tasks[id];
                if ((query.AfterTaskId is null || string.CompareOrdinal(id, query.AfterTaskId) > 0)
                    && (query.States is null || Contains(query.States, t.Task.State))
                    && (query.Assignee is null || t.Task.Assignee == query.Assignee)
                    && (query.InstanceId is null || t.InstanceId == query.InstanceId))
                {
                    page.Add(t);
                    if (page.Count == query.Limit)
                    {
                        break;
                    }
                }
            }

            return Task.FromResult<IReadOnlyList<UserTaskRecord>>(page);
        }
    }

    private static bool Contains(IReadOnlyList<UserTaskState> states, UserTaskState state)
    {
        for (var i = 0; i < states.Count; i++)
        {
            if (states[i] == state)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public Task<UserTaskRecord?> GetUserTaskAsync(TenantId tenant, string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(TryGetTenant(tenant, out var data) && data.Tasks.TryGetValue(taskId, out var t) ? t : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MessageSubscriptionRecord>> FindMessageSubscriptionsAsync(
        TenantId tenant, string messageName, string correlationKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageName);
        ArgumentNullException.ThrowIfNull(correlationKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetTenant(tenant, out var data))
            {
                return Task.FromResult<IReadOnlyList<MessageSubscriptionRecord>>([]);
            }

            IReadOnlyList<MessageSubscriptionRecord> found = [.. data.Subscriptions.Values
                .Where(s => s.Subscription.MessageName == messageName && s.Subscription.CorrelationKey == correlationKey)
                .OrderBy(s => s.Subscription.SubscriptionId, StringComparer.Ordinal)];
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ClaimedJob>> ClaimDueJobsAsync(TenantId tenant, int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetTenant(tenant, out var data))
            {
                return Task.FromResult<IReadOnlyList<ClaimedJob>>([]);
            }

            var now = _time.GetUtcNow();
            var due = data.Jobs.Values
                .Where(j => j.Job.DueAt <= now && (j.Job.LeaseExpiresAt is null || j.Job.LeaseExpiresAt <= now))
                .OrderBy(j => j.Job.DueAt)
                .ThenBy(j => j.Job.JobId, StringComparer.Ordinal)
                .Take(maxCount)
                .ToList();
            var claimed = new List<ClaimedJob>(due.Count);
            var expires = now + leaseDuration;
            foreach (var row in due)
            {
                var token = Guid.NewGuid().ToString("N");
                var job = row.Job with { LeaseExpiresAt = expires };
                data.Jobs[job.JobId] = new JobRow(job, token);
                claimed.Add(new ClaimedJob(job, token, expires));
            }

            return Task.FromResult<IReadOnlyList<ClaimedJob>>(claimed);
        }
    }

    /// <inheritdoc />
    public Task CompleteJobAsync(TenantId tenant, JobCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var data = RequireLease(tenant, completion);
            FinishJob(data, completion);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task RetryJobAsync(TenantId tenant, JobCompletion lease, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var data = RequireLease(tenant, lease);
            var row = data.Jobs[lease.JobId];
            data.Jobs[lease.JobId] = new JobRow(row.Job with { DueAt = dueAt.ToUniversalTime(), Attempts = row.Job.Attempts + 1, LeaseExpiresAt = null }, null);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetTenant(tenant, out var data))
            {
                return Task.FromResult<IReadOnlyList<JobRecord>>([]);
            }

            IReadOnlyList<JobRecord> jobs = [.. data.Jobs.Values
                .Where(j => j.Job.InstanceId == instanceId)
                .Select(j => j.Job)
                .OrderBy(j => j.JobId, StringComparer.Ordinal)];
            return Task.FromResult(jobs);
        }
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextDueTimeAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetTenant(tenant, out var data) || data.Jobs.Count == 0)
            {
                return Task.FromResult<DateTimeOffset?>(null);
            }

            return Task.FromResult<DateTimeOffset?>(data.Jobs.Values.Min(j =>
                j.Job.LeaseExpiresAt is { } lease && lease > j.Job.DueAt ? lease : j.Job.DueAt));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StartSubscriptionRecord>> FindStartSubscriptionsAsync(TenantId tenant, StartEventKind kind, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetTenant(tenant, out var data))
            {
                return Task.FromResult<IReadOnlyList<StartSubscriptionRecord>>([]);
            }

            IReadOnlyList<StartSubscriptionRecord> found = [.. data.StartSubscriptions
                .SelectMany(p => p.Value.Subscriptions.Where(s => s.Kind == kind && s.Name == name).Select(s => new StartSubscriptionRecord(p.Key, p.Value.Version, s)))
                .OrderBy(r => r.ProcessKey, StringComparer.Ordinal)
                .ThenBy(r => r.Subscription.ElementId, StringComparer.Ordinal)];
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task BufferMessageAsync(TenantId tenant, BufferedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var data = GetOrAddTenant(tenant);
            if (data.Messages.ContainsKey(message.MessageId))
            {
                throw new ArgumentException($"Tenant '{tenant}' already has a buffered message '{message.MessageId}'.", nameof(message));
            }

            data.Messages.Add(message.MessageId, new BufferedMessageRecord(message with { ExpiresAt = message.ExpiresAt.ToUniversalTime() }, _time.GetUtcNow()));
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BufferedMessageRecord>> FindBufferedMessagesAsync(TenantId tenant, string messageName, string correlationKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageName);
        ArgumentNullException.ThrowIfNull(correlationKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetTenant(tenant, out var data) || data.Messages.Count == 0)
            {
                return Task.FromResult<IReadOnlyList<BufferedMessageRecord>>([]);
            }

            var now = _time.GetUtcNow();
            IReadOnlyList<BufferedMessageRecord> found = [.. data.Messages.Values
                .Where(m => m.Message.MessageName == messageName && m.Message.CorrelationKey == correlationKey && m.Message.ExpiresAt > now)
                .OrderBy(m => m.BufferedAt)
                .ThenBy(m => m.Message.MessageId, StringComparer.Ordinal)];
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task<int> PurgeExpiredMessagesAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetTenant(tenant, out var data) || data.Messages.Count == 0)
            {
                return Task.FromResult(0);
            }

            var now = _time.GetUtcNow();
            var expired = data.Messages.Values.Where(m => m.Message.ExpiresAt <= now).Select(m => m.Message.MessageId).ToList();
            foreach (var id in expired)
            {
                data.Messages.Remove(id);
            }

            return Task.FromResult(expired.Count);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TenantId>> ListTenantsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<TenantId> tenants = [.. _tenants.Keys.OrderBy(t => t.Value, StringComparer.Ordinal)];
            return Task.FromResult(tenants);
        }
    }

    private TenantData GetOrAddTenant(TenantId tenant)
    {
        if (tenant.Value is null)
        {
            throw new ArgumentException("The tenant id is the default value; parse one with TenantId.Parse.", nameof(tenant));
        }

        if (!TryGetTenant(tenant, out var data))
        {
            data = new TenantData(_arena, _hasher);
            _tenants.Add(tenant, data);
        }

        return data;
    }

    /// <summary>
    /// The tenant's data. Commands come in runs for one tenant, so the last tenant found is checked by reference before
    /// the table (whose key hashes the name); tenants are never removed, so it never goes stale. Under the lock.
    /// </summary>
    private bool TryGetTenant(TenantId tenant, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TenantData data)
    {
        if (ReferenceEquals(tenant.Value, _lastTenant) && _lastTenantData is { } last)
        {
            data = last;
            return true;
        }

        if (!_tenants.TryGetValue(tenant, out data))
        {
            return false;
        }

        (_lastTenant, _lastTenantData) = (tenant.Value, data);
        return true;
    }

    private ProcessDefinitionRecord? FindProcess(TenantId tenant, string processKey, int? version)
    {
        if (!TryGetTenant(tenant, out var data) || !data.Processes.TryGetValue(processKey, out var versions) || versions.Count == 0)
        {
            return null;
        }

        if (version is null)
        {
            return versions[^1];
        }

        return version >= 1 && version <= versions.Count ? versions[version.Value - 1] : null;
    }

    private static void CheckOwnership(TenantId tenant, StoreCommit commit, TenantData data)
    {
        for (var i = 0; i < commit.ScheduleJobs.Count; i++)
        {
            var job = commit.ScheduleJobs[i];
            if (data.Jobs.TryGetValue(job.JobId, out var row) && row.Job.InstanceId != commit.InstanceId)
            {
                throw new StoreCommitRejectedException(tenant, commit.InstanceId, $"job '{job.JobId}' belongs to another instance.");
            }
        }

        for (var i = 0; i < commit.CancelJobs.Count; i++)
        {
            var id = commit.CancelJobs[i];
            if (!data.Jobs.TryGetValue(id, out var row) || row.Job.InstanceId != commit.InstanceId)
            {
                throw new StoreCommitRejectedException(tenant, commit.InstanceId, $"the instance has no job '{id}' to cancel.");
            }
        }

        for (var i = 0; i < commit.CompleteJobs.Count; i++)
        {
            var completion = commit.CompleteJobs[i];
            if (!data.Jobs.TryGetValue(completion.JobId, out var row) || row.LeaseToken != completion.LeaseToken)
            {
                throw new JobLeaseLostException(tenant, completion.JobId);
            }

            if (row.Job.InstanceId != commit.InstanceId && row.Job.InstanceId.Length != 0)
            {
                throw new StoreCommitRejectedException(tenant, commit.InstanceId, $"job '{completion.JobId}' belongs to another instance.");
            }
        }

        for (var i = 0; i < commit.UpsertTasks.Count; i++)
        {
            var task = commit.UpsertTasks[i];
            if (data.Tasks.TryGetValue(task.TaskId, out var row) && row.InstanceId != commit.InstanceId)
            {
                throw new StoreCommitRejectedException(tenant, commit.InstanceId, $"task '{task.TaskId}' belongs to another instance.");
            }
        }

        for (var i = 0; i < commit.RemoveTasks.Count; i++)
        {
            var id = commit.RemoveTasks[i];
            if (!data.Tasks.TryGetValue(id, out var row) || row.InstanceId != commit.InstanceId)
            {
                throw new StoreCommitRejectedException(tenant, commit.InstanceId, $"the instance has no task '{id}' to remove.");
            }
        }

        for (var i = 0; i < commit.UpsertSubscriptions.Count; i++)
        {
            var subscription = commit.UpsertSubscriptions[i];
            if (data.Subscriptions.TryGetValue(subscription.SubscriptionId, out var row) && row.InstanceId != commit.InstanceId)
            {
                throw new StoreCommitRejectedException(tenant, commit.InstanceId, $"subscription '{subscription.SubscriptionId}' belongs to another instance.");
            }
        }

        for (var i = 0; i < commit.RemoveSubscriptions.Count; i++)
        {
            var id = commit.RemoveSubscriptions[i];
            if (!data.Subscriptions.TryGetValue(id, out var row) || row.InstanceId != commit.InstanceId)
            {
                throw new StoreCommitRejectedException(tenant, commit.InstanceId, $"the instance has no subscription '{id}' to remove.");
            }
        }
    }

    /// <summary>A new bundle's start job ids must be free, except for the jobs its new versions replace.</summary>
    private static void CheckStartJobIds(TenantData data, DeploymentBundle bundle)
    {
        foreach (var p in bundle.Processes)
        {
            foreach (var job in p.StartJobs)
            {
                if (data.Jobs.TryGetValue(job.JobId, out var row) && !(row.Job.InstanceId.Length == 0 && bundle.Processes.Any(q => q.ProcessKey == row.Job.ProcessKey)))
                {
                    throw new ArgumentException($"Start job '{job.JobId}' of process '{p.ProcessKey}' reuses the id of another job.", nameof(bundle));
                }
            }
        }
    }

    /// <summary>The new version's start triggers replace every trigger the key had.</summary>
    private static void ReplaceStartTriggers(TenantData data, ProcessDefinitionDraft draft, int versions)
    {
        foreach (var id in data.Jobs.Values.Where(j => j.Job.InstanceId.Length == 0 && j.Job.ProcessKey == draft.ProcessKey).Select(j => j.Job.JobId).ToList())
        {
            data.Jobs.Remove(id);
        }

        foreach (var job in draft.StartJobs)
        {
            data.Jobs[job.JobId] = new JobRow(new JobRecord(string.Empty, job.JobId, job.Kind, job.ElementId, job.DueAt.ToUniversalTime(), job.PayloadJson, 0, null) { ProcessKey = draft.ProcessKey }, null);
        }

        data.StartSubscriptions[draft.ProcessKey] = (versions, [.. draft.StartSubscriptions]);
    }

    private static void FinishJob(TenantData data, JobCompletion completion)
    {
        if (completion.NextDueAt is { } next && data.Jobs.TryGetValue(completion.JobId, out var row))
        {
            data.Jobs[completion.JobId] = new JobRow(row.Job with { DueAt = next.ToUniversalTime(), Attempts = 0, LeaseExpiresAt = null }, null);
        }
        else
        {
            data.Jobs.Remove(completion.JobId);
        }
    }

    private static void CheckMessages(TenantId tenant, StoreCommit commit, TenantData data, DateTimeOffset now)
    {
        for (var i = 0; i < commit.ConsumeMessages.Count; i++)
        {
            var id = commit.ConsumeMessages[i];
            if (!data.Messages.TryGetValue(id, out var message) || message.Message.ExpiresAt <= now)
            {
                throw new ConcurrencyConflictException(tenant, commit.InstanceId, commit.ExpectedVersion, $"buffered message '{id}' was consumed by another commit or has expired.");
            }
        }
    }

    private TenantData RequireLease(TenantId tenant, JobCompletion lease)
    {
        if (!TryGetTenant(tenant, out var data) || !data.Jobs.TryGetValue(lease.JobId, out var row) || row.LeaseToken != lease.LeaseToken)
        {
            throw new JobLeaseLostException(tenant, lease.JobId);
        }

        return data;
    }

    private sealed class TenantData(ByteArena arena, HistoryHash.Hasher hasher)
    {
        /// <summary>Ended instances, kept as bytes (<see cref="EndedInstances"/>); <see cref="Instances"/> holds the others.</summary>
        public EndedInstances Ended { get; } = new(arena, hasher);

        public Dictionary<string, StoredArtifact> Artifacts { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, DeploymentRecord> Deployments { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<ProcessDefinitionRecord>> Processes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, InstanceData> Instances { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, JobRow> Jobs { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, UserTaskRecord> Tasks { get; } = new(StringComparer.Ordinal);

        /// <summary>The ids of <see cref="Tasks"/> in ordinal order, for paging.</summary>
        public SortedSet<string> TaskOrder { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, MessageSubscriptionRecord> Subscriptions { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (int Version, List<StartSubscription> Subscriptions)> StartSubscriptions { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, BufferedMessageRecord> Messages { get; } = new(StringComparer.Ordinal);
    }

    private sealed class InstanceData(InstanceRecord record, StoredHistory history)
    {
        private InstanceRecord _record = record;
        private Task<InstanceRecord?>? _readTask;

        public InstanceRecord Record
        {
            get => _record;
            set
            {
                _record = value;
                _readTask = null;
            }
        }

        /// <summary>A completed task of <see cref="Record"/>, made on the first read of this record and kept until it changes.</summary>
        public Task<InstanceRecord?> ReadTask => _readTask ??= Task.FromResult<InstanceRecord?>(_record);

        public StoredHistory History { get; } = history;

        /// <summary>Whether it was ended and taken back (so <see cref="TenantData.Ended"/> still has a record of it).</summary>
        public bool WasEnded { get; init; }
    }

    private sealed record JobRow(JobRecord Job, string? LeaseToken);
}
