using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Storage;

/// <summary>
/// A job was completed or released with a lease the caller no longer holds: the job is gone, or another worker
/// claimed it after the lease expired. Nothing was written; the job's effect must not be committed.
/// </summary>
public sealed class JobLeaseLostException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="jobId">The job.</param>
    public JobLeaseLostException(TenantId tenant, string jobId)
        : base($"The lease on job '{jobId}' of tenant '{tenant}' is no longer held (the job is gone or was claimed again).")
    {
        Tenant = tenant;
        JobId = jobId;
    }

    /// <summary>The tenant.</summary>
    public TenantId Tenant { get; }

    /// <summary>The job.</summary>
    public string JobId { get; }
}
