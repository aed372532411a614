using System.Text.Json.Nodes;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Forms;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

public sealed partial class WorkflowEngine
{
    /// <summary>Starts an instance and runs it until it waits or ends, in one commit.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="request">The process, version, variables and start form submission.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>The instance after its first step.</returns>
    /// <exception cref="ProcessDefinitionNotFoundException">The tenant has no such process (or version).</exception>
    /// <exception cref="TaskSubmissionInvalidException">The start form submission is invalid.</exception>
    /// <exception cref="ArgumentException">A start form submission was given but the start event has no form, or the variables hold text that is not valid Unicode (an escape of half a surrogate pair).</exception>
    /// <exception cref="FormDataException">The start form submission cannot be bound to the form or holds such text; its path is named.</exception>
    public async Task<WorkflowInstance> StartAsync(TenantId tenant, StartInstanceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.ProcessKey);
        using var activity = _telemetry.StartCommand("start");
        var definition = await _store.GetProcessDefinitionAsync(tenant, request.ProcessKey, request.Version, cancellationToken).ConfigureAwait(false)
            ?? throw new ProcessDefinitionNotFoundException(tenant, request.ProcessKey, request.Version);
        var bundle = await BundleAsync(tenant, definition.BundleHash, cancellationToken).ConfigureAwait(false);
        var process = bundle.Processes[definition.ProcessKey];
        var variables = request.Variables;
        string? formHash = null;
        if (request.StartFormData is not null)
        {
            var form = process.StartForm
                ?? throw new ArgumentException($"Process '{request.ProcessKey}' has no start form, so no start form submission can be accepted.", nameof(request));
            var validation = await form.Validator.ValidateAsync(ToElement(request.StartFormData) ?? default, _formScripts, cancellationToken).ConfigureAwait(false);
            if (!validation.IsValid)
            {
                throw new TaskSubmissionInvalidException(request.ProcessKey, form.Key, validation.Errors);
            }

            variables = Merge(variables, validation.DataUnsafe); // Merge copies
            formHash = form.ArtifactHash;
        }

