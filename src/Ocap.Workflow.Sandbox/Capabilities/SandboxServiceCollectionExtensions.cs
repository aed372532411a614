using Microsoft.Extensions.DependencyInjection;

namespace Ocap.Workflow.Sandbox;

/// <summary>Registers sandbox capabilities with dependency injection.</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="capability"/> so that a host can pass <c>GetServices&lt;SandboxCapability&gt;()</c> to
    /// <see cref="JsSandbox"/>. Registering a capability does not grant it: tenants and scripts are granted capabilities
    /// by name. Registering two capabilities with the same name is refused when the sandbox is built.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="capability">The capability.</param>
    /// <returns><paramref name="services"/>, to chain calls.</returns>
    public static IServiceCollection AddSandboxCapability(this IServiceCollection services, SandboxCapability capability)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(capability);
        services.AddSingleton(capability);
        return services;
    }

    /// <summary>Registers a capability built from other services (for example a directory client).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="factory">Builds the capability from the service provider.</param>
    /// <returns><paramref name="services"/>, to chain calls.</returns>
    public static IServiceCollection AddSandboxCapability(this IServiceCollection services, Func<IServiceProvider, SandboxCapability> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        services.AddSingleton(factory);
        return services;
    }
}
