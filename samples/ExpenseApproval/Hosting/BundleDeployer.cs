using Ocap.Workflow.Runtime;

namespace ExpenseApproval.Hosting;

/// <summary>
/// Deploys every tenant's bundle when the host starts. Deploying is idempotent: the same bytes give the same
/// version, so a restart does not create new versions, and an edited file gives the next version while running
/// claims keep theirs.
/// </summary>
internal sealed partial class BundleDeployer(TenantCatalog catalog, WorkflowEngine engine, ILogger<BundleDeployer> logger)
{
    public async Task DeployAllAsync(CancellationToken cancellationToken)
    {
        foreach (var tenant in catalog.Tenants)
        {
            var record = await engine.DeployAsync(tenant.Tenant, tenant.Bundle, cancellationToken);
            foreach (var process in record.Processes)
            {
                Deployed(logger, tenant.Tenant.Value, process.ProcessKey, process.Version, record.Created ? "new" : "unchanged");
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Tenant {Tenant}: process {ProcessKey} version {Version} ({Change})")]
    private static partial void Deployed(ILogger logger, string tenant, string processKey, int version, string change);
}
