namespace Ocap.Workflow.Access;

/// <summary>The class of a syntax error in an LDAP filter string (RFC 4515).</summary>
public enum LdapFilterParseError
{
    /// <summary>The input ended where more was required, for example a missing <c>)</c>.</summary>
    UnexpectedEnd,

    /// <summary>A filter must start with <c>(</c>.</summary>
    ExpectedOpeningParenthesis,

    /// <summary>A <c>)</c> was required here (for example after the single child of <c>!</c>).</summary>
    ExpectedClosingParenthesis,

    /// <summary>A <c>(</c>, <c>)</c> or <c>*</c> appears in an assertion value where it must be escaped.</summary>
    UnescapedCharacter,

    /// <summary>A backslash is not followed by two hexadecimal digits.</summary>
    InvalidEscape,

    /// <summary>Whitespace appears where the grammar has none (around parentheses, operators or attribute names).</summary>
    UnexpectedWhitespace,

    /// <summary>Characters follow the closing parenthesis of the outermost filter.</summary>
    TrailingInput,

    /// <summary><c>!</c> has no child or more than one.</summary>
    NotRequiresExactlyOneFilter,

    /// <summary>An attribute description (type and options, RFC 4512) is missing or malformed.</summary>
    InvalidAttributeDescription,

    /// <summary>After the attribute description, none of <c>=</c>, <c>~=</c>, <c>&gt;=</c>, <c>&lt;=</c>, <c>:</c> follows.</summary>
    ExpectedFilterType,

    /// <summary>An extensible match has a malformed or missing matching rule or <c>:=</c>.</summary>
    InvalidExtensibleMatch,

    /// <summary>A character that is never allowed unescaped (NUL) or is not Unicode (an unpaired surrogate).</summary>
    InvalidCharacter,

    /// <summary>The filter is longer than <see cref="LdapFilterParseOptions.MaxLength"/> UTF-8 bytes.</summary>
    TooLong,

    /// <summary>The filter nests deeper than <see cref="LdapFilterParseOptions.MaxDepth"/>.</summary>
    TooDeep,
}
