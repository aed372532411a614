using ExpenseApproval.Api;
using Ocap.Workflow.Tenancy;

namespace ExpenseApproval.Access;

/// <summary>
/// Who is calling, taken from the <c>X-Tenant</c> and <c>X-User</c> request headers. A sample-only shortcut: anyone
/// can send any header. A real host authenticates the caller (cookies, OpenID Connect, an API gateway) and maps the
/// authenticated user to a tenant and an actor id, and the actor to attributes in its <c>IPrincipalResolver</c>.
/// </summary>
internal sealed record RequestPrincipal(TenantId Tenant, string User)
{
    public const string TenantHeader = "X-Tenant";
    public const string UserHeader = "X-User";
    private const int MaxUserLength = 128;

    public static RequestPrincipal From(HttpContext http)
    {
        var tenantText = http.Request.Headers[TenantHeader].ToString();
        if (tenantText.Length == 0)
        {
            throw new InvalidRequestException($"The {TenantHeader} header is required: it names the tenant the request is for.");
        }

        if (!TenantId.TryParse(tenantText, out var tenant))
        {
            throw new InvalidRequestException($"The {TenantHeader} header '{tenantText}' is not a tenant id (1 to 64 of A-Z, a-z, 0-9, '.', '_', '-').");
        }

        var user = http.Request.Headers[UserHeader].ToString();
        if (user.Length == 0)
        {
            throw new InvalidRequestException($"The {UserHeader} header is required: it names the user acting.");
        }

        if (user.Length > MaxUserLength || !user.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@'))
        {
            throw new InvalidRequestException($"The {UserHeader} header must be 1 to {MaxUserLength} of A-Z, a-z, 0-9, '.', '_', '-', '@'.");
        }

        return new RequestPrincipal(tenant, user);
    }
}
