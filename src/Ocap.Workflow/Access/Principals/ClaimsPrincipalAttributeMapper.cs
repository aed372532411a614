using System.Globalization;
using System.Security.Claims;

namespace Ocap.Workflow.Access;

/// <summary>
/// Maps a <see cref="ClaimsPrincipal"/> (ASP.NET authentication, JWT, OpenID Connect) to
/// <see cref="PrincipalAttributes"/>, by an explicit table from claim type to attribute description. Only mapped
/// claims become attributes: a token carries many claims (audience, issue time, ...) that must not turn into
/// authorization facts by accident. Immutable.
/// </summary>
/// <remarks>
/// <see cref="Default"/> maps the WS-Federation (<see cref="ClaimTypes"/>) and OpenID Connect names of: name
/// identifier / <c>sub</c> to <c>uid</c>; name / <c>name</c> to <c>cn</c>; given name / <c>given_name</c> to
/// <c>givenName</c>; surname / <c>family_name</c> to <c>sn</c>; e-mail / <c>email</c> to <c>mail</c>; mobile phone
/// to <c>mobile</c>; home phone to <c>homePhone</c>; <c>phone_number</c> to <c>telephoneNumber</c>. Roles and
/// groups are not mapped by default because their values are rarely DNs; add them with <see cref="With"/> (and
/// declare the target attribute in the schema). Claims typed as boolean become <c>TRUE</c>/<c>FALSE</c> and
/// claims typed as date-time become Generalized Time, so that they satisfy those syntaxes.
/// </remarks>
public sealed class ClaimsPrincipalAttributeMapper
{
    private readonly Dictionary<string, string> _map;

    /// <summary>Creates a mapper from a table of claim type to attribute description.</summary>
    /// <param name="claimTypeToAttribute">Claim type (compared ordinally) to attribute description.</param>
    /// <exception cref="ArgumentException">An attribute description is malformed.</exception>
    public ClaimsPrincipalAttributeMapper(IEnumerable<KeyValuePair<string, string>> claimTypeToAttribute)
    {
        ArgumentNullException.ThrowIfNull(claimTypeToAttribute);
        _map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (claimType, attribute) in claimTypeToAttribute)
        {
            ArgumentException.ThrowIfNullOrEmpty(claimType);
            if (AttributeDescription.TryParse(attribute) is null)
            {
                throw new ArgumentException($"'{attribute}' (for claim type '{claimType}') is not an attribute description.", nameof(claimTypeToAttribute));
            }

            _map[claimType] = attribute;
        }
    }

    /// <summary>The standard identity claims (see remarks).</summary>
    public static ClaimsPrincipalAttributeMapper Default { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ClaimTypes.NameIdentifier] = "uid",
        ["sub"] = "uid",
        [ClaimTypes.Name] = "cn",
        ["name"] = "cn",
        [ClaimTypes.GivenName] = "givenName",
        ["given_name"] = "givenName",
        [ClaimTypes.Surname] = "sn",
        ["family_name"] = "sn",
        [ClaimTypes.Email] = "mail",
        ["email"] = "mail",
        [ClaimTypes.MobilePhone] = "mobile",
        [ClaimTypes.HomePhone] = "homePhone",
        ["phone_number"] = "telephoneNumber",
    });

    /// <summary>The claim type to attribute table.</summary>
    public IReadOnlyDictionary<string, string> Mappings => _map;

    /// <summary>Returns a mapper that also (or instead) maps <paramref name="claimType"/> to <paramref name="attribute"/>.</summary>
    /// <param name="claimType">The claim type, e.g. <c>department</c> or <see cref="ClaimTypes.Role"/>.</param>
    /// <param name="attribute">The attribute description it becomes.</param>
    public ClaimsPrincipalAttributeMapper With(string claimType, string attribute) =>
        new(_map.Where(p => !string.Equals(p.Key, claimType, StringComparison.Ordinal)).Append(new(claimType, attribute)));

    /// <summary>Maps the claims of every identity of <paramref name="principal"/>.</summary>
    /// <param name="principal">The authenticated user.</param>
    public PrincipalAttributes Map(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var builder = PrincipalAttributes.CreateBuilder();
        foreach (var claim in principal.Claims)
        {
            if (_map.TryGetValue(claim.Type, out var attribute))
            {
                builder.Add(attribute, ConvertValue(claim));
            }
        }

        return builder.Build();
    }

    private static string ConvertValue(Claim claim)
    {
        if (claim.ValueType == ClaimValueTypes.Boolean && bool.TryParse(claim.Value, out var flag))
        {
            return flag ? "TRUE" : "FALSE";
        }

        if (claim.ValueType == ClaimValueTypes.DateTime
            && DateTimeOffset.TryParse(claim.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.UtcDateTime.ToString("yyyyMMddHHmmss.fffffff'Z'", CultureInfo.InvariantCulture);
        }

        return claim.Value;
    }
}
