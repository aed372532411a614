using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Sandbox;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Storage.InMemory;

namespace Ocap.Workflow.DependencyInjection;

/// <summary>Adds the parts of the engine a host chooses: script capabilities, service task handlers, a store, the background job runner.</summary>
public sealed class OcapWorkflowBuilder
{
    private readonly OcapWorkflowMarker _marker;

    internal OcapWorkflowBuilder(IServiceCollection services, OcapWorkflowMarker marker)
    {
        Services = services;
        _marker = marker;
    }

    /// <summary>The service collection, for extensions (such as a durable store's <c>AddSqliteStore</c>).</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers <typeparamref name="THandler"/> (a singleton) as the handler of service tasks of
    /// <paramref name="taskType"/> (<c>zeebe:taskDefinition type</c> or <c>camunda:topic</c>). Registering the same
    /// handler type for the same task type again does nothing.
    /// </summary>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="taskType">The task type.</param>
    /// <param name="retry">How failures are retried; the defaults of <see cref="ServiceTaskRetryOptions"/> when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Another handler type is already registered for the task type.</exception>
    /// <exception cref="ArgumentException">The task type is empty or the retry options are invalid.</exception>
    public OcapWorkflowBuilder AddServiceTaskHandler<THandler>(string taskType, ServiceTaskRetryOptions? retry = null)
        where THandler : class, IServiceTaskHandler
    {
        ArgumentException.ThrowIfNullOrEmpty(taskType);
        var options = retry ?? new ServiceTaskRetryOptions();
        options.Validate(taskType);
        if (_marker.HandlerTypes.TryGetValue(taskType, out var existing))
        {
            return existing == typeof(THandler)
                ? this
                : throw new InvalidOperationException($"Service task type '{taskType}' already has the handler {existing.Name}; register one handler per type.");
        }

        _marker.HandlerTypes.Add(taskType, typeof(THandler));
        Services.TryAddSingleton<THandler>();
        Services.AddSingleton(sp => new ServiceTaskRegistration(taskType, sp.GetRequiredService<THandler>(), options));
        return this;
    }

    /// <summary>
    /// Makes a host capability (built in C# with <see cref="SandboxCapability.Create"/>) available to the BPMN scripts,
    /// conditions and form validators of <paramref name="tenants"/>, or of every tenant when none is named. A script
    /// uses it by name as a free identifier (<c>payments.pay({ amount })</c>); a validator receives it in
    /// <c>ctx.capabilities</c>. A deployment whose script names a capability its tenant was not granted is refused,
    /// naming the artifact and element. Adding the same capability again adds tenants; see
    /// <see cref="WorkflowEngineOptions.GrantCapability"/>.
    /// </summary>
    /// <param name="capability">The capability.</param>
    /// <param name="tenants">Tenant ids; none for every tenant.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">A tenant id is invalid, or the capability is named <c>execution</c>.</exception>
    /// <exception cref="InvalidOperationException">A different capability with the same name was added before.</exception>
    public OcapWorkflowBuilder AddCapability(SandboxCapability capability, params string[] tenants)
    {
        ArgumentNullException.ThrowIfNull(capability);
        CheckGrant(capability.Name, tenants);
        if (_marker.Capabilities.TryGetValue(capability.Name, out var existing) && !ReferenceEquals(existing, capability))
        {
            throw new InvalidOperationException($"A different capability named '{capability.Name}' was added before; a capability name must be unique.");
        }

        _marker.Capabilities[capability.Name] = capability;
        var granted = tenants.ToArray();
        Services.Configure<WorkflowEngineOptions>(o => o.GrantCapability(capability, granted));
        return this;
    }

    /// <summary>
    /// Makes a host capability built from other services (for example a payments client) available to the scripts of
    /// <paramref name="tenants"/>, or of every tenant when none is named; otherwise as
    /// <see cref="AddCapability(SandboxCapability, string[])"/>. The factory runs once, when the engine's options are
    /// built (at host start-up); a name clash with another capability then stops start-up with
    /// <see cref="InvalidOperationException"/>.
    /// </summary>
    /// <param name="factory">Builds the capability from the root service provider.</param>
    /// <param name="tenants">Tenant ids; none for every tenant.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">A tenant id is invalid.</exception>
    public OcapWorkflowBuilder AddCapability(Func<IServiceProvider, SandboxCapability> factory, params string[] tenants)
    {
        ArgumentNullException.ThrowIfNull(factory);
        CheckGrant(null, tenants);
        if (!_marker.CapabilityFactories.TryGetValue(factory, out var built))
        {
            built = new CapabilityFactory(factory);
            _marker.CapabilityFactories.Add(factory, built);
        }

        var granted = tenants.ToArray();
        Services.AddOptions<WorkflowEngineOptions>().Configure<IServiceProvider>((o, sp) => o.GrantCapability(built.Get(sp), granted));
        return this;
    }

    /// <summary>
    /// Uses the in-memory store (<see cref="InMemoryWorkflowStore"/>, on the registered <see cref="TimeProvider"/>):
    /// for tests, samples and hosts whose instances need not outlive the process. Does nothing if a store is already registered.
    /// </summary>
    /// <returns>This builder.</returns>
    public OcapWorkflowBuilder AddInMemoryStore()
    {
        Services.TryAddSingleton<IWorkflowStore>(sp => new InMemoryWorkflowStore(sp.GetRequiredService<TimeProvider>()));
        return this;
    }

    /// <summary>
    /// Runs due jobs (timers, service tasks, retries) in the background while the host runs: a hosted service that
    /// calls <see cref="WorkflowEngine.RunDueJobsAsync"/> and sleeps until the next due job, at most
    /// <see cref="WorkflowEngineOptions.JobPollInterval"/>. Opt-in, so that a host can run jobs on chosen nodes only.
    /// </summary>
    /// <returns>This builder.</returns>
    public OcapWorkflowBuilder AddJobRunner()
    {
        if (!_marker.JobRunnerAdded)
        {
            _marker.JobRunnerAdded = true;
            Services.AddSingleton<IHostedService, WorkflowJobRunner>();
        }

        return this;
    }

    private static void CheckGrant(string? name, string[] tenants)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        if (name == Bpmn.SandboxBpmnScriptEvaluator.ExecutionCapability)
        {
            throw new ArgumentException($"The capability name '{name}' is reserved for the engine's variable access.", nameof(name));
        }

        foreach (var tenant in tenants)
        {
            if (!Tenancy.TenantId.TryParse(tenant, out _))
            {
                throw new ArgumentException($"'{tenant}' is not a valid tenant id.", nameof(tenants));
            }
        }
    }
}
