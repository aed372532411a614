using System.Text.Json.Nodes;

namespace Ocap.Workflow.Runtime;

/// <summary>What to start.</summary>
/// <param name="ProcessKey">The process key (the BPMN process id).</param>
public sealed record StartInstanceRequest(string ProcessKey)
{
    /// <summary>A deployed version, or <see langword="null"/> for the latest.</summary>
    public int? Version { get; init; }

    /// <summary>Start variables, or <see langword="null"/>.</summary>
    public JsonObject? Variables { get; init; }

    /// <summary>
    /// A submission of the start event's form (<c>camunda:formRef</c>/<c>camunda:formKey</c>), validated like a task
    /// completion; its cleaned data is merged over <see cref="Variables"/>. Refused when the start event has no form.
    /// </summary>
    public JsonObject? StartFormData { get; init; }

    /// <summary>Who starts it (recorded in history); empty for the system.</summary>
    public string ActorId { get; init; } = string.Empty;
}
