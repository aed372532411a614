using Microsoft.Extensions.Logging;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Telemetry;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

public sealed partial class WorkflowEngine
{
    /// <summary>
    /// A job threw something its own handling did not expect (a store failure, an inconsistent deployment, a job kind
    /// this engine does not know). The job is released with back-off and counted as an attempt; after
    /// <see cref="WorkflowEngineOptions.JobFailureRetry"/>'s attempts it is parked as an incident (never due) that an
    /// operator sees on the instance and retries with <see cref="RetryIncidentAsync(TenantId, string, string, string, CancellationToken)"/>.
    /// The other due jobs of the round still run.
    /// </summary>
    private async Task ParkFailedJobAsync(TenantId tenant, ClaimedJob claimed, Exception error, CancellationToken cancellationToken)
    {
        var job = claimed.Job;
        var attempt = job.Attempts + 1;
        var retry = _options.JobFailureRetry;
        var parked = attempt >= retry.MaxAttempts;
        var due = parked ? DateTimeOffset.MaxValue : _time.GetUtcNow() + retry.BackoffAfter(attempt);
        if (parked)
        {
            JobFailureLog.JobParked(_logger, error, tenant.Value, job.JobId, job.Kind, attempt);
        }
        else
        {
            JobFailureLog.JobRetried(_logger, error, tenant.Value, job.JobId, job.Kind, attempt, due);
        }

        try
        {
            await _store.RetryJobAsync(tenant, new JobCompletion(job.JobId, claimed.LeaseToken), due, cancellationToken).ConfigureAwait(false);
        }
        catch (JobLeaseLostException)
        {
            // The job finished or was taken over meanwhile; whoever holds it now decides.
            WorkflowLog.JobLeaseLost(_logger, tenant.Value, job.JobId);
            return;
        }

        if (parked)
        {
            _telemetry.IncidentRaised();
        }
    }
}

/// <summary>Log messages of the job runner's failure handling (event ids 7200-7219).</summary>
internal static partial class JobFailureLog
{
    [LoggerMessage(7200, LogLevel.Warning, "Job {JobId} ({Kind}) of tenant {Tenant} failed unexpectedly on attempt {Attempt}; retrying at {DueAt}.")]
    public static partial void JobRetried(ILogger logger, Exception exception, string tenant, string jobId, string kind, int attempt, DateTimeOffset dueAt);

    [LoggerMessage(7201, LogLevel.Error, "Job {JobId} ({Kind}) of tenant {Tenant} failed unexpectedly {Attempt} times; parked as an incident.")]
    public static partial void JobParked(ILogger logger, Exception exception, string tenant, string jobId, string kind, int attempt);
}
