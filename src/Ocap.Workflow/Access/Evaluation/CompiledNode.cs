namespace Ocap.Workflow.Access;

/// <summary>
/// A node of a compiled filter. Compilation resolves attribute names to type ids, picks the matching rule and
/// prepares the assertion value, so that evaluation is a walk over arrays that compares prepared keys and
/// allocates nothing (extensible matches with a rule from another family than the attribute's are the exception:
/// they must prepare each value for that rule).
/// </summary>
internal abstract class CompiledNode
{
    public abstract LdapFilterResult Evaluate(AccessPrincipal principal);
}

/// <summary><c>&amp;</c>: FALSE if any child is FALSE, else Undefined if any is Undefined, else TRUE (so <c>(&amp;)</c> is TRUE).</summary>
internal sealed class AndNode(CompiledNode[] children) : CompiledNode
{
    public override LdapFilterResult Evaluate(AccessPrincipal principal)
    {
        var result = LdapFilterResult.True;
        foreach (var child in children)
        {
            var r = child.Evaluate(principal);
            if (r == LdapFilterResult.False)
            {
                return LdapFilterResult.False;
            }

            if (r == LdapFilterResult.Undefined)
            {
                result = LdapFilterResult.Undefined;
            }
        }

        return result;
    }
}

/// <summary><c>|</c>: TRUE if any child is TRUE, else Undefined if any is Undefined, else FALSE (so <c>(|)</c> is FALSE).</summary>
internal sealed class OrNode(CompiledNode[] children) : CompiledNode
{
    public override LdapFilterResult Evaluate(AccessPrincipal principal)
    {
        var result = LdapFilterResult.False;
        foreach (var child in children)
        {
            var r = child.Evaluate(principal);
            if (r == LdapFilterResult.True)
            {
                return LdapFilterResult.True;
            }

            if (r == LdapFilterResult.Undefined)
            {
                result = LdapFilterResult.Undefined;
            }
        }

        return result;
    }
}

/// <summary><c>!</c>: swaps TRUE and FALSE; Undefined stays Undefined.</summary>
internal sealed class NotNode(CompiledNode child) : CompiledNode
{
    public override LdapFilterResult Evaluate(AccessPrincipal principal) =>
        child.Evaluate(principal) switch
        {
            LdapFilterResult.True => LdapFilterResult.False,
            LdapFilterResult.False => LdapFilterResult.True,
            _ => LdapFilterResult.Undefined,
        };
}

/// <summary>An item that can never be decided (unknown attribute or rule, no applicable rule, invalid assertion value).</summary>
internal sealed class UndefinedNode : CompiledNode
{
    public static UndefinedNode Instance { get; } = new();

    public override LdapFilterResult Evaluate(AccessPrincipal principal) => LdapFilterResult.Undefined;
}

/// <summary><c>attr=*</c> on a known type: TRUE when the type or a subtype has a value under matching options.</summary>
internal sealed class PresentNode(int[] typeIds, string[] options) : CompiledNode
{
    public override LdapFilterResult Evaluate(AccessPrincipal principal)
    {
        foreach (var typeId in typeIds)
        {
            if (options.Length == 0)
            {
                if (principal.AllValuesOf(typeId).Length > 0)
                {
                    return LdapFilterResult.True;
                }

                continue;
            }

            var groups = principal.ValuesOf(typeId);
            if (groups is null)
            {
                continue;
            }

            foreach (var group in groups)
            {
                if (group.Values.Length > 0 && group.HasOptions(options))
                {
                    return LdapFilterResult.True;
                }
            }
        }

        return LdapFilterResult.False;
    }
}

/// <summary>
/// <c>attr=*</c> on a type the schema does not know: RFC 4511 lists presence as the one item that stays decidable,
/// so it is TRUE when the principal was given values under that name, FALSE otherwise.
/// </summary>
internal sealed class UnknownPresentNode(string type, string[] options) : CompiledNode
{
    public override LdapFilterResult Evaluate(AccessPrincipal principal)
    {
        var groups = principal.ValuesOfUnknownType(type);
        if (groups is not null)
        {
            foreach (var group in groups)
            {
                if (group.Values.Length > 0 && group.HasOptions(options))
                {
                    return LdapFilterResult.True;
                }
            }
        }

        return LdapFilterResult.False;
    }
}

/// <summary>Decides one prepared value against an item's prepared assertion.</summary>
internal interface IValueMatcher
{
    LdapFilterResult Match(in PreparedValue value);
}

