using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Access;

/// <summary>
/// The host's answer to "who is this user, as attributes?". Registered in DI by the host
/// (<see cref="AccessServiceCollectionExtensions.AddPrincipalResolver{TResolver}(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.DependencyInjection.ServiceLifetime)"/>)
/// and called by the engine at the moment a user claims or completes a task, so that the candidate filter is
/// checked against the user's current attributes.
/// </summary>
/// <remarks>
/// An ASP.NET host typically reads the current <see cref="System.Security.Claims.ClaimsPrincipal"/> (after checking
/// that it is the actor named) and maps it with <see cref="ClaimsPrincipalAttributeMapper"/>; a host with its own
/// user store builds the bag with <see cref="PrincipalAttributes.CreateBuilder"/>. Return
/// <see cref="PrincipalAttributes.Empty"/> for an unknown user: it matches no filter that tests an attribute.
/// </remarks>
public interface IPrincipalResolver
{
    /// <summary>Resolves the acting user to attributes.</summary>
    /// <param name="tenant">The tenant the action is in; a user may have different attributes per tenant.</param>
    /// <param name="actorId">The host's identifier of the user, as passed to the engine.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The user's attributes.</returns>
    ValueTask<PrincipalAttributes> ResolveAsync(TenantId tenant, string actorId, CancellationToken cancellationToken);
}
