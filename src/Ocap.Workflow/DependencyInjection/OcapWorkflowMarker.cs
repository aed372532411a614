using System.Runtime.CompilerServices;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.DependencyInjection;

/// <summary>
/// Present once in a service collection that has the engine; remembers which service task types have a handler so
/// that registering the same handler again is harmless and a second, different handler for a type is refused.
/// </summary>
internal sealed class OcapWorkflowMarker
{
    public Dictionary<string, Type> HandlerTypes { get; } = new(StringComparer.Ordinal);

    public bool JobRunnerAdded { get; set; }

    /// <summary>Capabilities added as instances, by name: the same instance again is harmless, another one is refused.</summary>
    public Dictionary<string, SandboxCapability> Capabilities { get; } = new(StringComparer.Ordinal);

    /// <summary>Capabilities added as factories, by factory: the same factory again grants the one capability it builds.</summary>
    public Dictionary<Delegate, CapabilityFactory> CapabilityFactories { get; } = [];
}

/// <summary>
/// A capability factory added to the builder: builds its capability once per service provider, so granting it from
/// several <c>AddCapability</c> calls grants one instance (and two factories building the same name are told apart).
/// </summary>
internal sealed class CapabilityFactory(Func<IServiceProvider, SandboxCapability> factory)
{
    private readonly ConditionalWeakTable<IServiceProvider, SandboxCapability> _built = [];

    public SandboxCapability Get(IServiceProvider services) =>
        _built.GetValue(services, sp => factory(sp) ?? throw new InvalidOperationException("A capability factory returned null."));
}
