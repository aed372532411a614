using System.Collections.Concurrent;
using System.Collections.Frozen;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Sandbox;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

/// <summary>
/// The engine's tenant → sandbox registry: one <see cref="BpmnScriptSandbox"/> per tenant, built the first time the
/// tenant's scripts are needed and kept for the engine's life, so every bundle the tenant deploys (and every redeploy)
/// runs on the same warm pool of locked-down engines, under the tenant's limits and capability grants. Modules are not
/// shared: each bundle's evaluator and form validators keep their own (see <see cref="BundleCompiler"/>).
/// </summary>
/// <remarks>
/// The settings are copied when the engine is created; changing the options object later changes nothing. A sandbox's
/// memory is bounded by its own limits (engine pool size, prepared-script cache), so a tenant that deploys many
/// versions does not grow it without bound.
/// </remarks>
internal sealed class TenantSandboxes
{
    private readonly ConcurrentDictionary<TenantId, Lazy<BpmnScriptSandbox>> _tenants = new();
    private readonly SandboxLimits _defaultLimits;
    private readonly FrozenDictionary<string, SandboxLimits> _tenantLimits;
    private readonly CapabilityGrant[] _grants;
    private readonly SandboxCapability[] _capabilities;
    private readonly bool _hostEffects;
    private readonly TimeProvider _time;

    public TenantSandboxes(WorkflowEngineOptions options, TimeProvider time)
    {
        _defaultLimits = options.ScriptLimits;
        _tenantLimits = options.TenantScriptLimits.ToFrozenDictionary(StringComparer.Ordinal);
        _grants = [.. options.Capabilities];
        _capabilities = [.. _grants.Select(g => g.Capability)];
        _hostEffects = options.AllowScriptHostTimeAndRandomness;
        _time = time;
    }

    /// <summary>How many tenants have a sandbox now.</summary>
    public int Count => _tenants.Count;

    /// <summary>The tenant's sandbox, created on first use.</summary>
    public BpmnScriptSandbox For(TenantId tenant) =>
        _tenants.GetOrAdd(tenant, static (t, self) => new Lazy<BpmnScriptSandbox>(() => self.Create(t)), this).Value;

    private BpmnScriptSandbox Create(TenantId tenant)
    {
        var options = new SandboxOptions
        {
            Limits = _tenantLimits.GetValueOrDefault(tenant.Value) ?? _defaultLimits,
            GrantedCapabilities = _grants.Where(g => g.Covers(tenant)).Select(g => g.Capability.Name).ToHashSet(StringComparer.Ordinal),
            AllowHostTimeAndRandomness = _hostEffects,
            TimeProvider = _time,
        };

        // Every registered capability is known to every tenant's sandbox, granted or not, so naming an ungranted one is a
        // prepare-time (deployment) refusal rather than an unresolvable name at run time.
        return new BpmnScriptSandbox(options, _capabilities);
    }
}
