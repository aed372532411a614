using Microsoft.Extensions.Logging;

namespace Ocap.Workflow.Telemetry;

/// <summary>The engine's log messages, with stable event ids (7000-7099).</summary>
internal static partial class WorkflowLog
{
    [LoggerMessage(7001, LogLevel.Information, "Tenant {Tenant} deployed bundle {BundleHash} (new: {Created}).")]
    public static partial void BundleDeployed(ILogger logger, string tenant, string bundleHash, bool created);

    [LoggerMessage(7002, LogLevel.Debug, "Command {Command} on instance {InstanceId} of tenant {Tenant} conflicted with a concurrent commit (attempt {Attempt}); re-running.")]
    public static partial void CommandConflict(ILogger logger, string command, string tenant, string instanceId, int attempt);

    [LoggerMessage(7003, LogLevel.Warning, "Service task {ElementId} (type {TaskType}) of instance {InstanceId} in tenant {Tenant} failed attempt {Attempt}; retrying at {DueAt}.")]
    public static partial void ServiceTaskRetry(ILogger logger, Exception exception, string tenant, string instanceId, string elementId, string taskType, int attempt, DateTimeOffset dueAt);

    [LoggerMessage(7004, LogLevel.Error, "Service task {ElementId} (type {TaskType}) of instance {InstanceId} in tenant {Tenant} failed {Attempt} times; incident raised.")]
    public static partial void ServiceTaskIncident(ILogger logger, Exception exception, string tenant, string instanceId, string elementId, string taskType, int attempt);

    [LoggerMessage(7005, LogLevel.Debug, "Job {JobId} of tenant {Tenant} was taken over or finished by another worker; its result was discarded.")]
    public static partial void JobLeaseLost(ILogger logger, string tenant, string jobId);

    [LoggerMessage(7006, LogLevel.Error, "The job runner failed a round; it will try again.")]
    public static partial void JobRunnerFailed(ILogger logger, Exception exception);
}
