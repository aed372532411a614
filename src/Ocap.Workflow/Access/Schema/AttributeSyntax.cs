namespace Ocap.Workflow.Access;

/// <summary>
/// The attribute syntaxes (RFC 4517 section 3.3) the evaluator understands. The syntax decides how values are
/// prepared and which matching rules apply.
/// </summary>
public enum AttributeSyntax
{
    /// <summary>
    /// Directory String (1.3.6.1.4.1.1466.115.121.1.15): caseIgnoreMatch, caseIgnoreOrderingMatch and
    /// caseIgnoreSubstringsMatch, with RFC 4518 string preparation (mapping, NFKC, case folding, insignificant spaces).
    /// </summary>
    DirectoryString,

    /// <summary>IA5 String (1.3.6.1.4.1.1466.115.121.1.26): caseIgnoreIA5Match and caseIgnoreIA5SubstringsMatch; values must be ASCII.</summary>
    IA5String,

    /// <summary>A Directory String compared with caseExactMatch, caseExactOrderingMatch and caseExactSubstringsMatch.</summary>
    CaseExactString,

    /// <summary>DN (1.3.6.1.4.1.1466.115.121.1.12): distinguishedNameMatch only; there is no substring or ordering rule.</summary>
    DistinguishedName,

    /// <summary>INTEGER (1.3.6.1.4.1.1466.115.121.1.27): integerMatch and integerOrderingMatch, any magnitude.</summary>
    Integer,

    /// <summary>Boolean (1.3.6.1.4.1.1466.115.121.1.7): booleanMatch on <c>TRUE</c> / <c>FALSE</c> (upper case, as RFC 4517 requires).</summary>
    Boolean,

    /// <summary>OID (1.3.6.1.4.1.1466.115.121.1.38): objectIdentifierMatch; descriptors are case-insensitive and known ones equal their numeric OID.</summary>
    Oid,

    /// <summary>Generalized Time (1.3.6.1.4.1.1466.115.121.1.24): generalizedTimeMatch and generalizedTimeOrderingMatch.</summary>
    GeneralizedTime,

    /// <summary>Telephone Number (1.3.6.1.4.1.1466.115.121.1.50): telephoneNumberMatch and telephoneNumberSubstringsMatch (case, spaces and hyphens ignored).</summary>
    TelephoneNumber,
}
