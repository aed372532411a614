using Microsoft.Extensions.DependencyInjection;
using Ocap.Workflow.Access;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.DependencyInjection;

/// <summary>
/// Lets the singleton engine use the host's resolver whatever its lifetime (the access registration makes it scoped
/// by default): each resolution runs in a scope of its own, so a scoped resolver is never captured by the singleton.
/// </summary>
internal sealed class ScopedPrincipalResolver(IServiceScopeFactory scopes) : IPrincipalResolver
{
    public async ValueTask<PrincipalAttributes> ResolveAsync(TenantId tenant, string actorId, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var resolver = scope.ServiceProvider.GetService<IPrincipalResolver>()
                ?? throw new InvalidOperationException("No IPrincipalResolver is registered; the engine needs one to check candidate filters (services.AddPrincipalResolver<T>()).");
            return await resolver.ResolveAsync(tenant, actorId, cancellationToken).ConfigureAwait(false);
        }
    }
}
