namespace Ocap.Workflow.Storage;

/// <summary>A process a deployment defines: its key and the BPMN artifact of the bundle that holds it.</summary>
/// <param name="ProcessKey">The process id in the BPMN file; versions are counted per tenant and key.</param>
/// <param name="ArtifactName">The name of the bundle's BPMN artifact that defines the process.</param>
public sealed record ProcessDefinitionDraft(string ProcessKey, string ArtifactName);
