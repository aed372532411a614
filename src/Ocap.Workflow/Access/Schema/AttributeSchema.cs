namespace Ocap.Workflow.Access;

/// <summary>
/// The attribute types filters and principals are interpreted with: names and OIDs (case-insensitive) mapped to
/// a syntax and matching rules. Immutable: <see cref="With(string, AttributeSyntax, string?)"/> returns a new schema,
/// so one instance can be shared by every tenant and thread.
/// </summary>
/// <remarks>
/// <see cref="Default"/> holds the RFC 4519 user attributes (cn, sn, givenName, uid, ou, o, title,
/// telephoneNumber, objectClass, member, ...), mail and manager from RFC 4524, the inetOrgPerson attributes of
/// RFC 2798 (employeeType, employeeNumber, departmentNumber, displayName, ...), createTimestamp and
/// modifyTimestamp, and the Active Directory extras memberOf (a DN), department, company, division, employeeID,
/// sAMAccountName and userPrincipalName. Each has the rules its defining document gives it. A filter is compiled
/// against one schema and can only evaluate principals prepared with that same schema instance.
/// </remarks>
public sealed class AttributeSchema
{
    private static readonly (string Name, AttributeSyntax Syntax)[] SyntaxNames =
    [
        ("directoryString", AttributeSyntax.DirectoryString),
        ("ia5String", AttributeSyntax.IA5String),
        ("caseExactString", AttributeSyntax.CaseExactString),
        ("dn", AttributeSyntax.DistinguishedName),
        ("integer", AttributeSyntax.Integer),
        ("boolean", AttributeSyntax.Boolean),
        ("oid", AttributeSyntax.Oid),
        ("generalizedTime", AttributeSyntax.GeneralizedTime),
        ("telephoneNumber", AttributeSyntax.TelephoneNumber),
    ];

    private readonly Dictionary<string, AttributeType> _byName;

    private AttributeSchema(AttributeType[] types)
    {
        Types = types;
        _byName = new Dictionary<string, AttributeType>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < types.Length; i++)
        {
            types[i].Id = i;
            foreach (var name in types[i].AllNames)
            {
                if (!_byName.TryAdd(name, types[i]))
                {
                    throw new ArgumentException($"The attribute name or OID '{name}' is defined twice.", nameof(types));
                }
            }
        }

