using System.Globalization;
using System.Text.Json.Nodes;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

public sealed partial class WorkflowEngine
{
    /// <summary>The most buffered messages one command delivers (each may open further subscriptions).</summary>
    private const int MaxBufferedDeliveriesPerCommand = 100;

    /// <summary>
    /// Delivers buffered messages to the message subscriptions a command's step opened: for each new subscription
    /// (not in <paramref name="before"/>), the oldest unexpired buffered message with its name and correlation key is
    /// correlated to the new state and listed in <see cref="Plan.ConsumeMessages"/>, so the store removes it in the
    /// same commit (or refuses the commit as a conflict when another command took it first). Commands whose step
    /// opened no message subscription return at once, without a store read.
    /// </summary>
    private ValueTask<Plan> ReceiveBufferedMessagesAsync(
        TenantId tenant, DeployedBundle bundle, DeployedProcess process, BpmnInstanceState? before, Plan plan, CancellationToken cancellationToken)
    {
        if (!plan.StateChanged || !OpensMessageSubscription(before, plan.State))
        {
            return ValueTask.FromResult(plan);
        }

        return ReceiveSlowAsync(tenant, bundle, process, before, plan, cancellationToken);
    }

    /// <summary>The store-reading part of <see cref="ReceiveBufferedMessagesAsync"/>, kept apart so the fast path allocates nothing.</summary>
    private async ValueTask<Plan> ReceiveSlowAsync(
        TenantId tenant, DeployedBundle bundle, DeployedProcess process, BpmnInstanceState? before, Plan plan, CancellationToken cancellationToken)
    {
        var tried = new HashSet<int>();
        for (var delivered = 0; delivered < MaxBufferedDeliveriesPerCommand && plan.State.Status == BpmnInstanceStatus.Active; delivered++)
        {
            BpmnSubscriptionState? target = null;
            Storage.BufferedMessageRecord? message = null;
            foreach (var s in plan.State.Subscriptions)
            {
                if (!IsNewMessageSubscription(before, s) || !tried.Add(s.Id))
                {
                    continue;
                }

                var found = await _store.FindBufferedMessagesAsync(tenant, s.Name!, s.CorrelationKey ?? string.Empty, cancellationToken).ConfigureAwait(false);
                message = found.FirstOrDefault(m => !plan.ConsumeMessages.Contains(m.Message.MessageId));
                if (message is not null)
                {
                    target = s;
                    break;
                }
            }

            if (target is null)
            {
                break;
            }

            var m = message!.Message;
            var now = _time.GetUtcNow();
            var data = (JsonObject?)JsonNode.Parse(m.VariablesJson);
            var command = new CorrelateMessage(target.Name!, target.CorrelationKey, ToVariables(data)) { At = now };
            var state = plan.State;
            var step = Apply(bundle, process, state, command, out var decisions);
            if (!step.Handled)
            {
                break;
            }

            var next = new Plan { State = step.State, Status = plan.Status, At = now };
            next.Events.AddRange(plan.EventsOrEmpty);
            next.ExtraTaskRows.AddRange(plan.ExtraTaskRowsOrEmpty);
            next.CompleteJobs.AddRange(plan.CompleteJobsOrEmpty);
            next.ExtraJobs.AddRange(plan.ExtraJobsOrEmpty);
            next.ConsumeMessages = [.. plan.ConsumeMessages, m.MessageId];
            next.AddEvents(HistoryOf(bundle, process, "message-correlated", m.Actor,
                [new("message", m.MessageName), new("correlationKey", m.CorrelationKey), new("bufferedMessageId", m.MessageId),
                    new("bufferedAt", message.BufferedAt.ToString("O", CultureInfo.InvariantCulture))],
                data, step, decisions, null, now));
            plan = next;
        }

        return plan;
    }

    private static bool OpensMessageSubscription(BpmnInstanceState? before, BpmnInstanceState after)
    {
        foreach (var s in after.Subscriptions)
        {
            if (IsNewMessageSubscription(before, s))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNewMessageSubscription(BpmnInstanceState? before, BpmnSubscriptionState s)
    {
        if (s.Kind != "message" || s.Name is null)
        {
            return false;
        }

        if (before is not null)
        {
            foreach (var b in before.Subscriptions)
            {
                if (b.Id == s.Id)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
