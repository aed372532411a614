using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ocap.Workflow.Access;
using Ocap.Workflow.Forms;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;

namespace Ocap.Workflow.DependencyInjection;

/// <summary>Registers the workflow engine in a service collection.</summary>
public static class OcapWorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WorkflowEngine"/> as a singleton with its options (validated when the host starts, or
    /// when the engine is first resolved without a host). Safe to call more than once: the services are registered
    /// once and every <paramref name="configure"/> is applied, in order. The host must also register a store (for
    /// example <see cref="OcapWorkflowBuilder.AddInMemoryStore"/>) and an <see cref="IPrincipalResolver"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets engine options, or <see langword="null"/> for the defaults.</param>
    /// <returns>A builder to add service task handlers, a store and the job runner.</returns>
    public static OcapWorkflowBuilder AddOcapWorkflow(this IServiceCollection services, Action<WorkflowEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var marker = services.FirstOrDefault(d => d.ServiceType == typeof(OcapWorkflowMarker))?.ImplementationInstance as OcapWorkflowMarker;
        if (marker is null)
        {
            marker = new OcapWorkflowMarker();
            services.AddSingleton(marker);
            AddEngine(services);
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return new OcapWorkflowBuilder(services, marker);
    }

    private static void AddEngine(IServiceCollection services)
    {
        services.AddOptions<WorkflowEngineOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkflowEngineOptions>, WorkflowEngineOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new WorkflowEngine(
            sp.GetRequiredService<IWorkflowStore>(),
            new ScopedPrincipalResolver(sp.GetRequiredService<IServiceScopeFactory>()),
            sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value,
            sp.GetServices<ServiceTaskRegistration>(),
            sp.GetService<AttributeSchema>(),
            sp.GetService<IFormScriptValidator>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<WorkflowEngine>>()));
    }
}
