using ExpenseApproval.Hosting;
using Ocap.Workflow.Access;
using Ocap.Workflow.Tenancy;

namespace ExpenseApproval.Access;

/// <summary>
/// Maps an actor to LDAP attributes from the tenant's <c>directory.json</c>. A stand-in for a real directory
/// (LDAP, Entra ID, the host's user store); an unknown actor has no attributes and so matches no candidate filter.
/// </summary>
internal sealed class DirectoryPrincipalResolver(TenantCatalog catalog) : IPrincipalResolver
{
    public ValueTask<PrincipalAttributes> ResolveAsync(TenantId tenant, string actorId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(catalog.Lookup(tenant, actorId));
}
