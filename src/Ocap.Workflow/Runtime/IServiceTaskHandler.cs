using System.Text.Json.Nodes;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

/// <summary>
/// The host's code behind a service task type (<c>zeebe:taskDefinition type</c>, <c>camunda:topic</c>). Called by
/// the job runner after the step that reached the task was committed; it may be called more than once for the
/// same task (at-least-once), so it must use <see cref="ServiceTaskContext.IdempotencyKey"/> to make its effect
/// happen once. Throwing fails the attempt: the engine retries with back-off and then raises an incident.
/// </summary>
public interface IServiceTaskHandler
{
    /// <summary>Does the task's work.</summary>
    /// <param name="context">The task, the instance's variables and the idempotency key.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Variables to set when the task completes (or <see langword="null"/> for none).</returns>
    ValueTask<JsonObject?> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken);
}

/// <summary>One call of a service task handler.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="ElementId">The service task element.</param>
/// <param name="TaskType">The task type.</param>
/// <param name="IdempotencyKey">Stable across every retry of this task in this instance; different for any other.</param>
/// <param name="Attempt">1 for the first call, then one more per retry.</param>
/// <param name="Variables">The variables visible at the task (a copy).</param>
public sealed record ServiceTaskContext(
    TenantId Tenant, string InstanceId, string ElementId, string TaskType, string IdempotencyKey, int Attempt, JsonObject Variables);

/// <summary>How a service task type is retried.</summary>
public sealed record ServiceTaskRetryOptions
{
    /// <summary>Attempts before an incident is raised (1 or more); 3 by default.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The wait before the second attempt; 10 seconds by default. Each later wait is multiplied by <see cref="BackoffMultiplier"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The growth of the wait between attempts (1 or more); 2 by default.</summary>
    public double BackoffMultiplier { get; init; } = 2;

    /// <summary>The longest wait between attempts; 10 minutes by default.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(10);

    internal TimeSpan BackoffAfter(int failedAttempts)
    {
        var ticks = InitialBackoff.Ticks * Math.Pow(BackoffMultiplier, Math.Max(0, failedAttempts - 1));
        return ticks >= MaxBackoff.Ticks ? MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Checks the settings; <paramref name="owner"/> names whose they are in the message.</summary>
    internal void Validate(string owner)
    {
        if (MaxAttempts < 1 || !(BackoffMultiplier >= 1) || InitialBackoff < TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            throw new ArgumentException(
                $"The retry options of {owner} are invalid: MaxAttempts must be 1 or more, BackoffMultiplier 1 or more, and 0 <= InitialBackoff <= MaxBackoff.");
        }
    }
}

/// <summary>A handler registered for a service task type.</summary>
/// <param name="TaskType">The task type it serves.</param>
/// <param name="Handler">The handler.</param>
/// <param name="Retry">How failures are retried.</param>
public sealed record ServiceTaskRegistration(string TaskType, IServiceTaskHandler Handler, ServiceTaskRetryOptions Retry);
