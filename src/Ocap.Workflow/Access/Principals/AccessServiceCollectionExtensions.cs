using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ocap.Workflow.Access;

/// <summary>Registers the host's side of access rules: its principal resolver and its attribute schema.</summary>
public static class AccessServiceCollectionExtensions
{
    /// <summary>
    /// Registers the host's <see cref="IPrincipalResolver"/>. Calling it again with the same type does nothing;
    /// with a different type it throws, because two resolvers would silently disagree about who a user is.
    /// </summary>
    /// <typeparam name="TResolver">The resolver implementation.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="lifetime">The resolver's lifetime; scoped by default so it can use per-request services.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="InvalidOperationException">A different resolver is already registered.</exception>
    public static IServiceCollection AddPrincipalResolver<TResolver>(this IServiceCollection services, ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TResolver : class, IPrincipalResolver
    {
        ArgumentNullException.ThrowIfNull(services);
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(IPrincipalResolver));
        if (existing is not null)
        {
            return existing.ImplementationType == typeof(TResolver)
                ? services
                : throw new InvalidOperationException(
                    $"An IPrincipalResolver is already registered ({existing.ImplementationType?.Name ?? "a factory or instance"}); register exactly one.");
        }

        services.Add(new ServiceDescriptor(typeof(IPrincipalResolver), typeof(TResolver), lifetime));
        return services;
    }

    /// <summary>
    /// Registers the attribute schema access rules are compiled and principals prepared with (for example
    /// <c>AttributeSchema.Default.With("level", AttributeSyntax.Integer)</c>). When none is registered, consumers use
    /// <see cref="AttributeSchema.Default"/>. Calling it again with the same instance does nothing; with another it throws.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="schema">The schema.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="InvalidOperationException">A different schema is already registered.</exception>
    public static IServiceCollection AddAttributeSchema(this IServiceCollection services, AttributeSchema schema)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(schema);
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(AttributeSchema));
        if (existing is not null)
        {
            return ReferenceEquals(existing.ImplementationInstance, schema)
                ? services
                : throw new InvalidOperationException("An AttributeSchema is already registered; register exactly one.");
        }

        services.TryAddSingleton(schema);
        return services;
    }
}
