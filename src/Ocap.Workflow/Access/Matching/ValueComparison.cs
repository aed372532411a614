namespace Ocap.Workflow.Access;

/// <summary>
/// The comparisons behind every matching rule, on prepared values. Each returns a three-valued result: Undefined
/// whenever either side is invalid for the syntax (RFC 4511 section 4.5.1.7).
/// </summary>
internal static class ValueComparison
{
    public static LdapFilterResult Equal(RuleFamily family, in PreparedValue value, in PreparedValue assertion)
    {
        var v = value.Key;
        var a = assertion.Key;
        if (v is null || a is null)
        {
            return LdapFilterResult.Undefined;
        }

        switch (family)
        {
            case RuleFamily.GeneralizedTime:
                return From(value.Number == assertion.Number);
            case RuleFamily.ObjectIdentifier:
                // A descriptor that names nothing known cannot be compared with a numeric OID (RFC 4517 4.2.26).
                if (char.IsAsciiDigit(v[0]) != char.IsAsciiDigit(a[0]))
                {
                    return LdapFilterResult.Undefined;
                }

                return From(string.Equals(v, a, StringComparison.Ordinal));
            default:
                return From(string.Equals(v, a, StringComparison.Ordinal));
        }
    }

    public static LdapFilterResult Approximate(RuleFamily family, in PreparedValue value, in PreparedValue assertion)
    {
        if (family is RuleFamily.CaseIgnore or RuleFamily.CaseExact or RuleFamily.CaseIgnoreIA5 or RuleFamily.CaseExactIA5)
        {
            var v = value.Approximate;
            var a = assertion.Approximate;
            return v is null || a is null ? LdapFilterResult.Undefined : From(string.Equals(v, a, StringComparison.Ordinal));
        }

        return Equal(family, value, assertion);
    }

    /// <summary>Orders two valid values of an ordered family; the caller has checked validity.</summary>
    public static int Compare(RuleFamily family, in PreparedValue value, in PreparedValue assertion) =>
        family switch
        {
            RuleFamily.Integer => IntegerSyntax.Compare(value.Key!, assertion.Key!),
            RuleFamily.GeneralizedTime => value.Number.CompareTo(assertion.Number),
            _ => CompareCodePoints(value.Key!, assertion.Key!),
        };

    /// <summary>greaterOrEqual: TRUE when the ordering rule says the value is not less than the assertion.</summary>
    public static LdapFilterResult GreaterOrEqual(RuleFamily family, in PreparedValue value, in PreparedValue assertion) =>
        !value.IsValid || !assertion.IsValid ? LdapFilterResult.Undefined : From(Compare(family, value, assertion) >= 0);

    /// <summary>lessOrEqual: TRUE when the value is less than (ordering rule) or equal to (equality rule) the assertion.</summary>
    public static LdapFilterResult LessOrEqual(RuleFamily family, in PreparedValue value, in PreparedValue assertion) =>
        !value.IsValid || !assertion.IsValid ? LdapFilterResult.Undefined : From(Compare(family, value, assertion) <= 0);

    /// <summary>An ordering rule used directly (extensible match): TRUE when the value is less than the assertion.</summary>
    public static LdapFilterResult Less(RuleFamily family, in PreparedValue value, in PreparedValue assertion) =>
        !value.IsValid || !assertion.IsValid ? LdapFilterResult.Undefined : From(Compare(family, value, assertion) < 0);

    public static LdapFilterResult Substrings(in PreparedValue value, PreparedSubstrings assertion)
    {
        var key = value.Key;
        if (key is null)
        {
            return LdapFilterResult.Undefined;
        }

        var span = key.AsSpan();
        var position = 0;
        if (assertion.Initial is { } initial)
        {
            if (!span.StartsWith(initial, StringComparison.Ordinal))
            {
                return LdapFilterResult.False;
            }

            position = initial.Length;
        }

        foreach (var any in assertion.Any)
        {
            var index = span[position..].IndexOf(any, StringComparison.Ordinal);
            if (index < 0)
            {
                return LdapFilterResult.False;
            }

            position += index + any.Length;
        }

        if (assertion.Final is { } final)
        {
            if (span.Length - final.Length < position || !span.EndsWith(final, StringComparison.Ordinal))
            {
                return LdapFilterResult.False;
            }
        }

        return LdapFilterResult.True;
    }

    /// <summary>Code point order (RFC 4517's ordering rules), which differs from UTF-16 order above U+D7FF.</summary>
    public static int CompareCodePoints(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x != y)
            {
                return Weight(x) - Weight(y);
            }
        }

        return a.Length - b.Length;
    }

    // Surrogates (supplementary code points) sort after every BMP character, as their code points do.
    private static int Weight(char c) => char.IsSurrogate(c) ? c + 0x2000 : c >= 0xE000 ? c - 0x800 : c;

    public static LdapFilterResult From(bool value) => value ? LdapFilterResult.True : LdapFilterResult.False;
}

/// <summary>A substring assertion prepared for one rule family.</summary>
internal sealed class PreparedSubstrings(string? initial, string[] any, string? final)
{
    public string? Initial { get; } = initial;

    public string[] Any { get; } = any;

    public string? Final { get; } = final;
}
