using System.Collections.Frozen;

namespace Ocap.Workflow.Access;

/// <summary>How a matching rule prepares values; rules of one family compare the same prepared form.</summary>
internal enum RuleFamily
{
    CaseIgnore,
    CaseExact,
    CaseIgnoreIA5,
    CaseExactIA5,
    Telephone,
    DistinguishedName,
    Integer,
    Boolean,
    ObjectIdentifier,
    GeneralizedTime,
}

/// <summary>What a matching rule decides.</summary>
internal enum RuleUsage
{
    Equality,
    Ordering,
    Substrings,
}

/// <summary>One matching rule we implement (RFC 4517 section 4.2), known by name and by OID.</summary>
internal sealed class MatchingRule
{
    private MatchingRule(string name, string oid, RuleFamily family, RuleUsage usage)
    {
        Name = name;
        Oid = oid;
        Family = family;
        Usage = usage;
    }

    public string Name { get; }

    public string Oid { get; }

    public RuleFamily Family { get; }

    public RuleUsage Usage { get; }

    public static MatchingRule CaseIgnoreMatch { get; } = new("caseIgnoreMatch", "2.5.13.2", RuleFamily.CaseIgnore, RuleUsage.Equality);

    public static MatchingRule CaseIgnoreOrderingMatch { get; } = new("caseIgnoreOrderingMatch", "2.5.13.3", RuleFamily.CaseIgnore, RuleUsage.Ordering);

    public static MatchingRule CaseIgnoreSubstringsMatch { get; } = new("caseIgnoreSubstringsMatch", "2.5.13.4", RuleFamily.CaseIgnore, RuleUsage.Substrings);

    public static MatchingRule CaseExactMatch { get; } = new("caseExactMatch", "2.5.13.5", RuleFamily.CaseExact, RuleUsage.Equality);

    public static MatchingRule CaseExactOrderingMatch { get; } = new("caseExactOrderingMatch", "2.5.13.6", RuleFamily.CaseExact, RuleUsage.Ordering);

    public static MatchingRule CaseExactSubstringsMatch { get; } = new("caseExactSubstringsMatch", "2.5.13.7", RuleFamily.CaseExact, RuleUsage.Substrings);

    public static MatchingRule CaseIgnoreIA5Match { get; } = new("caseIgnoreIA5Match", "1.3.6.1.4.1.1466.109.114.2", RuleFamily.CaseIgnoreIA5, RuleUsage.Equality);

    public static MatchingRule CaseIgnoreIA5SubstringsMatch { get; } = new("caseIgnoreIA5SubstringsMatch", "1.3.6.1.4.1.1466.109.114.3", RuleFamily.CaseIgnoreIA5, RuleUsage.Substrings);

    public static MatchingRule CaseExactIA5Match { get; } = new("caseExactIA5Match", "1.3.6.1.4.1.1466.109.114.1", RuleFamily.CaseExactIA5, RuleUsage.Equality);

    public static MatchingRule TelephoneNumberMatch { get; } = new("telephoneNumberMatch", "2.5.13.20", RuleFamily.Telephone, RuleUsage.Equality);

    public static MatchingRule TelephoneNumberSubstringsMatch { get; } = new("telephoneNumberSubstringsMatch", "2.5.13.21", RuleFamily.Telephone, RuleUsage.Substrings);

    public static MatchingRule DistinguishedNameMatch { get; } = new("distinguishedNameMatch", "2.5.13.1", RuleFamily.DistinguishedName, RuleUsage.Equality);

    public static MatchingRule IntegerMatch { get; } = new("integerMatch", "2.5.13.14", RuleFamily.Integer, RuleUsage.Equality);

    public static MatchingRule IntegerOrderingMatch { get; } = new("integerOrderingMatch", "2.5.13.15", RuleFamily.Integer, RuleUsage.Ordering);

    public static MatchingRule BooleanMatch { get; } = new("booleanMatch", "2.5.13.13", RuleFamily.Boolean, RuleUsage.Equality);

    public static MatchingRule ObjectIdentifierMatch { get; } = new("objectIdentifierMatch", "2.5.13.0", RuleFamily.ObjectIdentifier, RuleUsage.Equality);

    public static MatchingRule GeneralizedTimeMatch { get; } = new("generalizedTimeMatch", "2.5.13.27", RuleFamily.GeneralizedTime, RuleUsage.Equality);

    public static MatchingRule GeneralizedTimeOrderingMatch { get; } = new("generalizedTimeOrderingMatch", "2.5.13.28", RuleFamily.GeneralizedTime, RuleUsage.Ordering);

    public static IReadOnlyList<MatchingRule> All { get; } =
    [
        CaseIgnoreMatch, CaseIgnoreOrderingMatch, CaseIgnoreSubstringsMatch,
        CaseExactMatch, CaseExactOrderingMatch, CaseExactSubstringsMatch,
        CaseIgnoreIA5Match, CaseIgnoreIA5SubstringsMatch, CaseExactIA5Match,
        TelephoneNumberMatch, TelephoneNumberSubstringsMatch,
        DistinguishedNameMatch, IntegerMatch, IntegerOrderingMatch, BooleanMatch, ObjectIdentifierMatch,
        GeneralizedTimeMatch, GeneralizedTimeOrderingMatch,
    ];

    private static readonly FrozenDictionary<string, MatchingRule> ByNameOrOid = All
        .SelectMany(r => new[] { (r.Name, r), (r.Oid, r) })
        .ToFrozenDictionary(p => p.Item1, p => p.r, StringComparer.OrdinalIgnoreCase);

    /// <summary>Finds a rule by descriptor (case-insensitive) or numeric OID; null when we do not implement it.</summary>
    public static MatchingRule? Find(string nameOrOid) => ByNameOrOid.GetValueOrDefault(nameOrOid);

    /// <summary>
    /// Whether this rule can be applied to values of <paramref name="syntax"/> (RFC 4511: an extensible match
    /// whose rule does not apply to the attribute is Undefined). The string rules apply to every string syntax;
    /// a value that is not valid for the rule (non-ASCII for an IA5 rule) is Undefined value by value.
    /// </summary>
    public bool AppliesTo(AttributeSyntax syntax) =>
        Family switch
        {
            RuleFamily.CaseIgnore or RuleFamily.CaseExact or RuleFamily.CaseIgnoreIA5 or RuleFamily.CaseExactIA5 or RuleFamily.Telephone =>
                syntax is AttributeSyntax.DirectoryString or AttributeSyntax.IA5String or AttributeSyntax.CaseExactString or AttributeSyntax.TelephoneNumber,
            RuleFamily.DistinguishedName => syntax == AttributeSyntax.DistinguishedName,
            RuleFamily.Integer => syntax == AttributeSyntax.Integer,
            RuleFamily.Boolean => syntax == AttributeSyntax.Boolean,
            RuleFamily.ObjectIdentifier => syntax == AttributeSyntax.Oid,
            _ => syntax == AttributeSyntax.GeneralizedTime,
        };

    public override string ToString() => Name;
}
