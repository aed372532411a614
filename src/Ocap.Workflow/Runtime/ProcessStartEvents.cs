using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Runtime.Timers;
using Ocap.Workflow.Sandbox;
using Ocap.Workflow.Storage;

namespace Ocap.Workflow.Runtime;

/// <summary>
/// Process-level start events: which ones the runtime triggers (timer, message, signal), what they become at
/// deployment (a timer start job, a start subscription) and when a timer start fires next. Timer values are read with
/// the parsers of <see cref="Timers"/>: <c>timeDate</c> (ISO 8601 with offset) fires once at that instant (at once if it
/// has passed); <c>timeDuration</c> fires once, that long after deployment; <c>timeCycle</c> (repeating interval or
/// cron, UTC) fires at each due time of the cycle counted from deployment.
/// </summary>
internal static class ProcessStartEvents
{
    /// <summary>The job kind of a timer start event.</summary>
    public const string TimerStartJob = "timer-start";

    /// <summary>The process-level start events of a process that carry an event definition.</summary>
    public static IEnumerable<BpmnFlowNode> Of(BpmnProcess process) =>
        process.AllNodes.Where(n => n.Type == "startEvent" && n.ScopeId == process.Id && n.EventDefinitions.Count > 0).OrderBy(n => n.Id, StringComparer.Ordinal);

    /// <summary>Why the runtime cannot trigger this process-level start event, or <see langword="null"/> when it can.</summary>
    public static string? Problem(BpmnFlowNode node)
    {
        if (node.EventDefinitions.Count > 1)
        {
            return "start events with several event definitions are not supported; draw one start event per trigger.";
        }

        var definition = node.EventDefinitions[0];
        switch (definition.Kind)
        {
            case BpmnEventKind.Message or BpmnEventKind.Signal:
                return string.IsNullOrEmpty(definition.ReferenceName)
                    ? $"the {definition.Kind.ToString().ToLowerInvariant()} start event names no {definition.Kind.ToString().ToLowerInvariant()}."
                    : null;
            case BpmnEventKind.Timer:
                if (definition.Expression is not { } expression || definition.TimerKind is not { } kind)
                {
                    return "the timer start event has no timeDate, timeDuration or timeCycle.";
                }

                if (expression.Language is not BpmnExpressionLanguage.JavaScript || expression.Text.StartsWith('=') || expression.Text.Contains("${", StringComparison.Ordinal))
                {
                    return $"the timer start event's value '{expression.Text}' is an expression; a process-level timer has no instance variables to read, so write the ISO 8601 or cron value itself.";
                }

                try
                {
                    return new StartTimer(string.Empty, node.Id, kind, expression.Text.Trim(), DateTimeOffset.UnixEpoch).FirstDue() is null
                        ? $"the timer cycle '{expression.Text}' never fires."
                        : null;
                }
                catch (TimerDefinitionParseException e)
                {
                    return e.Message;
                }

            default:
                return $"{definition.Kind} start events of a process are not supported by the runtime (nothing would trigger them); start instances through the API.";
        }
    }

    /// <summary>The drafts with their start triggers: timer start jobs due from <paramref name="now"/>, and message and signal start subscriptions.</summary>
    public static IReadOnlyList<ProcessDefinitionDraft> Attach(IReadOnlyList<ProcessDefinitionDraft> drafts, DeployedBundle bundle, DateTimeOffset now)
    {
        var result = new List<ProcessDefinitionDraft>(drafts.Count);
        foreach (var draft in drafts)
        {
            var process = bundle.Processes[draft.ProcessKey].Interpreter.Definitions.FindProcess(draft.ProcessKey)!;
            var jobs = new List<JobSchedule>();
            var subscriptions = new List<StartSubscription>();
            foreach (var node in Of(process))
            {
                var definition = node.EventDefinitions[0];
                switch (definition.Kind)
                {
                    case BpmnEventKind.Timer:
                        var timer = new StartTimer(draft.ProcessKey, node.Id, definition.TimerKind!.Value, definition.Expression!.Text.Trim(), now);
                        if (timer.FirstDue() is { } due)
                        {
                            jobs.Add(new JobSchedule(JobId(draft.ProcessKey, node.Id), TimerStartJob, node.Id, due, timer.ToPayload()));
                        }

                        break;
                    case BpmnEventKind.Message:
                        subscriptions.Add(new StartSubscription(StartEventKind.Message, definition.ReferenceName!, node.Id));
                        break;
                    case BpmnEventKind.Signal:
                        subscriptions.Add(new StartSubscription(StartEventKind.Signal, definition.ReferenceName!, node.Id));
                        break;
                }
            }

            result.Add(jobs.Count + subscriptions.Count == 0 ? draft : draft with { StartJobs = jobs, StartSubscriptions = subscriptions });
        }

        return result;
    }

    /// <summary>A timer start job's id: stable per process key and start event, so a new version's job replaces the old one.</summary>
    public static string JobId(string processKey, string elementId)
    {
        var id = "start." + processKey + "." + elementId;
        return id.Length <= StoreIds.MaxLength ? id : "start." + ContentHash.Of(processKey + "\n" + elementId);
    }
}

/// <summary>A timer start event as scheduled: enough to compute every firing without the diagram.</summary>
/// <param name="ProcessKey">The process it starts (the latest version when it fires).</param>
/// <param name="ElementId">The start event.</param>
/// <param name="Kind">Date, duration or cycle.</param>
/// <param name="Text">The timer value as written.</param>
/// <param name="ScheduledAt">When the schedule was made (the deployment): the origin of durations and of cycles without a start.</param>
internal sealed record StartTimer(string ProcessKey, string ElementId, BpmnTimerKind Kind, string Text, DateTimeOffset ScheduledAt)
{
    /// <summary>The first due time, or <see langword="null"/> when a cycle never fires.</summary>
    /// <exception cref="TimerDefinitionParseException">The value does not parse.</exception>
    public DateTimeOffset? FirstDue() => Kind switch
    {
        BpmnTimerKind.Date => IsoDateTime.Parse(Text),
        BpmnTimerKind.Duration => IsoDuration.Parse(Text).AddTo(ScheduledAt),
        _ => TimerCycle.Parse(Text).GetNextDueAfter(ScheduledAt, ScheduledAt),
    };

    /// <summary>
    /// The firing after the one due at <paramref name="previousDue"/>: none for dates and durations; for cycles the
    /// next due time after both the previous one and <paramref name="now"/> (firings missed while no job runner ran are
    /// not made up: each run starts one instance).
    /// </summary>
    public DateTimeOffset? NextDue(DateTimeOffset previousDue, DateTimeOffset now) =>
        Kind == BpmnTimerKind.Cycle ? TimerCycle.Parse(Text).GetNextDueAfter(previousDue > now ? previousDue : now, ScheduledAt) : null;

    public string ToPayload() => new JsonObject
    {
        ["processKey"] = ProcessKey,
        ["element"] = ElementId,
        ["timer"] = Kind.ToString().ToLowerInvariant(),
        ["text"] = Text,
        ["scheduledAt"] = ScheduledAt.ToString("O", CultureInfo.InvariantCulture),
    }.ToJsonString();

    public static StartTimer FromPayload(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        return new StartTimer(
            root.GetProperty("processKey").GetString()!,
            root.GetProperty("element").GetString()!,
            Enum.Parse<BpmnTimerKind>(root.GetProperty("timer").GetString()!, ignoreCase: true),
            root.GetProperty("text").GetString()!,
            DateTimeOffset.Parse(root.GetProperty("scheduledAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
    }
}
