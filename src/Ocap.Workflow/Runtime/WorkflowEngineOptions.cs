using Ocap.Workflow.Sandbox;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

/// <summary>Engine-wide settings; validated when the engine is created.</summary>
public sealed class WorkflowEngineOptions
{
    /// <summary>
    /// How many times a command is re-run (reload, step, commit) after another command committed the same instance
    /// first; then <see cref="Storage.ConcurrencyConflictException"/> reaches the caller. 0 to 100; 8 by default.
    /// </summary>
    public int MaxConflictRetries { get; set; } = 8;

    /// <summary>The principal attribute a Camunda candidate user or assignee is matched against; <c>uid</c> by default.</summary>
    public string CandidateUserAttribute { get; set; } = "uid";

    /// <summary>The principal attribute a Camunda candidate group is matched against; <c>memberOf</c> by default.</summary>
    public string CandidateGroupAttribute { get; set; } = "memberOf";

    /// <summary>
    /// How a candidate group name becomes the value of <see cref="CandidateGroupAttribute"/>; <c>{0}</c> is the group
    /// name (escaped for the filter). <c>cn={0},ou=groups</c> by default, so group <c>finance</c> becomes
    /// <c>(memberOf=cn=finance,ou=groups)</c>. Use <c>{0}</c> alone when the host puts plain group names in the attribute.
    /// </summary>
    public string CandidateGroupValueFormat { get; set; } = "cn={0},ou=groups";

    /// <summary>How long the job runner holds a claimed job before another worker may take it; 5 minutes by default.</summary>
    public TimeSpan JobLeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many due jobs the runner claims per tenant per round (1 to 10,000); 100 by default.</summary>
    public int JobBatchSize { get; set; } = 100;

    /// <summary>The longest the hosted job runner sleeps when no job is due; 1 second by default.</summary>
    public TimeSpan JobPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How a job that failed unexpectedly (a store failure, a damaged job row, a job kind this engine does not know;
    /// not a service task handler's own failure, which its type's <see cref="ServiceTaskRetryOptions"/> govern) is run
    /// again: after <see cref="ServiceTaskRetryOptions.MaxAttempts"/> runs it is parked as an incident that an operator
    /// retries. By default 5 runs, 10 seconds after the first failure, doubling, at most 10 minutes apart.
    /// </summary>
    public ServiceTaskRetryOptions JobFailureRetry { get; set; } = new() { MaxAttempts = 5 };

    private readonly List<CapabilityGrant> _capabilities = [];

    /// <summary>
    /// The limits tenant JavaScript runs under (BPMN conditions and scripts, form validators), unless
    /// <see cref="TenantScriptLimits"/> names the tenant. The defaults of <see cref="SandboxLimits"/> by default.
    /// Each tenant gets one sandbox, built the first time the tenant's scripts are needed, with these limits fixed for
    /// the engine's life (the sandbox's pooled engines are built with them).
    /// </summary>
    public SandboxLimits ScriptLimits { get; set; } = new();

    /// <summary>Limits for particular tenants (by tenant id), overriding <see cref="ScriptLimits"/> for them.</summary>
    public IDictionary<string, SandboxLimits> TenantScriptLimits { get; } = new Dictionary<string, SandboxLimits>(StringComparer.Ordinal);

    /// <summary>
    /// Whether scripts may read the engine's clock (<c>Date.now()</c>, <c>new Date()</c>) and <c>Math.random()</c>;
    /// <see langword="true"/> by default. Every value read is stored with the decision in history, so a replay serves
    /// the same values back and gives the same output. When <see langword="false"/>, <c>Date.now()</c> is <c>NaN</c> and
    /// <c>Math.random()</c> throws, as in a compartment without those powers.
    /// </summary>
    public bool AllowScriptHostTimeAndRandomness { get; set; } = true;

    /// <summary>The host capabilities granted so far, in the order they were first granted.</summary>
    internal IReadOnlyList<CapabilityGrant> Capabilities => _capabilities;

    /// <summary>
    /// Makes a host capability available to the BPMN scripts, conditions and form validators of
    /// <paramref name="tenants"/> (every tenant when none is named). Scripts use it by its name as a free identifier
    /// (<c>payments.pay({...})</c>), validators receive it in <c>ctx.capabilities</c>. A script that names a capability
    /// its tenant was not granted is refused at deployment. Granting the same capability again adds tenants.
    /// </summary>
    /// <param name="capability">The capability.</param>
    /// <param name="tenants">Tenant ids; none for every tenant.</param>
    /// <returns>These options, to chain calls.</returns>
    /// <exception cref="ArgumentException">A tenant id is invalid, or the capability is named <c>execution</c> (the engine's own).</exception>
    /// <exception cref="InvalidOperationException">A different capability with the same name was granted before.</exception>
    public WorkflowEngineOptions GrantCapability(SandboxCapability capability, params string[] tenants)
    {
        ArgumentNullException.ThrowIfNull(capability);
        ArgumentNullException.ThrowIfNull(tenants);
        if (capability.Name == Bpmn.SandboxBpmnScriptEvaluator.ExecutionCapability)
        {
            throw new ArgumentException($"The capability name '{capability.Name}' is reserved for the engine's variable access.", nameof(capability));
        }

        foreach (var tenant in tenants)
        {
            if (!TenantId.TryParse(tenant, out _))
            {
                throw new ArgumentException($"Capability '{capability.Name}' is granted to '{tenant}', which is not a valid tenant id.", nameof(tenants));
            }
        }

        var index = _capabilities.FindIndex(g => g.Capability.Name == capability.Name);
        if (index < 0)
        {
            _capabilities.Add(new CapabilityGrant(capability, tenants.Length == 0 ? null : new HashSet<string>(tenants, StringComparer.Ordinal)));
            return this;
        }

        var existing = _capabilities[index];
        if (!ReferenceEquals(existing.Capability, capability))
        {
            throw new InvalidOperationException($"Two different capabilities are named '{capability.Name}'; a capability name must be unique.");
        }

        _capabilities[index] = existing with
        {
            Tenants = existing.Tenants is null || tenants.Length == 0 ? null : new HashSet<string>(existing.Tenants.Concat(tenants), StringComparer.Ordinal),
        };
        return this;
    }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxConflictRetries is < 0 or > 100)
        {
            throw new ArgumentException($"{nameof(MaxConflictRetries)} must be between 0 and 100 (was {MaxConflictRetries}).");
        }

