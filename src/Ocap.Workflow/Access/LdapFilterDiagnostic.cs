namespace Ocap.Workflow.Access;

/// <summary>Why a filter item can only ever evaluate to Undefined under a schema.</summary>
public enum LdapFilterDiagnosticKind
{
    /// <summary>The attribute type is not in the schema (a typo, or an attribute the host has not declared).</summary>
    UnknownAttribute,

    /// <summary>The extensible match names a matching rule this library does not implement.</summary>
    UnknownMatchingRule,

    /// <summary>The attribute has no rule for the comparison (e.g. substrings on a DN, <c>&gt;=</c> on <c>cn</c>), or the named rule does not apply to its syntax.</summary>
    MatchingRuleNotApplicable,

    /// <summary>The assertion value is not valid for the rule's syntax (e.g. <c>(level=high)</c> on an integer attribute).</summary>
    InvalidAssertionValue,
}

/// <summary>One problem found when a filter is compiled against a schema.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Position">0-based position of the item's opening parenthesis in the filter text.</param>
/// <param name="Attribute">The attribute description concerned, when there is one.</param>
/// <param name="Message">A sentence for the tenant who wrote the filter.</param>
public sealed record LdapFilterDiagnostic(LdapFilterDiagnosticKind Kind, int Position, string? Attribute, string Message);
