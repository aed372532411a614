using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Storage;

/// <summary>
/// A commit refers to rows that do not fit it: it removes a task, job or subscription the instance does not
/// have, or reuses an id that belongs to another instance. Nothing of the commit was written. This points to a
/// bug in the caller, not to a race (races are <see cref="ConcurrencyConflictException"/>).
/// </summary>
public sealed class StoreCommitRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="instanceId">The instance the commit was for.</param>
    /// <param name="reason">What does not fit.</param>
    public StoreCommitRejectedException(TenantId tenant, string instanceId, string reason)
        : base($"Commit for instance '{instanceId}' of tenant '{tenant}' rejected: {reason}")
    {
        Tenant = tenant;
        InstanceId = instanceId;
        Reason = reason;
    }

    /// <summary>The tenant.</summary>
    public TenantId Tenant { get; }

    /// <summary>The instance the commit was for.</summary>
    public string InstanceId { get; }

    /// <summary>What does not fit.</summary>
    public string Reason { get; }
}
