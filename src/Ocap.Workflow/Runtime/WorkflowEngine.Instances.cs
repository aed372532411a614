using System.Text.Json.Nodes;
using Ocap.Workflow.Bpmn.Execution;
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
    /// <exception cref="ArgumentException">A start form submission was given but the start event has no form.</exception>
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
            var validation = await form.Validator.ValidateAsync(Normalize(request.StartFormData), _formScripts, cancellationToken).ConfigureAwait(false);
            if (!validation.IsValid)
            {
                throw new TaskSubmissionInvalidException(request.ProcessKey, form.Key, validation.Errors);
            }

            variables = Merge(variables, validation.DataUnsafe); // Merge copies
            formHash = form.ArtifactHash;
        }

        var now = _time.GetUtcNow();
        var instanceId = Guid.NewGuid().ToString("N");
        var step = Step(bundle, () => process.Interpreter.Start(process.Key, ToVariables(variables), now), out var decisions);
        var events = HistoryOf(bundle, process, "instance-started", request.ActorId,
            [new("processKey", process.Key), new("version", definition.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            variables, step, decisions, formHash, now);
        var after = WaitSet.Of(instanceId, step.State, process, now);
        var plan = new Plan { State = step.State };
        plan.Events.AddRange(events);
        var (tasks, _, jobs, _, subs, _) = Diff(process, null, after, plan, now);
        var status = StatusOf(step.State);
        var stateJson = step.State.ToJson();
        var commit = new StoreCommit(instanceId, 0, new InstanceOrigin(definition.ProcessKey, definition.Version), status, stateJson)
        {
            Events = events,
            UpsertTasks = tasks,
            ScheduleJobs = jobs,
            UpsertSubscriptions = subs,
        };
        var result = await _store.CommitAsync(tenant, commit, cancellationToken).ConfigureAwait(false);
        RememberState(stateJson, step.State);
        _telemetry.InstanceStarted();
        if (status == InstanceStatus.Completed)
        {
            _telemetry.InstanceCompleted();
        }

        return ToInstance(instanceId, definition.ProcessKey, definition.Version, status, step.State, result.Version, []);
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
            plan.Events.AddRange(HistoryOf(loaded.Bundle, loaded.Process, "instance-cancelled", actorId, [], null, null, [], null, _time.GetUtcNow()));
            return ValueTask.FromResult((plan, true));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Delivers a message to the instance that waits for it (by name and correlation key, within the tenant); the
    /// first subscription in id order receives it.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="messageName">The message name.</param>
    /// <param name="correlationKey">The correlation key (empty matches subscriptions without a key).</param>
    /// <param name="variables">Variables the message carries, or <see langword="null"/>.</param>
    /// <param name="actorId">Who sends it (recorded in history).</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>The id of the instance that received the message.</returns>
    /// <exception cref="MessageNotCorrelatedException">No instance of the tenant waits for it.</exception>
    public async Task<string> CorrelateMessageAsync(
        TenantId tenant, string messageName, string correlationKey, JsonObject? variables, string actorId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageName);
        ArgumentNullException.ThrowIfNull(correlationKey);
        ArgumentNullException.ThrowIfNull(actorId);
        for (var attempt = 0; ; attempt++)
        {
            var subscriptions = await _store.FindMessageSubscriptionsAsync(tenant, messageName, correlationKey, cancellationToken).ConfigureAwait(false);
            if (subscriptions.Count == 0)
            {
                throw new MessageNotCorrelatedException(tenant, messageName, correlationKey);
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
                var step = Step(loaded.Bundle, () => loaded.Process.Interpreter.Apply(loaded.State, command), out var decisions);
                if (!step.Handled)
                {
                    return ValueTask.FromResult((new Plan { State = loaded.State, StateChanged = false }, false));
                }

                var plan = new Plan { State = step.State };
                plan.Events.AddRange(HistoryOf(loaded.Bundle, loaded.Process, "message-correlated", actorId,
                    [new("message", messageName), new("correlationKey", correlationKey)], variables, step, decisions, null, now));
                return ValueTask.FromResult((plan, step.Handled));
            }, cancellationToken).ConfigureAwait(false);
            if (handled)
            {
                return instanceId;
            }

            if (attempt >= _options.MaxConflictRetries)
            {
                throw new MessageNotCorrelatedException(tenant, messageName, correlationKey);
            }
        }
    }

    /// <summary>
    /// Broadcasts a signal to every active instance of the tenant that waits for it. Each instance is its own
    /// command and commit; the tenant's active instances are scanned, so this is an operation for rare events.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="signalName">The signal name.</param>
    /// <param name="variables">Variables the signal carries, or <see langword="null"/>.</param>
    /// <param name="actorId">Who throws it (recorded in history).</param>
    /// <param name="cancellationToken">Cancels between instances.</param>
    /// <returns>How many instances received the signal.</returns>
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

                    var step = Step(loaded.Bundle, () => loaded.Process.Interpreter.Apply(loaded.State, new BroadcastSignal(signalName, ToVariables(variables)) { At = now }), out var decisions);
                    if (!step.Handled)
                    {
                        return ValueTask.FromResult((new Plan { State = loaded.State, StateChanged = false }, false));
                    }

                    var plan = new Plan { State = step.State };
                    plan.Events.AddRange(HistoryOf(loaded.Bundle, loaded.Process, "signal-received", actorId, [new("signal", signalName)], variables, step, decisions, null, now));
                    return ValueTask.FromResult((plan, step.Handled));
                }, cancellationToken).ConfigureAwait(false);
                received += handled ? 1 : 0;
            }

            if (page.Count < 500)
            {
                return received;
            }

            after = page[^1].InstanceId;
        }
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
        var root = state.Executions.FirstOrDefault(e => e.ParentId is null);
        var variables = new JsonObject();
        foreach (var (name, value) in root?.Variables ?? state.FinalVariables ?? [])
        {
            variables[name] = System.Text.Json.Nodes.JsonNode.Parse(value.GetRawText());
        }

        var incidents = state.Incidents.Select(i => $"{i.ElementId}: {i.Message}").Concat(serviceIncidents).ToList();
        return new WorkflowInstance(id, key, version, status, status == InstanceStatus.Cancelled ? "cancelled" : state.Status, variables, storeVersion, incidents);
    }
}