        foreach (var type in types)
        {
            if (type.Superior is not null && !_byName.ContainsKey(type.Superior))
            {
                throw new ArgumentException($"The attribute '{type.Name}' names an unknown supertype '{type.Superior}'.", nameof(types));
            }

            type.SelfAndSubtypes = types.Where(t => IsSameOrSubtype(t, type)).Select(t => t.Id).ToArray();
        }
    }

    /// <summary>The built-in schema (see the remarks on <see cref="AttributeSchema"/>).</summary>
    public static AttributeSchema Default { get; } = new(BuiltInAttributes.Create());

    internal AttributeType[] Types { get; }

    /// <summary>Every attribute name, alias and OID this schema knows.</summary>
    public IReadOnlyCollection<string> AttributeNames => _byName.Keys;

    /// <summary>
    /// Returns a schema with one more attribute type, whose matching rules are those of its syntax: for
    /// <see cref="AttributeSyntax.DirectoryString"/> caseIgnoreMatch, caseIgnoreOrderingMatch and
    /// caseIgnoreSubstringsMatch; for <see cref="AttributeSyntax.Integer"/> integerMatch and integerOrderingMatch; and so on.
    /// </summary>
    /// <param name="name">A descriptor (<c>ALPHA *(ALPHA / DIGIT / "-")</c>) not yet used by this schema.</param>
    /// <param name="syntax">The values' syntax.</param>
    /// <param name="oid">An optional numeric OID, so that filters may name the attribute by OID too.</param>
    /// <exception cref="ArgumentException">The name or OID is malformed or already defined.</exception>
    public AttributeSchema With(string name, AttributeSyntax syntax, string? oid = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!LdapNames.IsDescriptor(name))
        {
            throw new ArgumentException($"'{name}' is not an attribute descriptor (a letter, then letters, digits or '-').", nameof(name));
        }

        if (oid is not null && !LdapNames.IsNumericOid(oid))
        {
            throw new ArgumentException($"'{oid}' is not a numeric OID.", nameof(oid));
        }

        if (!Enum.IsDefined(syntax))
        {
            throw new ArgumentOutOfRangeException(nameof(syntax), syntax, "Unknown attribute syntax.");
        }

        if (_byName.ContainsKey(name) || (oid is not null && _byName.ContainsKey(oid)))
        {
            throw new ArgumentException($"The attribute '{name}' is already defined in this schema.", nameof(name));
        }

        return new AttributeSchema([.. Types.Select(t => t.Clone()), AttributeType.ForSyntax(name, oid, syntax)]);
    }

    /// <summary>Whether the schema knows the attribute type (name, alias or OID; options such as <c>;lang-en</c> are ignored).</summary>
    /// <param name="attributeDescription">An attribute description, e.g. <c>cn</c>, <c>CN;lang-en</c> or <c>2.5.4.3</c>.</param>
    public bool Contains(string attributeDescription) => TryGetSyntax(attributeDescription, out _);

    /// <summary>The syntax of an attribute type.</summary>
    /// <param name="attributeDescription">An attribute description, e.g. <c>cn</c>.</param>
    /// <param name="syntax">The syntax when known.</param>
    /// <returns>Whether the schema knows the attribute type.</returns>
    public bool TryGetSyntax(string attributeDescription, out AttributeSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(attributeDescription);
        var semicolon = attributeDescription.IndexOf(';', StringComparison.Ordinal);
        var type = Find(semicolon < 0 ? attributeDescription : attributeDescription[..semicolon]);
        syntax = type?.Syntax ?? default;
        return type is not null;
    }

    /// <summary>Reads a syntax name as used in schema files: directoryString, ia5String, caseExactString, dn, integer, boolean, oid, generalizedTime, telephoneNumber.</summary>
    /// <param name="name">The name (case-sensitive, as written above).</param>
    /// <param name="syntax">The syntax when the name is known.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParseSyntaxName(string name, out AttributeSyntax syntax)
    {
        foreach (var (n, s) in SyntaxNames)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                syntax = s;
                return true;
            }
        }

        syntax = default;
        return false;
    }

    /// <summary>The schema-file name of a syntax (the inverse of <see cref="TryParseSyntaxName"/>).</summary>
    /// <param name="syntax">The syntax.</param>
    public static string GetSyntaxName(AttributeSyntax syntax) =>
        Array.Find(SyntaxNames, p => p.Syntax == syntax).Name
        ?? throw new ArgumentOutOfRangeException(nameof(syntax), syntax, "Unknown attribute syntax.");

    /// <summary>The syntax names accepted by <see cref="TryParseSyntaxName"/>.</summary>
    public static IReadOnlyList<string> SyntaxNameList { get; } = SyntaxNames.Select(p => p.Name).ToArray();

    internal AttributeType? Find(string nameOrOid) => _byName.GetValueOrDefault(nameOrOid);

    /// <summary>
    /// The numeric OID a descriptor stands for, as objectIdentifierMatch needs: an attribute type, a matching
    /// rule or a built-in object class. Null when the descriptor is not known.
    /// </summary>
    internal string? ResolveDescriptor(string descriptor)
    {
        if (BuiltInAttributes.ObjectClasses.TryGetValue(descriptor, out var oid))
        {
            return oid;
        }

        if (Find(descriptor)?.Oid is { } attributeOid)
        {
            return attributeOid;
        }

        var rule = MatchingRule.Find(descriptor);
        return rule is not null && !LdapNames.IsNumericOid(descriptor) ? rule.Oid : null;
    }

    private bool IsSameOrSubtype(AttributeType candidate, AttributeType ancestor)
    {
        var current = candidate;
        for (var guard = 0; current is not null && guard < 64; guard++)
        {
            if (ReferenceEquals(current, ancestor))
            {
                return true;
            }

            current = current.Superior is null ? null : _byName.GetValueOrDefault(current.Superior);
        }

        return false;
    }
}