        if (string.IsNullOrWhiteSpace(CandidateUserAttribute) || string.IsNullOrWhiteSpace(CandidateGroupAttribute))
        {
            throw new ArgumentException($"{nameof(CandidateUserAttribute)} and {nameof(CandidateGroupAttribute)} must name attributes.");
        }

        if (CandidateGroupValueFormat is null || !CandidateGroupValueFormat.Contains("{0}", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{nameof(CandidateGroupValueFormat)} must contain '{{0}}' where the group name goes.");
        }

        if (JobLeaseDuration <= TimeSpan.Zero || JobPollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(JobLeaseDuration)} and {nameof(JobPollInterval)} must be more than zero.");
        }

        if (JobBatchSize is < 1 or > 10_000)
        {
            throw new ArgumentException($"{nameof(JobBatchSize)} must be between 1 and 10,000 (was {JobBatchSize}).");
        }

        if (JobFailureRetry is null)
        {
            throw new ArgumentException($"{nameof(JobFailureRetry)} must be set.");
        }

        JobFailureRetry.Validate(nameof(JobFailureRetry));
        ValidateLimits(nameof(ScriptLimits), ScriptLimits);
        foreach (var (tenant, limits) in TenantScriptLimits)
        {
            if (!TenantId.TryParse(tenant, out _))
            {
                throw new ArgumentException($"{nameof(TenantScriptLimits)} names '{tenant}', which is not a valid tenant id.");
            }

            ValidateLimits($"{nameof(TenantScriptLimits)}[{tenant}]", limits);
        }
    }

    private static void ValidateLimits(string name, SandboxLimits? limits)
    {
        if (limits is null)
        {
            throw new ArgumentException($"{name} must be set.");
        }

        try
        {
            limits.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"{name}.{e.ParamName} must be more than zero.", e);
        }
    }
}
