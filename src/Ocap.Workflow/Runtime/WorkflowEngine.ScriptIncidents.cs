using System.Globalization;
using System.Text.Json.Nodes;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

public sealed partial class WorkflowEngine
{
    /// <summary>
    /// What every command does after its step and before its commit: delivers buffered messages to the subscriptions
    /// the step opened, and records each incident the step raised (a failing script or condition, a script limit) as
    /// an <c>incident-raised</c> history event, so an operator sees it in the history as well as on the instance.
    /// </summary>
    private ValueTask<Plan> FinishStepAsync(
        TenantId tenant, DeployedBundle bundle, DeployedProcess process, BpmnInstanceState? before, Plan plan, CancellationToken cancellationToken)
    {
        // Most steps open no message subscription: then nothing is read and no state machine is needed.
        var received = ReceiveBufferedMessagesAsync(tenant, bundle, process, before, plan, cancellationToken);
        return received.IsCompletedSuccessfully
            ? ValueTask.FromResult(RecordNewIncidents(bundle, process, before, received.Result))
            : FinishReceivedAsync(bundle, process, before, received);
    }

    private async ValueTask<Plan> FinishReceivedAsync(DeployedBundle bundle, DeployedProcess process, BpmnInstanceState? before, ValueTask<Plan> received) =>
        RecordNewIncidents(bundle, process, before, await received.ConfigureAwait(false));

    /// <summary>Adds a history event per incident the step raised (none when the state has no incident); returns <paramref name="plan"/>.</summary>
    private Plan RecordNewIncidents(DeployedBundle bundle, DeployedProcess process, BpmnInstanceState? before, Plan plan)
    {
        if (plan.StateChanged && plan.State.Incidents.Count > 0)
        {
            RecordEachNewIncident(bundle, process, before, plan);
        }

        return plan;
    }

    private void RecordEachNewIncident(DeployedBundle bundle, DeployedProcess process, BpmnInstanceState? before, Plan plan)
    {
        var now = _time.GetUtcNow();
        foreach (var incident in plan.State.Incidents)
        {
            if (before is not null && before.Incidents.Any(i => i.Id == incident.Id))
            {
                continue;
            }

            plan.AddEvents(HistoryOf(bundle, process, "incident-raised", "system:engine",
                [new("element", incident.ElementId), new("incident", incident.Id.ToString(CultureInfo.InvariantCulture)), new("message", incident.Message)],
                null, null, null, null, now));
            _telemetry.IncidentRaised();
        }
    }

    /// <summary>The open incident (a failing script or condition) shown at <paramref name="elementId"/>, or where its token is stuck.</summary>
    private static BpmnIncidentState? StateIncident(Loaded loaded, string elementId)
    {
        foreach (var incident in loaded.State.Incidents)
        {
            if (incident.ElementId == elementId || loaded.State.Executions.Any(e => e.Id == incident.ExecutionId && e.ElementId == elementId))
            {
                return incident;
            }
        }

        return null;
    }

    /// <summary>
    /// The plan of an operator's retry (<paramref name="retry"/>: the element runs again) or resolution (the token
    /// leaves the element with <paramref name="data"/> set) of a script incident, or <see langword="null"/> when the
    /// element has no such incident.
    /// </summary>
    /// <exception cref="BpmnCommandRejectedException">The stuck execution is not a plain token (e.g. a multi-instance body).</exception>
    private Plan? PlanStateIncident(Loaded loaded, string elementId, bool retry, JsonObject? data, string command, string actorId)
    {
        if (loaded.Record.Status != Storage.InstanceStatus.Active || StateIncident(loaded, elementId) is not { } incident)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var step = Apply(loaded.Bundle, loaded.Process, loaded.State, new ResolveIncident(incident.Id, retry, ToVariables(data)) { At = now }, out var decisions);
        var plan = new Plan { State = step.State, At = now };
        plan.AddEvents(HistoryOf(loaded.Bundle, loaded.Process, command, actorId,
            [new("element", incident.ElementId), new("incident", incident.Id.ToString(CultureInfo.InvariantCulture))], data, step, decisions, null, now));
        return plan;
    }
}
