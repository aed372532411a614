namespace Ocap.Workflow.Access;

/// <summary>
/// The three-valued outcome of evaluating an LDAP filter (RFC 4511 section 4.5.1.7). Access is granted only on
/// <see cref="True"/>: <see cref="Undefined"/> means "cannot be decided" and is never treated as a match, and
/// negating it stays <see cref="Undefined"/>, so an unknown attribute inside <c>(!...)</c> cannot open a door.
/// </summary>
public enum LdapFilterResult
{
    /// <summary>The filter does not match the principal.</summary>
    False = 0,

    /// <summary>The filter matches the principal.</summary>
    True = 1,

    /// <summary>
    /// The filter cannot be decided: an attribute the schema does not know, a matching rule the attribute lacks,
    /// or an assertion value that is not valid for the attribute's syntax.
    /// </summary>
    Undefined = 2,
}
