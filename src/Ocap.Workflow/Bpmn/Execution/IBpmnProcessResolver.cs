namespace Ocap.Workflow.Bpmn.Execution;

/// <summary>
/// Finds the process a call activity calls. The runtime resolves "latest" or a pinned version among the tenant's
/// deployments (which it has validated); the default resolver looks in the same definitions file. Must be
/// deterministic: a restored state resolves to the same process again.
/// </summary>
public interface IBpmnProcessResolver
{
    /// <summary>The process with this id (and version, when pinned), or <see langword="null"/>.</summary>
    /// <param name="processId">The called element.</param>
    /// <param name="version">A pinned version, or <see langword="null"/> for the latest.</param>
    BpmnProcess? Resolve(string processId, string? version);
}

/// <summary>Resolves called processes within one definitions file.</summary>
internal sealed class SameFileProcessResolver(BpmnDefinitions definitions) : IBpmnProcessResolver
{
    public BpmnProcess? Resolve(string processId, string? version) => definitions.FindProcess(processId);
}
