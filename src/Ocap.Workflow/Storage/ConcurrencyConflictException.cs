using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Storage;

/// <summary>
/// A commit expected an instance at a version it is no longer at (another command committed first), or tried to
/// create an instance whose id is taken. Nothing of the commit was written; the caller reloads and retries, or
/// refuses the command.
/// </summary>
public sealed class ConcurrencyConflictException : Exception
{
    /// <summary>Creates the exception for one instance.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="expectedVersion">The version the commit expected (0: the instance should not exist yet).</param>
    /// <param name="actualVersion">The version found (0: there is no such instance).</param>
    public ConcurrencyConflictException(TenantId tenant, string instanceId, long expectedVersion, long actualVersion)
        : base(expectedVersion == 0
            ? $"Instance '{instanceId}' of tenant '{tenant}' already exists (version {actualVersion}); it cannot be created again."
            : $"Instance '{instanceId}' of tenant '{tenant}' is at version {actualVersion}, not the expected {expectedVersion}; another command committed first.")
    {
        Tenant = tenant;
        InstanceId = instanceId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>
    /// Creates the exception for a commit that found its instance at the expected version but lost a race for
    /// another row it needed (a buffered message consumed or expired meanwhile).
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="expectedVersion">The version the commit expected (and found).</param>
    /// <param name="reason">What was lost, as a sentence.</param>
    public ConcurrencyConflictException(TenantId tenant, string instanceId, long expectedVersion, string reason)
        : base($"The commit for instance '{instanceId}' of tenant '{tenant}' lost a race: {reason} Nothing was written.")
    {
        Tenant = tenant;
        InstanceId = instanceId;
        ExpectedVersion = expectedVersion;
        ActualVersion = expectedVersion;
    }

    /// <summary>The tenant.</summary>
    public TenantId Tenant { get; }

    /// <summary>The instance.</summary>
    public string InstanceId { get; }

    /// <summary>The version the commit expected.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version found.</summary>
    public long ActualVersion { get; }
}
