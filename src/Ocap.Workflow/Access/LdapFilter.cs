namespace Ocap.Workflow.Access;

/// <summary>
/// A parsed LDAP search filter (RFC 4515 string form, RFC 4526 absolute true and false). Immutable; two filters are
/// equal when their syntax trees are identical (names and options compared as written, values as octets), and
/// <see cref="ToString"/> prints the filter with canonical escapes, so that parsing the printed form gives an equal
/// filter.
/// </summary>
/// <remarks>
/// Evaluation follows RFC 4511 section 4.5.1.7 with the attribute's own matching rules (RFC 4517, with RFC 4518
/// string preparation). <c>~=</c> is equality after case, insignificant-space and diacritic folding
/// (<c>(cn~=rene muller)</c> matches <c>René Müller</c>); for non-string syntaxes it is equality. An extensible match
/// evaluates the rules this library implements (by name or OID) and is Undefined for any other rule. The <c>:dn</c>
/// flag adds nothing, because a principal has no DN of its own. docs/adr/0003 lists every interpretation.
/// </remarks>
/// <example>
/// <code>
/// var rule = LdapFilter.Parse("(&amp;(department=finance)(|(title=manager)(title=director)))")
///     .Compile(AttributeSchema.Default)
///     .ThrowIfInvalid();                       // deploy time: unknown attributes are reported here
/// var principal = AccessPrincipal.Create(AttributeSchema.Default, attributes);
/// bool allowed = rule.IsSatisfiedBy(principal);  // TRUE only; FALSE and Undefined deny
/// </code>
/// </example>
public sealed class LdapFilter : IEquatable<LdapFilter>
{
    private LdapFilter(FilterNode root) => Root = root;

    internal FilterNode Root { get; }

    /// <summary>Parses a filter.</summary>
    /// <param name="text">The filter, e.g. <c>(&amp;(ou=finance)(!(title=intern)))</c>.</param>
    /// <param name="options">Length and depth bounds; <see cref="LdapFilterParseOptions.Default"/> when null.</param>
    /// <exception cref="LdapFilterParseException">The text is not a valid filter or exceeds a bound; the exception names the position and what was expected.</exception>
    public static LdapFilter Parse(string text, LdapFilterParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new LdapFilter(LdapFilterParser.Parse(text, options ?? LdapFilterParseOptions.Default));
    }

    /// <summary>
    /// Binds the filter to a schema for evaluation. Never throws for schema problems: items that can only be
    /// Undefined are listed in <see cref="CompiledLdapFilter.Diagnostics"/> (use
    /// <see cref="CompiledLdapFilter.ThrowIfInvalid"/> when deploying).
    /// </summary>
    /// <param name="schema">The attribute schema principals will be prepared with.</param>
    public CompiledLdapFilter Compile(AttributeSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var (root, diagnostics) = LdapFilterCompiler.Compile(Root, schema);
        return new CompiledLdapFilter(this, schema, root, diagnostics);
    }

    /// <summary>The filter in RFC 4515 form with canonical escapes.</summary>
    public override string ToString() => LdapFilterPrinter.Print(Root);

    /// <inheritdoc/>
    public bool Equals(LdapFilter? other) => other is not null && Root.Equals(other.Root);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LdapFilter);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
}
