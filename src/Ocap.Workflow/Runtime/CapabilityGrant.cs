using Ocap.Workflow.Sandbox;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

/// <summary>A host capability and the tenants it is granted to (<see langword="null"/>: every tenant).</summary>
internal sealed record CapabilityGrant(SandboxCapability Capability, IReadOnlySet<string>? Tenants)
{
    public bool Covers(TenantId tenant) => Tenants is null || Tenants.Contains(tenant.Value);
}
