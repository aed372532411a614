using System.Text.Json.Nodes;

namespace Ocap.Workflow.Runtime;

/// <summary>What a task shows the actor who may act on it: the task, its form-js schema and the data to fill it with.</summary>
/// <param name="Task">The task.</param>
/// <param name="FormKey">The form reference the diagram names, or <see langword="null"/> for a task without a form.</param>
/// <param name="Schema">
/// The form-js schema from the deployment the instance runs (not the tenant's latest one), or <see langword="null"/>
/// for a task without a form. A copy: changing it changes nothing stored.
/// </param>
/// <param name="Data">The instance's process-level variables, to pre-fill the form (a copy).</param>
public sealed record WorkflowTaskForm(WorkflowTask Task, string? FormKey, JsonObject? Schema, JsonObject Data);
