namespace Ocap.Workflow.Access;

/// <summary>
/// A filter bound to a schema, ready to be evaluated many times: evaluation compares pre-prepared keys and
/// allocates nothing. Immutable and thread-safe; compile once per deployed rule and share it.
/// </summary>
public sealed class CompiledLdapFilter
{
    private readonly CompiledNode _root;

    internal CompiledLdapFilter(LdapFilter filter, AttributeSchema schema, CompiledNode root, IReadOnlyList<LdapFilterDiagnostic> diagnostics)
    {
        Filter = filter;
        Schema = schema;
        _root = root;
        Diagnostics = diagnostics;
    }

    /// <summary>The parsed filter.</summary>
    public LdapFilter Filter { get; }

    /// <summary>The schema the filter was compiled with; only principals prepared with this schema can be evaluated.</summary>
    public AttributeSchema Schema { get; }

    /// <summary>Items that can only ever be Undefined under <see cref="Schema"/>; empty for a deployable filter.</summary>
    public IReadOnlyList<LdapFilterDiagnostic> Diagnostics { get; }

    /// <summary>Whether <see cref="Diagnostics"/> is empty.</summary>
    public bool IsValid => Diagnostics.Count == 0;

    /// <summary>The deploy-time check: returns this filter, or throws when any item can only be Undefined.</summary>
    /// <exception cref="LdapFilterValidationException">At least one diagnostic was found; all are listed.</exception>
    public CompiledLdapFilter ThrowIfInvalid() =>
        IsValid ? this : throw new LdapFilterValidationException(Filter.ToString(), Diagnostics);

    /// <summary>Evaluates the filter with RFC 4511 three-valued logic.</summary>
    /// <param name="principal">A principal prepared with <see cref="Schema"/>.</param>
    /// <exception cref="ArgumentException">The principal was prepared with a different schema.</exception>
    public LdapFilterResult Evaluate(AccessPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!ReferenceEquals(principal.Schema, Schema))
        {
            throw new ArgumentException("The principal was prepared with a different attribute schema than the filter was compiled with.", nameof(principal));
        }

        return _root.Evaluate(principal);
    }

    /// <summary>The access decision: <see langword="true"/> only when the filter evaluates to TRUE (FALSE and Undefined deny).</summary>
    /// <param name="principal">A principal prepared with <see cref="Schema"/>.</param>
    public bool IsSatisfiedBy(AccessPrincipal principal) => Evaluate(principal) == LdapFilterResult.True;

    /// <inheritdoc/>
    public override string ToString() => Filter.ToString();
}
