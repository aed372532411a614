using System.Collections.Frozen;

namespace Ocap.Workflow.Access;

/// <summary>
/// The attribute types every schema starts with: the RFC 4519 user attributes, the COSINE (RFC 4524) and
/// inetOrgPerson (RFC 2798) ones hosts commonly map, the RFC 4512 timestamps, and the Active Directory extras
/// that identity providers emit (memberOf, department, ...). Each carries exactly the matching rules its
/// defining document gives it: for example <c>cn</c> has no ordering rule, so <c>(cn&gt;=m)</c> is Undefined.
/// </summary>
internal static class BuiltInAttributes
{
    private static readonly MatchingRule CI = MatchingRule.CaseIgnoreMatch;
    private static readonly MatchingRule CIO = MatchingRule.CaseIgnoreOrderingMatch;
    private static readonly MatchingRule CIS = MatchingRule.CaseIgnoreSubstringsMatch;
    private static readonly MatchingRule IA5 = MatchingRule.CaseIgnoreIA5Match;
    private static readonly MatchingRule IA5S = MatchingRule.CaseIgnoreIA5SubstringsMatch;
    private static readonly MatchingRule DN = MatchingRule.DistinguishedNameMatch;
    private static readonly MatchingRule TEL = MatchingRule.TelephoneNumberMatch;
    private static readonly MatchingRule TELS = MatchingRule.TelephoneNumberSubstringsMatch;
    private static readonly MatchingRule GT = MatchingRule.GeneralizedTimeMatch;
    private static readonly MatchingRule GTO = MatchingRule.GeneralizedTimeOrderingMatch;

    public static AttributeType[] Create() =>
    [
        // RFC 4519
        Str("name", "2.5.4.41"),
        Sub("cn", "2.5.4.3", "name", "commonName"),
        Sub("sn", "2.5.4.4", "name", "surname"),
        Sub("givenName", "2.5.4.42", "name"),
        Sub("initials", "2.5.4.43", "name"),
        Sub("generationQualifier", "2.5.4.44", "name"),
        Sub("c", "2.5.4.6", "name", "countryName"),
        Sub("l", "2.5.4.7", "name", "localityName"),
        Sub("st", "2.5.4.8", "name", "stateOrProvinceName"),
        Sub("o", "2.5.4.10", "name", "organizationName"),
        Sub("ou", "2.5.4.11", "name", "organizationalUnitName"),
        Sub("title", "2.5.4.12", "name"),
        Str("street", "2.5.4.9", "streetAddress"),
        Str("description", "2.5.4.13"),
        Str("businessCategory", "2.5.4.15"),
        Str("postalCode", "2.5.4.17"),
        Str("postOfficeBox", "2.5.4.18"),
        Str("physicalDeliveryOfficeName", "2.5.4.19"),
        Str("serialNumber", "2.5.4.5"),
        Str("destinationIndicator", "2.5.4.27"),
        Str("houseIdentifier", "2.5.4.51"),
        new("dnQualifier", [], "2.5.4.46", AttributeSyntax.DirectoryString, CI, CIO, CIS, null),
        Str("uid", "0.9.2342.19200300.100.1.1", "userid"),
        new("dc", ["domainComponent"], "0.9.2342.19200300.100.1.25", AttributeSyntax.IA5String, IA5, null, IA5S, null),
        new("telephoneNumber", [], "2.5.4.20", AttributeSyntax.TelephoneNumber, TEL, null, TELS, null),
        new("objectClass", [], "2.5.4.0", AttributeSyntax.Oid, MatchingRule.ObjectIdentifierMatch, null, null, null),
        Dn("distinguishedName", "2.5.4.49", null),
        Dn("member", "2.5.4.31", "distinguishedName"),
        Dn("owner", "2.5.4.32", "distinguishedName"),
        Dn("roleOccupant", "2.5.4.33", "distinguishedName"),
        Dn("seeAlso", "2.5.4.34", "distinguishedName"),

        // RFC 4524 (COSINE)
        new("mail", ["rfc822Mailbox"], "0.9.2342.19200300.100.1.3", AttributeSyntax.IA5String, IA5, null, IA5S, null),
        Dn("manager", "0.9.2342.19200300.100.1.10", null),
        Dn("secretary", "0.9.2342.19200300.100.1.21", null),
        new("mobile", ["mobileTelephoneNumber"], "0.9.2342.19200300.100.1.41", AttributeSyntax.TelephoneNumber, TEL, null, TELS, null),
        new("homePhone", ["homeTelephoneNumber"], "0.9.2342.19200300.100.1.20", AttributeSyntax.TelephoneNumber, TEL, null, TELS, null),
        Str("info", "0.9.2342.19200300.100.1.4"),
        Str("roomNumber", "0.9.2342.19200300.100.1.6"),
        Str("organizationalStatus", "0.9.2342.19200300.100.1.45"),

        // RFC 2798 (inetOrgPerson)
        Str("carLicense", "2.16.840.1.113730.3.1.1"),
        Str("departmentNumber", "2.16.840.1.113730.3.1.2"),
        Str("employeeNumber", "2.16.840.1.113730.3.1.3"),
        Str("employeeType", "2.16.840.1.113730.3.1.4"),
        Str("preferredLanguage", "2.16.840.1.113730.3.1.39"),
        Str("displayName", "2.16.840.1.113730.3.1.241"),

        // RFC 4512 operational timestamps and names
        new("createTimestamp", [], "2.5.18.1", AttributeSyntax.GeneralizedTime, GT, GTO, null, null),
        new("modifyTimestamp", [], "2.5.18.2", AttributeSyntax.GeneralizedTime, GT, GTO, null, null),
        Dn("creatorsName", "2.5.18.3", null),
        Dn("modifiersName", "2.5.18.4", null),

        // Active Directory attributes that identity providers commonly emit
        Dn("memberOf", "1.2.840.113556.1.2.102", null),
        Str("department", "1.2.840.113556.1.2.141"),
        Str("company", "1.2.840.113556.1.2.146"),
        Str("division", "1.2.840.113556.1.4.261"),
        Str("employeeID", "1.2.840.113556.1.4.35"),
        Str("sAMAccountName", "1.2.840.113556.1.4.221"),
        Str("userPrincipalName", "1.2.840.113556.1.4.656"),
    ];

