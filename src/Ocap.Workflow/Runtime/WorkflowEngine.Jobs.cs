using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Telemetry;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

public sealed partial class WorkflowEngine
{
    /// <summary>
    /// Runs every job that is due by the store's clock, for every tenant: fires timers (timer start events included)
    /// and calls service task handlers, and purges expired buffered messages. A job is claimed with a lease before it
    /// runs and removed in the same commit as its effect, so it runs at least once and its effect commits at most once
    /// (a second run finds the lease or the version gone). A job that throws unexpectedly is retried later and then
    /// parked as an incident; it never stops the other due jobs.
    /// </summary>
    /// <param name="cancellationToken">Cancels between jobs.</param>
    /// <returns>How many jobs were claimed and run (including those whose effect was already obsolete).</returns>
    public async Task<int> RunDueJobsAsync(CancellationToken cancellationToken)
    {
        var ran = 0;
        foreach (var tenant in await _store.ListTenantsAsync(cancellationToken).ConfigureAwait(false))
        {
            // Expired buffered messages are already invisible; this only reclaims their space.
            await _store.PurgeExpiredMessagesAsync(tenant, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var claimed = await _store.ClaimDueJobsAsync(tenant, _options.JobBatchSize, _options.JobLeaseDuration, cancellationToken).ConfigureAwait(false);
                foreach (var job in claimed)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        await RunJobAsync(tenant, job, cancellationToken).ConfigureAwait(false);
                    }
                    catch (JobLeaseLostException)
                    {
                        WorkflowLog.JobLeaseLost(_logger, tenant.Value, job.Job.JobId);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        // One bad job must not starve the others: it is retried later (and parked as an incident
                        // after WorkflowEngineOptions.JobFailureRetry's attempts), while the rest of the round goes on.
                        await ParkFailedJobAsync(tenant, job, e, cancellationToken).ConfigureAwait(false);
                    }

                    ran++;
                }

                if (claimed.Count < _options.JobBatchSize)
                {
                    break;
                }
            }
        }

        return ran;
    }

    /// <summary>The earliest time a job of any tenant can run, or <see langword="null"/> when there is none.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<DateTimeOffset?> GetNextDueTimeAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? next = null;
        foreach (var tenant in await _store.ListTenantsAsync(cancellationToken).ConfigureAwait(false))
        {
            var due = await _store.GetNextDueTimeAsync(tenant, cancellationToken).ConfigureAwait(false);
            if (due is { } d && d != DateTimeOffset.MaxValue && (next is null || d < next))
            {
                next = d;
            }
        }

        return next;
    }

    /// <summary>
    /// Retries an incident at an element: a failing script or condition runs again now (a script task its script, a
    /// gateway its conditions), in this command's commit; a service task whose handler failed every attempt, or a job
    /// parked after unexpected failures, becomes due now (a service task with a fresh attempt budget).
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="elementId">The service task with the incident.</param>
    /// <param name="actorId">The operator (recorded in history).</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <exception cref="InstanceNotFoundException">The tenant has no such instance.</exception>
    /// <exception cref="InvalidOperationException">The element has no open incident.</exception>
    /// <exception cref="BpmnCommandRejectedException">The incident stopped an execution that cannot run again (a multi-instance body).</exception>
    public Task RetryIncidentAsync(TenantId tenant, string instanceId, string elementId, string actorId, CancellationToken cancellationToken) =>
        RetryIncidentAsync(tenant, instanceId, elementId, null, actorId, cancellationToken);

    /// <summary>
    /// Retries an incident after setting <paramref name="variables"/> on the stuck token (the operator fixes the data a
    /// script or condition failed on, then it runs again), in one commit. Otherwise as
    /// <see cref="RetryIncidentAsync(TenantId, string, string, string, CancellationToken)"/>.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="elementId">The element with the incident.</param>
    /// <param name="variables">Variables to set before the retry, or <see langword="null"/>; only for script and condition incidents.</param>
    /// <param name="actorId">The operator (recorded in history).</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <exception cref="InstanceNotFoundException">The tenant has no such instance.</exception>
    /// <exception cref="InvalidOperationException">The element has no open incident.</exception>
    /// <exception cref="ArgumentException">Variables were given for a service task or parked job incident.</exception>
    /// <exception cref="BpmnCommandRejectedException">The incident stopped an execution that cannot run again (a multi-instance body).</exception>
    public async Task RetryIncidentAsync(TenantId tenant, string instanceId, string elementId, JsonObject? variables, string actorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(elementId);
        ArgumentNullException.ThrowIfNull(actorId);
        variables = Normalize(variables);
        await RunAsync(tenant, instanceId, "incident-retried", async (loaded, ct) =>
        {
            if (PlanStateIncident(loaded, elementId, retry: true, variables, "incident-retried", actorId) is { } retried)
            {
                return (retried, true);
            }

            if (variables is not null)
            {
                throw new ArgumentException($"Element '{elementId}' of instance '{instanceId}' has no script or condition incident; variables can be set only when retrying one.", nameof(variables));
            }

            var job = await RequireIncidentAsync(tenant, instanceId, elementId, ct).ConfigureAwait(false);
            var plan = new Plan { State = loaded.State, StateChanged = false };
            if (job.Kind == WaitSet.ServiceTaskJob)
            {
                var (type, execution, _) = ReadServicePayload(job.PayloadJson);
                plan.ExtraJobs.Add(new JobSchedule(job.JobId, WaitSet.ServiceTaskJob, elementId, _time.GetUtcNow(), HistoryPayloads.ServiceJob(type, execution, job.Attempts, null)));
            }
            else
            {
                // A job parked after unexpected failures: due now, as it was; one more failure parks it again.
                plan.ExtraJobs.Add(new JobSchedule(job.JobId, job.Kind, job.ElementId, _time.GetUtcNow(), job.PayloadJson));
            }

            plan.AddEvents(HistoryOf(loaded.Bundle, loaded.Process, "incident-retried", actorId, [new("element", elementId)], null, null, null, null, _time.GetUtcNow()));
            return (plan, true);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resolves an incident by hand: the operator did the work (or decided it is not needed) and the element completes
    /// with the given output variables, without calling the service task's handler or running the failing script again
    /// (the token leaves the element along its outgoing flows).
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="elementId">The service task with the incident.</param>
    /// <param name="output">Variables to set, or <see langword="null"/>.</param>
    /// <param name="actorId">The operator (recorded in history).</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <exception cref="InstanceNotFoundException">The tenant has no such instance.</exception>
    /// <exception cref="InvalidOperationException">The element has no open incident, or only a parked job that can be retried, not resolved.</exception>
    /// <exception cref="BpmnCommandRejectedException">The incident stopped an execution that is not a plain token.</exception>
    public async Task ResolveIncidentAsync(TenantId tenant, string instanceId, string elementId, JsonObject? output, string actorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(elementId);
        ArgumentNullException.ThrowIfNull(actorId);
        output = Normalize(output);
        await RunAsync(tenant, instanceId, "incident-resolved", async (loaded, ct) =>
        {
            if (PlanStateIncident(loaded, elementId, retry: false, output, "incident-resolved", actorId) is { } resolved)
            {
                return (resolved, true);
            }

            var job = await RequireIncidentAsync(tenant, instanceId, elementId, ct).ConfigureAwait(false);
            if (job.Kind != WaitSet.ServiceTaskJob)
            {
                throw new InvalidOperationException($"The incident at '{elementId}' of instance '{instanceId}' is a parked {job.Kind} job; it can be retried, not resolved by hand.");
            }

            var (_, execution, _) = ReadServicePayload(job.PayloadJson);
            var now = _time.GetUtcNow();
            var command = new CompleteTask(elementId, ToVariables(output)) { At = now, ExecutionId = execution };
            var step = Apply(loaded.Bundle, loaded.Process, loaded.State, command, out var decisions);
            var plan = new Plan { State = step.State, At = now };
            plan.AddEvents(HistoryOf(loaded.Bundle, loaded.Process, "incident-resolved", actorId, [new("element", elementId)], output, step, decisions, null, now));
            return (plan, true);
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JobRecord> RequireIncidentAsync(TenantId tenant, string instanceId, string elementId, CancellationToken cancellationToken)
    {
        var jobs = await _store.ListJobsAsync(tenant, instanceId, cancellationToken).ConfigureAwait(false);
        return jobs.FirstOrDefault(j => j.ElementId == elementId && j.DueAt == DateTimeOffset.MaxValue)
            ?? throw new InvalidOperationException($"Element '{elementId}' of instance '{instanceId}' has no open incident.");
    }

    private async Task RunJobAsync(TenantId tenant, ClaimedJob claimed, CancellationToken cancellationToken)
    {
        var job = claimed.Job;
        var completion = new JobCompletion(job.JobId, claimed.LeaseToken);
        switch (job.Kind)
        {
            case WaitSet.TimerJob:
                await FireTimerAsync(tenant, job, completion, cancellationToken).ConfigureAwait(false);
                break;
            case WaitSet.ServiceTaskJob:
                await RunServiceTaskAsync(tenant, job, completion, cancellationToken).ConfigureAwait(false);
                break;
            case ProcessStartEvents.TimerStartJob:
                await FireStartTimerAsync(tenant, claimed, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"Job '{job.JobId}' of tenant '{tenant}' has kind '{job.Kind}', which this engine does not run.");
        }
    }

    private async Task FireTimerAsync(TenantId tenant, JobRecord job, JobCompletion completion, CancellationToken cancellationToken)
    {
        await RunAsync(tenant, job.InstanceId, "timer-fired", (loaded, _) =>
        {
            var pending = WaitSet.Of(loaded.Record.InstanceId, loaded.State, loaded.Process, _time.GetUtcNow());
            var plan = new Plan { State = loaded.State, StateChanged = false };
            plan.CompleteJobs.Add(completion);
            if (!pending.HasJob(job.JobId))
            {
                // The timer is gone from the state (its task completed first); only the job is removed.
                return ValueTask.FromResult((plan, false));
            }

            var step = Apply(loaded.Bundle, loaded.Process, loaded.State, new AdvanceTime { At = job.DueAt }, out var decisions);
            var fired = new Plan { State = step.State };
            fired.CompleteJobs.Add(completion);
            fired.AddEvents(HistoryOf(loaded.Bundle, loaded.Process, "timer-fired", "system:timer",
                [new("element", job.ElementId), new("dueAt", job.DueAt.ToString("O", CultureInfo.InvariantCulture))], null, step, decisions, null, _time.GetUtcNow()));
            return ValueTask.FromResult((fired, true));
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunServiceTaskAsync(TenantId tenant, JobRecord job, JobCompletion completion, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(tenant, job.InstanceId, cancellationToken).ConfigureAwait(false);
        var (type, execution, attemptBase) = ReadServicePayload(job.PayloadJson);
        var waiting = loaded.State.Status == BpmnInstanceStatus.Active
            && loaded.State.Executions.Any(e => e.Id == execution && e.Phase == "waiting" && e.ElementId == job.ElementId);
        if (!waiting || !_handlers.TryGetValue(type, out var registration))
        {
            await _store.CompleteJobAsync(tenant, completion, cancellationToken).ConfigureAwait(false);
            return;
        }

        var attempt = job.Attempts - attemptBase + 1;
        var context = new ServiceTaskContext(tenant, job.InstanceId, job.ElementId!, type, tenant.Value + "/" + job.JobId, attempt, VisibleVariables(loaded.State, execution));
        JsonObject? output;
        try
        {
            using var activity = _telemetry.StartCommand("service-task");
            output = await registration.Handler.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await FailServiceTaskAsync(tenant, job, completion, registration, type, execution, attemptBase, attempt, e, cancellationToken).ConfigureAwait(false);
            return;
        }

        await RunAsync(tenant, job.InstanceId, "service-task-completed", (current, _) =>
        {
            var now = _time.GetUtcNow();
            var plan = new Plan { State = current.State, StateChanged = false };
            plan.CompleteJobs.Add(completion);
            if (current.State.Status != BpmnInstanceStatus.Active || !current.State.Executions.Any(e => e.Id == execution && e.Phase == "waiting"))
            {
                return ValueTask.FromResult((plan, false));
            }

            var command = new CompleteTask(job.ElementId!, ToVariables(output)) { At = now, ExecutionId = execution };
            var step = Apply(current.Bundle, current.Process, current.State, command, out var decisions);
            var done = new Plan { State = step.State, At = now };
            done.CompleteJobs.Add(completion);
            done.AddEvents(HistoryOf(current.Bundle, current.Process, "service-task-completed", "system:service-task",
                [new("element", job.ElementId), new("type", type), new("idempotencyKey", context.IdempotencyKey), new("attempt", attempt.ToString(CultureInfo.InvariantCulture))],
                output, step, decisions, null, now));
            return ValueTask.FromResult((done, true));
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task FailServiceTaskAsync(
        TenantId tenant, JobRecord job, JobCompletion completion, ServiceTaskRegistration registration, string type, int execution, int attemptBase, int attempt,
        Exception error, CancellationToken cancellationToken)
    {
        if (attempt < registration.Retry.MaxAttempts)
        {
            var due = _time.GetUtcNow() + registration.Retry.BackoffAfter(attempt);
            WorkflowLog.ServiceTaskRetry(_logger, error, tenant.Value, job.InstanceId, job.ElementId!, type, attempt, due);
            await _store.RetryJobAsync(tenant, completion, due, cancellationToken).ConfigureAwait(false);
            return;
        }

        WorkflowLog.ServiceTaskIncident(_logger, error, tenant.Value, job.InstanceId, job.ElementId!, type, attempt);
        var message = $"{job.ElementId}: service task type '{type}' failed {attempt} time(s); last error: {error.Message}";
        await RunAsync(tenant, job.InstanceId, "incident-raised", (loaded, _) =>
        {
            var plan = new Plan { State = loaded.State, StateChanged = false };

            // The job itself becomes the incident: kept, never due, until an operator retries or resolves it.
            plan.ExtraJobs.Add(new JobSchedule(job.JobId, WaitSet.ServiceTaskJob, job.ElementId, DateTimeOffset.MaxValue, HistoryPayloads.ServiceJob(type, execution, attemptBase, message)));
            plan.AddEvents(HistoryOf(loaded.Bundle, loaded.Process, "incident-raised", "system:service-task",
                [new("element", job.ElementId), new("type", type), new("message", message)], null, null, null, null, _time.GetUtcNow()));
            return ValueTask.FromResult((plan, true));
        }, cancellationToken).ConfigureAwait(false);
        _telemetry.IncidentRaised();
    }

    private static (string Type, int Execution, int AttemptBase) ReadServicePayload(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        return (root.GetProperty("type").GetString()!, root.GetProperty("execution").GetInt32(), root.GetProperty("attemptBase").GetInt32());
    }

    private static string IncidentText(JobRecord job)
    {
        using var document = JsonDocument.Parse(job.PayloadJson);
        return document.RootElement.TryGetProperty("incident", out var text) ? text.GetString() ?? job.JobId : job.JobId;
    }

    private static JsonObject VisibleVariables(BpmnInstanceState state, int executionId)
    {
        var byId = state.Executions.ToDictionary(e => e.Id);
        var chain = new List<BpmnExecutionState>();
        for (var current = byId.GetValueOrDefault(executionId); current is not null; current = current.ParentId is { } p ? byId.GetValueOrDefault(p) : null)
        {
            chain.Add(current);
        }

        var variables = new JsonObject();
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            foreach (var (name, value) in chain[i].Variables ?? [])
            {
                variables[name] = JsonNode.Parse(value.GetRawText());
            }
        }

        return variables;
    }
}
