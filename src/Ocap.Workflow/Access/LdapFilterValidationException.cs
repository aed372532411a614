namespace Ocap.Workflow.Access;

/// <summary>
/// A filter parsed but cannot be deployed: some of its items could only ever evaluate to Undefined under the
/// schema (unknown attributes, missing or inapplicable matching rules, invalid assertion values).
/// </summary>
public sealed class LdapFilterValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filter">The filter text.</param>
    /// <param name="diagnostics">Every problem found (at least one).</param>
    public LdapFilterValidationException(string filter, IReadOnlyList<LdapFilterDiagnostic> diagnostics)
        : base($"The LDAP filter {filter} cannot be deployed: " + string.Join(" ", diagnostics.Select(d => $"At position {d.Position}: {d.Message}")))
    {
        Filter = filter;
        Diagnostics = diagnostics;
    }

    /// <summary>The filter text.</summary>
    public string Filter { get; }

    /// <summary>Every problem found, in filter order.</summary>
    public IReadOnlyList<LdapFilterDiagnostic> Diagnostics { get; }
}
