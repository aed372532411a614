using System.Text.Json.Nodes;
using Ocap.Workflow.History;
using Ocap.Workflow.Runtime;

namespace ExpenseApproval.Api;

/// <summary>A claim (a process instance) as the API shows it.</summary>
internal sealed record ClaimView(
    string InstanceId, string ProcessKey, int ProcessVersion, string Status, IReadOnlyList<TaskSummary> OpenTasks, JsonObject Variables, IReadOnlyList<string> Incidents)
{
    public static ClaimView Of(WorkflowInstance instance, IReadOnlyList<WorkflowTask> openTasks) => new(
        instance.InstanceId,
        instance.ProcessKey,
        instance.ProcessVersion,
        instance.Status.ToString().ToLowerInvariant(),
        openTasks.Select(t => new TaskSummary(t.TaskId, t.Name, t.Assignee)).ToList(),
        instance.Variables,
        instance.Incidents);
}

/// <summary>A task of a claim.</summary>
internal sealed record TaskSummary(string TaskId, string Name, string? Assignee);

/// <summary>A task in a user's list.</summary>
internal sealed record TaskView(string TaskId, string InstanceId, string Name, string? FormId, string? Assignee, DateTimeOffset CreatedAt)
{
    public static TaskView Of(WorkflowTask task) => new(task.TaskId, task.InstanceId, task.Name, task.FormKey, task.Assignee, task.CreatedAt);
}

/// <summary>A task's form: the form-js schema to render and the data to show in it.</summary>
internal sealed record TaskFormView(string TaskId, string InstanceId, string Name, string? FormId, JsonObject? Schema, JsonObject Data);

/// <summary>One event of a claim's hash-chained history.</summary>
internal sealed record HistoryEventView(
    long Sequence, string Type, DateTimeOffset Timestamp, string Actor, JsonNode? Payload, IReadOnlyList<string> ArtifactHashes, string PreviousHash, string Hash)
{
    public static HistoryEventView Of(HistoryEvent e) =>
        new(e.Sequence, e.Type, e.Timestamp, e.Actor, JsonNode.Parse(e.PayloadJson), e.ArtifactHashes, e.PreviousHash, e.Hash);
}

/// <summary>The outcome of recomputing a claim's history chain.</summary>
internal sealed record VerificationView(bool Intact, long EventCount, IReadOnlyList<BrokenLinkView> BrokenLinks)
{
    public static VerificationView Of(HistoryVerification verification) => new(
        verification.IsIntact,
        verification.EventCount,
        verification.BrokenLinks.Select(l => new BrokenLinkView(l.Position, l.Sequence, KebabCase(l.Kind.ToString()), l.Detail)).ToList());

    // The same spelling as `ocapwf verify` (hash-mismatch, previous-hash-mismatch, ...).
    private static string KebabCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i == 0 ? "" : "-") + char.ToLowerInvariant(c) : c.ToString()));
}

/// <summary>A link of the chain that does not hold; <c>Kind</c> as <c>ocapwf verify</c> spells it.</summary>
internal sealed record BrokenLinkView(long Position, long Sequence, string Kind, string Detail);
