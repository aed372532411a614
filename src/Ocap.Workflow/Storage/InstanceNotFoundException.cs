using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Storage;

/// <summary>
/// The tenant has no instance with this id. An instance of another tenant gets exactly this error too, so that
/// no caller can learn that an id exists elsewhere.
/// </summary>
public sealed class InstanceNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="tenant">The tenant asked about.</param>
    /// <param name="instanceId">The id that was not found.</param>
    public InstanceNotFoundException(TenantId tenant, string instanceId)
        : base($"Tenant '{tenant}' has no instance '{instanceId}'.")
    {
        Tenant = tenant;
        InstanceId = instanceId;
    }

    /// <summary>The tenant asked about.</summary>
    public TenantId Tenant { get; }

    /// <summary>The id that was not found.</summary>
    public string InstanceId { get; }
}
