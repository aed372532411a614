namespace Ocap.Workflow.DependencyInjection;

/// <summary>
/// Present once in a service collection that has the engine; remembers which service task types have a handler so
/// that registering the same handler again is harmless and a second, different handler for a type is refused.
/// </summary>
internal sealed class OcapWorkflowMarker
{
    public Dictionary<string, Type> HandlerTypes { get; } = new(StringComparer.Ordinal);

    public bool JobRunnerAdded { get; set; }
}
