namespace Ocap.Workflow.Access;

/// <summary>Bounds applied while parsing an LDAP filter, so that a tenant cannot make parsing or evaluation expensive.</summary>
public sealed record LdapFilterParseOptions
{
    /// <summary>The default options: 8 KiB and 32 levels.</summary>
    public static LdapFilterParseOptions Default { get; } = new();

    /// <summary>
    /// The longest filter accepted, in UTF-8 bytes (the filter's size on the wire). Default 8192. A longer filter
    /// is refused with <see cref="LdapFilterParseError.TooLong"/> before any parsing work is done.
    /// </summary>
    public int MaxLength { get; init; } = 8192;

    /// <summary>
    /// The deepest nesting of parenthesised filters accepted; <c>(a=b)</c> has depth 1, <c>(!(a=b))</c> depth 2.
    /// Default 32. Bounds the parser's and the evaluator's recursion.
    /// </summary>
    public int MaxDepth { get; init; } = 32;
}
