using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Storage;

/// <summary>The tenant has no deployed process with this key (and version). Another tenant's process gets the same error.</summary>
public sealed class ProcessDefinitionNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="tenant">The tenant asked about.</param>
    /// <param name="processKey">The process key.</param>
    /// <param name="version">The version asked for, or <see langword="null"/> for the latest.</param>
    public ProcessDefinitionNotFoundException(TenantId tenant, string processKey, int? version)
        : base(version is null
            ? $"Tenant '{tenant}' has no deployed process '{processKey}'."
            : $"Tenant '{tenant}' has no version {version} of process '{processKey}'.")
    {
        Tenant = tenant;
        ProcessKey = processKey;
        Version = version;
    }

    /// <summary>The tenant asked about.</summary>
    public TenantId Tenant { get; }

    /// <summary>The process key.</summary>
    public string ProcessKey { get; }

    /// <summary>The version asked for, or <see langword="null"/> for the latest.</summary>
    public int? Version { get; }
}
