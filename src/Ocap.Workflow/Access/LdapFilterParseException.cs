namespace Ocap.Workflow.Access;

/// <summary>An LDAP filter string is not valid RFC 4515 syntax, or exceeds a parse bound.</summary>
/// <remarks>
/// <see cref="Position"/> is a 0-based index into the filter string in UTF-16 code units (the index .NET string
/// APIs use), pointing at the first character that could not be accepted (or at the end of the input).
/// </remarks>
public sealed class LdapFilterParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The class of error.</param>
    /// <param name="position">0-based position of the offending character.</param>
    /// <param name="expected">What the grammar expected at that position, in words.</param>
    /// <param name="detail">What was found instead, in words.</param>
    public LdapFilterParseException(LdapFilterParseError error, int position, string expected, string detail)
        : base($"Invalid LDAP filter at position {position}: expected {expected}; {detail}.")
    {
        Error = error;
        Position = position;
        Expected = expected;
    }

    /// <summary>The class of error, for callers that react to some kinds differently.</summary>
    public LdapFilterParseError Error { get; }

    /// <summary>0-based position (UTF-16 code units) of the offending character, or the input length at the end.</summary>
    public int Position { get; }

    /// <summary>What the grammar expected at <see cref="Position"/>, in words.</summary>
    public string Expected { get; }
}