        return await StartCoreAsync(tenant, definition, bundle, process, variables, null, request.ActorId, formHash, [], null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates an instance at a start event (the none start event when <paramref name="startEventId"/> is null) in one
    /// commit, which also finishes the timer start job that fired it, if any, and consumes buffered messages the first
    /// step's subscriptions receive. Re-run when a buffered message was taken by another command first.
    /// </summary>
    private async ValueTask<WorkflowInstance> StartCoreAsync(
        TenantId tenant, ProcessDefinitionRecord definition, DeployedBundle bundle, DeployedProcess process, JsonObject? variables, string? startEventId,
        string actorId, string? formHash, KeyValuePair<string, string?>[] trigger, JobCompletion? startJob, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = _time.GetUtcNow();
            var instanceId = _ids.Next();
            var step = Start(bundle, process, ToVariables(variables), now, startEventId, out var decisions);
            KeyValuePair<string, string?>[] fields = [new("processKey", process.Key), new("version", definition.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. trigger];
            var plan = new Plan { State = step.State };
            plan.AddEvents(HistoryOf(bundle, process, "instance-started", actorId, fields, variables, step, decisions, formHash, now));
            if (startJob is not null)
            {
                plan.CompleteJobs.Add(startJob);
            }

            plan = await FinishStepAsync(tenant, bundle, process, null, plan, cancellationToken).ConfigureAwait(false);
            var after = WaitSet.Of(instanceId, plan.State, process, now);
            var (tasks, _, jobs, _, subs, _) = Diff(instanceId, process, null, after, plan, now, _options);
            var status = StatusOf(plan.State);
            var commit = new StoreCommit(instanceId, 0, new InstanceOrigin(definition.ProcessKey, definition.Version), status, new LiveState(plan.State), null)
            {
                Events = plan.EventsOrEmpty,
                UpsertTasks = tasks,
                ScheduleJobs = jobs,
                UpsertSubscriptions = subs,
                CompleteJobs = plan.CompleteJobsOrEmpty,
                ConsumeMessages = plan.ConsumeMessages,
            };
            CommitResult result;
            try
            {
                result = await _store.CommitAsync(tenant, commit, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException) when (plan.ConsumeMessages.Count > 0 && attempt < _options.MaxConflictRetries)
            {
                continue;
            }

            _telemetry.InstanceStarted();
            if (status == InstanceStatus.Completed)
            {
                _telemetry.InstanceCompleted();
            }

            return ToInstance(instanceId, definition.ProcessKey, definition.Version, status, plan.State, result.Version, []);
        }
    }

    /// <summary>An instance.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="InstanceNotFoundException">The tenant has no such instance.</exception>
    public async Task<WorkflowInstance> GetInstanceAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var record = await _store.GetInstanceAsync(tenant, instanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new InstanceNotFoundException(tenant, instanceId);
        var jobs = await _store.ListJobsAsync(tenant, instanceId, cancellationToken).ConfigureAwait(false);
        var incidents = jobs.Where(j => j.DueAt == DateTimeOffset.MaxValue).Select(j => IncidentText(j)).ToList();
        return ToInstance(record.InstanceId, record.ProcessKey, record.ProcessVersion, record.Status, BpmnInstanceState.FromJson(record.StateJson), record.Version, incidents);
    }

    /// <summary>A page of the tenant's instances, in ordinal order of id.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="query">Which instances (process, status, page).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<WorkflowInstance>> QueryInstancesAsync(TenantId tenant, InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var records = await _store.QueryInstancesAsync(tenant, query, cancellationToken).ConfigureAwait(false);
        return records.Select(r => ToInstance(r.InstanceId, r.ProcessKey, r.ProcessVersion, r.Status, BpmnInstanceState.FromJson(r.StateJson), r.Version, [])).ToList();
    }

    /// <summary>Cancels an active instance: its tasks, timers, jobs and subscriptions are removed in the same commit.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="actorId">Who cancels it (recorded in history).</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <exception cref="InstanceNotFoundException">The tenant has no such instance.</exception>
    /// <exception cref="InstanceNotActiveException">The instance has already ended.</exception>
    public async Task CancelAsync(TenantId tenant, string instanceId, string actorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actorId);
        await RunAsync(tenant, instanceId, "instance-cancelled", (loaded, _) =>
        {
            EnsureActive(loaded);
            var state = loaded.State.Clone();
            state.Status = BpmnInstanceStatus.Terminated;
            state.Executions.Clear();
            state.Subscriptions.Clear();
            var plan = new Plan { State = state, Status = InstanceStatus.Cancelled };
            plan.AddEvents(HistoryOf(loaded.Bundle, loaded.Process, "instance-cancelled", actorId, [], null, null, null, null, _time.GetUtcNow()));
            return ValueTask.FromResult((plan, true));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Delivers a message within the tenant, without a time-to-live (see
    /// <see cref="CorrelateMessageAsync(TenantId, MessageCorrelation, CancellationToken)"/> for the rules).
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="messageName">The message name.</param>
    /// <param name="correlationKey">The correlation key (empty matches subscriptions without a key).</param>
    /// <param name="variables">Variables the message carries, or <see langword="null"/>.</param>
    /// <param name="actorId">Who sends it (recorded in history).</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>The id of the instance that received the message, or that its message start event started.</returns>
    /// <exception cref="MessageNotCorrelatedException">No instance of the tenant waits for it and no process starts with it.</exception>
    public async Task<string> CorrelateMessageAsync(
        TenantId tenant, string messageName, string correlationKey, JsonObject? variables, string actorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actorId);
        var result = await CorrelateMessageAsync(tenant, new MessageCorrelation(messageName, correlationKey) { Variables = variables, ActorId = actorId }, cancellationToken)
            .ConfigureAwait(false);
        return result.InstanceId!;
    }

    /// <summary>
    /// Delivers a message within the tenant. Precedence, as in Camunda 7: (1) an instance waiting for it (name and
    /// correlation key; the first subscription in id order) receives it; otherwise (2) a message start event of the
    /// latest version of a process starts a new instance with the message's variables (the correlation key is
    /// recorded, not matched); otherwise (3) with a <see cref="MessageCorrelation.TimeToLive"/>, the message is kept
    /// until it expires and the first instance that later opens a matching subscription receives it, exactly once, in
    /// the commit that opened it; otherwise (4) it is refused.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="message">The message, its variables, sender and time-to-live.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>What happened, and the instance or buffered message concerned.</returns>
    /// <exception cref="MessageNotCorrelatedException">Nothing receives the message and it has no time-to-live.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The time-to-live is zero or negative.</exception>
    public async Task<MessageCorrelationResult> CorrelateMessageAsync(TenantId tenant, MessageCorrelation message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.MessageName, nameof(message));
        ArgumentNullException.ThrowIfNull(message.CorrelationKey, nameof(message));
        ArgumentNullException.ThrowIfNull(message.ActorId, nameof(message));
        if (message.TimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(message), ttl, "The time-to-live must be more than zero (leave it null for no buffering).");
        }

        var messageName = message.MessageName;
        var correlationKey = message.CorrelationKey;
        var variables = message.Variables;
        var actorId = message.ActorId;
        for (var attempt = 0; ; attempt++)
        {
            var subscriptions = await _store.FindMessageSubscriptionsAsync(tenant, messageName, correlationKey, cancellationToken).ConfigureAwait(false);
            if (subscriptions.Count == 0)
            {
                return await StartOrBufferAsync(tenant, message, cancellationToken).ConfigureAwait(false);
            }

            var instanceId = subscriptions[0].InstanceId;
            var (_, _, handled) = await RunAsync(tenant, instanceId, "message-correlated", (loaded, _) =>
            {
                var now = _time.GetUtcNow();
                if (loaded.State.Status != BpmnInstanceStatus.Active)
                {
                    return ValueTask.FromResult((new Plan { State = loaded.State, StateChanged = false }, false));
                }

                var command = new CorrelateMessage(messageName, correlationKey.Length == 0 ? null : correlationKey, ToVariables(variables)) { At = now };
                var step = Apply(loaded.Bundle, loaded.Process, loaded.State, command, out var decisions);
                if (!step.Handled)
                {
                    return ValueTask.FromResult((new Plan { State = loaded.State, StateChanged = false }, false));
                }

                var plan = new Plan { State = step.State, At = now };
                plan.AddEvents(HistoryOf(loaded.Bundle, loaded.Process, "message-correlated", actorId,
                    [new("message", messageName), new("correlationKey", correlationKey)], variables, step, decisions, null, now));
                return ValueTask.FromResult((plan, step.Handled));
            }, cancellationToken).ConfigureAwait(false);
            if (handled)
            {
                return new MessageCorrelationResult(MessageCorrelationOutcome.Correlated, instanceId, null);
            }

            if (attempt >= _options.MaxConflictRetries)
            {
                throw new MessageNotCorrelatedException(tenant, messageName, correlationKey);
            }
        }
    }

    private async Task<MessageCorrelationResult> StartOrBufferAsync(TenantId tenant, MessageCorrelation message, CancellationToken cancellationToken)
    {
        if (await StartByMessageAsync(tenant, message, cancellationToken).ConfigureAwait(false) is { } started)
        {
            return new MessageCorrelationResult(MessageCorrelationOutcome.InstanceStarted, started, null);
        }

        if (message.TimeToLive is not { } ttl)
        {
            throw new MessageNotCorrelatedException(tenant, message.MessageName, message.CorrelationKey);
        }

        var now = _time.GetUtcNow();
        var expires = ttl >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + ttl;
        var id = _ids.Next();
        await _store.BufferMessageAsync(tenant, new BufferedMessage(
            id, message.MessageName, message.CorrelationKey, Normalize(message.Variables)?.ToJsonString() ?? "{}", expires, message.ActorId), cancellationToken).ConfigureAwait(false);
        return new MessageCorrelationResult(MessageCorrelationOutcome.Buffered, null, id);
    }

    /// <summary>
    /// Broadcasts a signal to every active instance of the tenant that waits for it, then starts one instance of each
    /// process whose latest version has a signal start event for it. Each instance is its own command and commit; the
    /// tenant's active instances are scanned, so this is an operation for rare events.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="signalName">The signal name.</param>
    /// <param name="variables">Variables the signal carries, or <see langword="null"/>.</param>
    /// <param name="actorId">Who throws it (recorded in history).</param>
    /// <param name="cancellationToken">Cancels between instances.</param>
    /// <returns>How many instances received the signal, the ones it started included.</returns>
    public async Task<int> BroadcastSignalAsync(TenantId tenant, string signalName, JsonObject? variables, string actorId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(signalName);
        ArgumentNullException.ThrowIfNull(actorId);
        var received = 0;
        string? after = null;
        while (true)
        {
            var page = await _store.QueryInstancesAsync(tenant, new InstanceQuery(Status: InstanceStatus.Active, AfterInstanceId: after, Limit: 500), cancellationToken).ConfigureAwait(false);
            foreach (var record in page)
            {
                if (!BpmnInstanceState.FromJson(record.StateJson).Subscriptions.Any(s => s.Kind == "signal" && s.Name == signalName))
                {
                    continue;
                }

                var (_, _, handled) = await RunAsync(tenant, record.InstanceId, "signal-received", (loaded, _) =>
                {
                    var now = _time.GetUtcNow();
                    if (loaded.State.Status != BpmnInstanceStatus.Active || !loaded.State.Subscriptions.Any(s => s.Kind == "signal" && s.Name == signalName))
                    {
                        return ValueTask.FromResult((new Plan { State = loaded.State, StateChanged = false }, false));
                    }

                    var step = Apply(loaded.Bundle, loaded.Process, loaded.State, new BroadcastSignal(signalName, ToVariables(variables)) { At = now }, out var decisions);
                    if (!step.Handled)
                    {
                        return ValueTask.FromResult((new Plan { State = loaded.State, StateChanged = false }, false));
                    }

                    var plan = new Plan { State = step.State, At = now };
                    plan.AddEvents(HistoryOf(loaded.Bundle, loaded.Process, "signal-received", actorId, [new("signal", signalName)], variables, step, decisions, null, now));
                    return ValueTask.FromResult((plan, step.Handled));
                }, cancellationToken).ConfigureAwait(false);
                received += handled ? 1 : 0;
            }

            if (page.Count < 500)
            {
                break;
            }

            after = page[^1].InstanceId;
        }

        // After the waiting instances, so that an instance the signal starts does not receive it a second time.
        return received + await StartBySignalAsync(tenant, signalName, variables, actorId, cancellationToken).ConfigureAwait(false);
    }

    private static void EnsureActive(Loaded loaded)
    {
        if (loaded.Record.Status != InstanceStatus.Active || loaded.State.Status != BpmnInstanceStatus.Active)
        {
            throw new InstanceNotActiveException(loaded.Record.InstanceId, loaded.Record.Status == InstanceStatus.Cancelled ? "cancelled" : loaded.State.Status);
        }
    }

    private static WorkflowInstance ToInstance(
        string id, string key, int version, InstanceStatus status, BpmnInstanceState state, long storeVersion, IReadOnlyList<string> serviceIncidents)
    {
        IReadOnlyList<string> incidents = state.Incidents.Count == 0 && serviceIncidents.Count == 0
            ? []
            : state.Incidents.Select(i => $"{i.ElementId}: {i.Message}").Concat(serviceIncidents).ToList();
        return new WorkflowInstance(id, key, version, status, status == InstanceStatus.Cancelled ? "cancelled" : state.Status, VariablesOf(state), storeVersion, incidents);
    }

    /// <summary>The process-level variables (the final ones once the instance has ended), as a copy.</summary>
    private static JsonObject VariablesOf(BpmnInstanceState state)
    {
        Dictionary<string, System.Text.Json.JsonElement>? source = state.FinalVariables;
        foreach (var e in state.Executions)
        {
            if (e.ParentId is null)
            {
                source = e.Variables ?? state.FinalVariables;
                break;
            }
        }

        var variables = new JsonObject();
        if (source is null)
        {
            return variables;
        }

        // Nodes over the state's own (immutable) elements: what parsing each value's text gives, without the text.
        foreach (var (name, value) in source)
        {
            variables[name] = value.ValueKind switch
            {
                System.Text.Json.JsonValueKind.Object => JsonObject.Create(value),
                System.Text.Json.JsonValueKind.Array => JsonArray.Create(value),
                _ => JsonValue.Create(value),
            };
        }

        return variables;
    }
}
