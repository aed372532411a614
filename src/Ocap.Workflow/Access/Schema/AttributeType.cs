namespace Ocap.Workflow.Access;

/// <summary>One attribute type of a schema: its names, OID, syntax, matching rules and supertype.</summary>
internal sealed class AttributeType
{
    public AttributeType(
        string name, string[] aliases, string? oid, AttributeSyntax syntax,
        MatchingRule? equality, MatchingRule? ordering, MatchingRule? substrings, string? superior)
    {
        Name = name;
        Aliases = aliases;
        Oid = oid;
        Syntax = syntax;
        Equality = equality;
        Ordering = ordering;
        Substrings = substrings;
        Superior = superior;
    }

    /// <summary>Index in the schema's type table; principals store values at this index.</summary>
    public int Id { get; set; }

    /// <summary>The primary descriptor.</summary>
    public string Name { get; }

    public string[] Aliases { get; }

    public string? Oid { get; }

    public AttributeSyntax Syntax { get; }

    public MatchingRule? Equality { get; }

    public MatchingRule? Ordering { get; }

    public MatchingRule? Substrings { get; }

    /// <summary>The supertype's name (RFC 4512 SUP), e.g. <c>name</c> for <c>cn</c>.</summary>
    public string? Superior { get; }

    /// <summary>This type's id and those of all its subtypes: a filter on a type also matches its subtypes.</summary>
    public int[] SelfAndSubtypes { get; set; } = [];

    public IEnumerable<string> AllNames => Oid is null ? [Name, .. Aliases] : [Name, .. Aliases, Oid];

    /// <summary>A copy with a new id, so that schemas never share mutable state.</summary>
    public AttributeType Clone() => new(Name, Aliases, Oid, Syntax, Equality, Ordering, Substrings, Superior);

    /// <summary>The rules a host-defined attribute of <paramref name="syntax"/> gets.</summary>
    public static AttributeType ForSyntax(string name, string? oid, AttributeSyntax syntax) =>
        syntax switch
        {
            AttributeSyntax.DirectoryString => new(name, [], oid, syntax, MatchingRule.CaseIgnoreMatch, MatchingRule.CaseIgnoreOrderingMatch, MatchingRule.CaseIgnoreSubstringsMatch, null),
            AttributeSyntax.IA5String => new(name, [], oid, syntax, MatchingRule.CaseIgnoreIA5Match, null, MatchingRule.CaseIgnoreIA5SubstringsMatch, null),
            AttributeSyntax.CaseExactString => new(name, [], oid, syntax, MatchingRule.CaseExactMatch, MatchingRule.CaseExactOrderingMatch, MatchingRule.CaseExactSubstringsMatch, null),
            AttributeSyntax.DistinguishedName => new(name, [], oid, syntax, MatchingRule.DistinguishedNameMatch, null, null, null),
            AttributeSyntax.Integer => new(name, [], oid, syntax, MatchingRule.IntegerMatch, MatchingRule.IntegerOrderingMatch, null, null),
            AttributeSyntax.Boolean => new(name, [], oid, syntax, MatchingRule.BooleanMatch, null, null, null),
            AttributeSyntax.Oid => new(name, [], oid, syntax, MatchingRule.ObjectIdentifierMatch, null, null, null),
            AttributeSyntax.GeneralizedTime => new(name, [], oid, syntax, MatchingRule.GeneralizedTimeMatch, MatchingRule.GeneralizedTimeOrderingMatch, null, null),
            AttributeSyntax.TelephoneNumber => new(name, [], oid, syntax, MatchingRule.TelephoneNumberMatch, null, MatchingRule.TelephoneNumberSubstringsMatch, null),
            _ => throw new ArgumentOutOfRangeException(nameof(syntax), syntax, "Unknown attribute syntax."),
        };
}