    /// <summary>
    /// Object class descriptors and their OIDs, so that objectIdentifierMatch treats <c>person</c> and
    /// <c>2.5.6.6</c> as the same object identifier.
    /// </summary>
    public static FrozenDictionary<string, string> ObjectClasses { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["top"] = "2.5.6.0",
        ["alias"] = "2.5.6.1",
        ["country"] = "2.5.6.2",
        ["locality"] = "2.5.6.3",
        ["organization"] = "2.5.6.4",
        ["organizationalUnit"] = "2.5.6.5",
        ["person"] = "2.5.6.6",
        ["organizationalPerson"] = "2.5.6.7",
        ["organizationalRole"] = "2.5.6.8",
        ["groupOfNames"] = "2.5.6.9",
        ["residentialPerson"] = "2.5.6.10",
        ["applicationProcess"] = "2.5.6.11",
        ["device"] = "2.5.6.14",
        ["groupOfUniqueNames"] = "2.5.6.17",
        ["inetOrgPerson"] = "2.16.840.1.113730.3.2.2",
        ["dcObject"] = "1.3.6.1.4.1.1466.344",
        ["uidObject"] = "1.3.6.1.1.3.1",
        ["extensibleObject"] = "1.3.6.1.4.1.1466.101.120.111",
        ["group"] = "1.2.840.113556.1.5.8",
        ["user"] = "1.2.840.113556.1.5.9",
        ["computer"] = "1.2.840.113556.1.3.30",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static AttributeType Str(string name, string oid, params string[] aliases) =>
        new(name, aliases, oid, AttributeSyntax.DirectoryString, CI, null, CIS, null);

    private static AttributeType Sub(string name, string oid, string superior, params string[] aliases) =>
        new(name, aliases, oid, AttributeSyntax.DirectoryString, CI, null, CIS, superior);

    private static AttributeType Dn(string name, string oid, string? superior) =>
        new(name, [], oid, AttributeSyntax.DistinguishedName, DN, null, null, superior);
}
