using Ocap.Workflow.Storage;

namespace Ocap.Workflow.Runtime;

/// <summary>A user task as a principal sees it.</summary>
/// <param name="TaskId">The task id (unique within the tenant).</param>
/// <param name="InstanceId">The instance it belongs to.</param>
/// <param name="ElementId">The BPMN user task.</param>
/// <param name="Name">Its display name.</param>
/// <param name="FormKey">The form it shows, or <see langword="null"/>.</param>
/// <param name="CandidateFilter">The LDAP filter a principal must match (Camunda candidates already translated).</param>
/// <param name="Assignee">Who claimed it, or <see langword="null"/>.</param>
/// <param name="State">Open, claimed or completed.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record WorkflowTask(
    string TaskId,
    string InstanceId,
    string ElementId,
    string Name,
    string? FormKey,
    string CandidateFilter,
    string? Assignee,
    UserTaskState State,
    DateTimeOffset CreatedAt);
