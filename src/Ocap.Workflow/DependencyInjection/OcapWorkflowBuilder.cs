using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Storage.InMemory;

namespace Ocap.Workflow.DependencyInjection;

/// <summary>Adds the parts of the engine a host chooses: service task handlers, a store, the background job runner.</summary>
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
}
