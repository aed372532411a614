using System.Globalization;
using System.Text.Json.Nodes;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

public sealed partial class WorkflowEngine
{
    /// <summary>
    /// The drafts with their start triggers (see <see cref="ProcessStartEvents"/>). A message name may start only one
    /// process of the tenant (as in Camunda 7): a message start event whose name another process key already starts
    /// with refuses the bundle, so that correlating a message never has to choose between processes.
    /// </summary>
    private async Task<IReadOnlyList<ProcessDefinitionDraft>> StartTriggersAsync(
        TenantId tenant, DeployedBundle compiled, IReadOnlyList<ProcessDefinitionDraft> drafts, CancellationToken cancellationToken)
    {
        var withTriggers = ProcessStartEvents.Attach(drafts, compiled, _time.GetUtcNow());
        var problems = new List<DeploymentProblem>();
        var owners = new Dictionary<string, (string Key, string Element)>(StringComparer.Ordinal);
        var keys = drafts.Select(d => d.ProcessKey).ToHashSet(StringComparer.Ordinal);
        foreach (var draft in withTriggers)
        {
            foreach (var start in draft.StartSubscriptions.Where(s => s.Kind == StartEventKind.Message))
            {
                if (!owners.TryAdd(start.Name, (draft.ProcessKey, start.ElementId)))
                {
                    var other = owners[start.Name];
                    problems.Add(new DeploymentProblem(draft.ArtifactName, start.ElementId,
                        $"message '{start.Name}' already starts process '{other.Key}' at '{other.Element}'; a message may start one process only."));
                    continue;
                }

                foreach (var existing in await _store.FindStartSubscriptionsAsync(tenant, StartEventKind.Message, start.Name, cancellationToken).ConfigureAwait(false))
                {
                    if (!keys.Contains(existing.ProcessKey))
                    {
                        problems.Add(new DeploymentProblem(draft.ArtifactName, start.ElementId,
                            $"message '{start.Name}' already starts the tenant's process '{existing.ProcessKey}' (version {existing.ProcessVersion}); a message may start one process only."));
                    }
                }
            }
        }

        return problems.Count > 0 ? throw new WorkflowDeploymentException(problems) : withTriggers;
    }

    /// <summary>
    /// Fires a timer start event: starts an instance of the latest version at that start event, and in the same commit
    /// either removes the job or (for a cycle) keeps it for its next due time.
    /// </summary>
    private async Task FireStartTimerAsync(TenantId tenant, ClaimedJob claimed, CancellationToken cancellationToken)
    {
        var job = claimed.Job;
        var timer = StartTimer.FromPayload(job.PayloadJson);
        var next = timer.NextDue(job.DueAt, _time.GetUtcNow());
        var completion = new JobCompletion(job.JobId, claimed.LeaseToken) { NextDueAt = next };
        var definition = await _store.GetProcessDefinitionAsync(tenant, timer.ProcessKey, null, cancellationToken).ConfigureAwait(false);
        if (definition is not null)
        {
            var bundle = await BundleAsync(tenant, definition.BundleHash, cancellationToken).ConfigureAwait(false);
            if (bundle.Processes.TryGetValue(definition.ProcessKey, out var process) && process.Nodes.TryGetValue(timer.ElementId, out var node) && node.Type == "startEvent")
            {
                await StartCoreAsync(tenant, definition, bundle, process, null, timer.ElementId, "system:timer", null,
                    [new("trigger", "timer"), new("startEvent", timer.ElementId), new("dueAt", job.DueAt.ToString("O", CultureInfo.InvariantCulture))],
                    completion, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        // Only a deployment that replaces the schedule can make the latest version lack the start event, and that
        // deployment replaced this job too (the completion then finds the lease lost): nothing is started.
        await _store.CompleteJobAsync(tenant, completion with { NextDueAt = null }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts an instance from a message start event, if the tenant's latest versions have one for the name.</summary>
    private async Task<string?> StartByMessageAsync(TenantId tenant, MessageCorrelation message, CancellationToken cancellationToken)
    {
        var starts = await _store.FindStartSubscriptionsAsync(tenant, StartEventKind.Message, message.MessageName, cancellationToken).ConfigureAwait(false);
        if (starts.Count == 0)
        {
            return null;
        }

        if (starts.Count > 1)
        {
            throw new InvalidOperationException(
                $"Message '{message.MessageName}' starts {starts.Count} processes of tenant '{tenant}' ({string.Join(", ", starts.Select(s => s.ProcessKey))}); deployments refuse this, so the store was changed by other means.");
        }

        var instance = await StartFromSubscriptionAsync(tenant, starts[0], message.Variables, message.ActorId,
            [new("trigger", "message"), new("startEvent", starts[0].Subscription.ElementId), new("message", message.MessageName), new("correlationKey", message.CorrelationKey)],
            cancellationToken).ConfigureAwait(false);
        return instance?.InstanceId;
    }

    /// <summary>Starts one instance per signal start event of the tenant's latest versions; returns how many started.</summary>
    private async Task<int> StartBySignalAsync(TenantId tenant, string signalName, JsonObject? variables, string actorId, CancellationToken cancellationToken)
    {
        var started = 0;
        foreach (var start in await _store.FindStartSubscriptionsAsync(tenant, StartEventKind.Signal, signalName, cancellationToken).ConfigureAwait(false))
        {
            var instance = await StartFromSubscriptionAsync(tenant, start, variables, actorId,
                [new("trigger", "signal"), new("startEvent", start.Subscription.ElementId), new("signal", signalName)], cancellationToken).ConfigureAwait(false);
            started += instance is null ? 0 : 1;
        }

        return started;
    }

    private async Task<WorkflowInstance?> StartFromSubscriptionAsync(
        TenantId tenant, StartSubscriptionRecord start, JsonObject? variables, string actorId, KeyValuePair<string, string?>[] trigger, CancellationToken cancellationToken)
    {
        var definition = await _store.GetProcessDefinitionAsync(tenant, start.ProcessKey, start.ProcessVersion, cancellationToken).ConfigureAwait(false);
        if (definition is null)
        {
            return null;
        }

        var bundle = await BundleAsync(tenant, definition.BundleHash, cancellationToken).ConfigureAwait(false);
        var process = bundle.Processes[definition.ProcessKey];
        return await StartCoreAsync(tenant, definition, bundle, process, Normalize(variables), start.Subscription.ElementId, actorId, null, trigger, null, cancellationToken)
            .ConfigureAwait(false);
    }
}