/// <summary>
/// An item that compares values of a type (and its subtypes) under matching options. Multi-valued attributes
/// match when any value matches: TRUE if any value gives TRUE, else Undefined if any gives Undefined, else FALSE;
/// a principal without the attribute gives FALSE. The matcher is a struct type argument, so the JIT specialises
/// this loop per matcher and inlines the comparison: no virtual call per value.
/// </summary>
internal sealed class ValueMatchNode<TMatcher>(int[] typeIds, string[] options, TMatcher matcher) : CompiledNode
    where TMatcher : struct, IValueMatcher
{
    private readonly TMatcher _matcher = matcher;

    public override LdapFilterResult Evaluate(AccessPrincipal principal)
    {
        var result = LdapFilterResult.False;
        foreach (var typeId in typeIds)
        {
            if (options.Length == 0)
            {
                if (MatchAny(principal.AllValuesOf(typeId), ref result))
                {
                    return LdapFilterResult.True;
                }

                continue;
            }

            var groups = principal.ValuesOf(typeId);
            if (groups is null)
            {
                continue;
            }

            foreach (var group in groups)
            {
                if (group.HasOptions(options) && MatchAny(group.Values, ref result))
                {
                    return LdapFilterResult.True;
                }
            }
        }

        return result;
    }

    /// <summary>True when a value matches; otherwise records Undefined in <paramref name="result"/> if a value gave it.</summary>
    private bool MatchAny(ReadOnlySpan<PreparedValue> values, ref LdapFilterResult result)
    {
        foreach (ref readonly var value in values)
        {
            var r = _matcher.Match(value);
            if (r == LdapFilterResult.True)
            {
                return true;
            }

            if (r == LdapFilterResult.Undefined)
            {
                result = LdapFilterResult.Undefined;
            }
        }

        return false;
    }
}

/// <summary>Equality on keys compared ordinally (every family except OID and time): the common case, kept branch-light.</summary>
internal readonly struct KeyEqualityMatcher(string key) : IValueMatcher
{
    public LdapFilterResult Match(in PreparedValue value) =>
        value.Key is not { } k ? LdapFilterResult.Undefined
        : string.Equals(k, key, StringComparison.Ordinal) ? LdapFilterResult.True
        : LdapFilterResult.False;
}

internal readonly struct EqualityMatcher(RuleFamily family, PreparedValue assertion) : IValueMatcher
{
    public LdapFilterResult Match(in PreparedValue value) => ValueComparison.Equal(family, value, assertion);
}

internal readonly struct ApproximateMatcher(RuleFamily family, PreparedValue assertion) : IValueMatcher
{
    public LdapFilterResult Match(in PreparedValue value) => ValueComparison.Approximate(family, value, assertion);
}

internal readonly struct GreaterOrEqualMatcher(RuleFamily family, PreparedValue assertion) : IValueMatcher
{
    public LdapFilterResult Match(in PreparedValue value) => ValueComparison.GreaterOrEqual(family, value, assertion);
}

internal readonly struct LessOrEqualMatcher(RuleFamily family, PreparedValue assertion) : IValueMatcher
{
    public LdapFilterResult Match(in PreparedValue value) => ValueComparison.LessOrEqual(family, value, assertion);
}

internal readonly struct SubstringsMatcher(PreparedSubstrings assertion) : IValueMatcher
{
    public LdapFilterResult Match(in PreparedValue value) => ValueComparison.Substrings(value, assertion);
}

/// <summary>
/// An extensible match applying <paramref name="rule"/> to the values of one type. When the rule's family differs
/// from the family the values were prepared for (say caseExactMatch on a case-ignore attribute), each raw value is
/// prepared for the rule here, which allocates.
/// </summary>
internal readonly struct RuleMatcher(MatchingRule rule, bool reprepare, PreparedValue assertion, PreparedSubstrings? substrings, AttributeSchema schema)
    : IValueMatcher
{
    public LdapFilterResult Match(in PreparedValue value)
    {
        var prepared = reprepare ? ValuePreparation.Prepare(rule.Family, value.Raw, schema) : value;
        return rule.Usage switch
        {
            RuleUsage.Equality => ValueComparison.Equal(rule.Family, prepared, assertion),
            RuleUsage.Ordering => ValueComparison.Less(rule.Family, prepared, assertion),
            _ => substrings is null ? LdapFilterResult.Undefined : ValueComparison.Substrings(prepared, substrings),
        };
    }
}
