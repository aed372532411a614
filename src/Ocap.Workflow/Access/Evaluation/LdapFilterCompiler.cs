using System.Text;

namespace Ocap.Workflow.Access;

/// <summary>
/// Binds a parsed filter to a schema: resolves attribute types (with their subtypes), chooses each item's
/// matching rule, prepares assertion values, and records a diagnostic for every item that can only ever be
/// Undefined, so that deployment can refuse a rule that names an unknown attribute.
/// </summary>
internal sealed class LdapFilterCompiler
{
    private readonly AttributeSchema _schema;
    private readonly List<LdapFilterDiagnostic> _diagnostics = [];

    private LdapFilterCompiler(AttributeSchema schema) => _schema = schema;

    public static (CompiledNode Root, IReadOnlyList<LdapFilterDiagnostic> Diagnostics) Compile(FilterNode node, AttributeSchema schema)
    {
        var compiler = new LdapFilterCompiler(schema);
        var root = compiler.CompileNode(node);
        return (root, compiler._diagnostics.ToArray());
    }

    private CompiledNode CompileNode(FilterNode node) =>
        node switch
        {
            FilterSet { Kind: FilterKind.And } set => new AndNode(set.Children.Select(CompileNode).ToArray()),
            FilterSet set => new OrNode(set.Children.Select(CompileNode).ToArray()),
            FilterNot not => new NotNode(CompileNode(not.Child)),
            FilterPresent present => CompilePresent(present),
            FilterComparison comparison => CompileComparison(comparison),
            FilterSubstrings substrings => CompileSubstrings(substrings),
            FilterExtensible extensible => CompileExtensible(extensible),
            _ => throw new InvalidOperationException($"Unknown filter node {node.GetType().Name}."),
        };

    private CompiledNode CompilePresent(FilterPresent present)
    {
        var type = _schema.Find(present.Attribute.Type);
        if (type is null)
        {
            Report(LdapFilterDiagnosticKind.UnknownAttribute, present.Position, present.Attribute.Type,
                $"The attribute '{present.Attribute.Type}' is not in the schema; presence is decided by name only.");
            return new UnknownPresentNode(present.Attribute.Type, present.Attribute.NormalizedOptions);
        }

        return new PresentNode(type.SelfAndSubtypes, present.Attribute.NormalizedOptions);
    }

    private CompiledNode CompileComparison(FilterComparison comparison)
    {
        var type = FindOrReport(comparison.Attribute, comparison.Position);
        if (type is null)
        {
            return UndefinedNode.Instance;
        }

        var rule = comparison.Kind switch
        {
            FilterKind.GreaterOrEqual or FilterKind.LessOrEqual => type.Ordering,
            _ => type.Equality,
        };
        if (rule is null || type.Equality is null)
        {
            var what = comparison.Kind is FilterKind.GreaterOrEqual or FilterKind.LessOrEqual ? "ordering" : "equality";
            Report(LdapFilterDiagnosticKind.MatchingRuleNotApplicable, comparison.Position, type.Name,
                $"The attribute '{comparison.Attribute.Type}' has no {what} matching rule.");
            return UndefinedNode.Instance;
        }

        var assertion = PrepareAssertion(rule.Family, comparison.Value, comparison.Position, comparison.Attribute.Type);
        if (assertion is null)
        {
            return UndefinedNode.Instance;
        }

        var ids = type.SelfAndSubtypes;
        var options = comparison.Attribute.NormalizedOptions;
        var family = rule.Family;
        var value = assertion.Value;
        return comparison.Kind switch
        {
            FilterKind.Equality when family is not (RuleFamily.ObjectIdentifier or RuleFamily.GeneralizedTime) =>
                new ValueMatchNode<KeyEqualityMatcher>(ids, options, new(value.Key!)),
            FilterKind.Equality => new ValueMatchNode<EqualityMatcher>(ids, options, new(family, value)),
            FilterKind.Approximate => new ValueMatchNode<ApproximateMatcher>(ids, options, new(family, value)),
            FilterKind.GreaterOrEqual => new ValueMatchNode<GreaterOrEqualMatcher>(ids, options, new(family, value)),
            _ => new ValueMatchNode<LessOrEqualMatcher>(ids, options, new(family, value)),
        };
    }

    private CompiledNode CompileSubstrings(FilterSubstrings substrings)
    {
        var type = FindOrReport(substrings.Attribute, substrings.Position);
        if (type is null)
        {
            return UndefinedNode.Instance;
        }

        if (type.Substrings is null)
        {
            Report(LdapFilterDiagnosticKind.MatchingRuleNotApplicable, substrings.Position, type.Name,
                $"The attribute '{substrings.Attribute.Type}' has no substrings matching rule.");
            return UndefinedNode.Instance;
        }

        var prepared = PrepareSubstrings(
            type.Substrings.Family,
            substrings.Initial is null ? null : Text(substrings.Initial),
            substrings.Any.Select(Text).ToArray(),
            substrings.Final is null ? null : Text(substrings.Final));
        if (prepared is null)
        {
            Report(LdapFilterDiagnosticKind.InvalidAssertionValue, substrings.Position, type.Name,
                $"A substring of the assertion on '{substrings.Attribute.Type}' is empty or not valid for {type.Substrings.Name}.");
            return UndefinedNode.Instance;
        }

        return new ValueMatchNode<SubstringsMatcher>(type.SelfAndSubtypes, substrings.Attribute.NormalizedOptions, new(prepared));

        static string Text(AssertionValue value) => value.Text ?? "\uFFFD";
    }

    private CompiledNode CompileExtensible(FilterExtensible extensible)
    {
        MatchingRule? rule = null;
        if (extensible.MatchingRule is not null)
        {
            rule = MatchingRule.Find(extensible.MatchingRule);
            if (rule is null)
            {
                Report(LdapFilterDiagnosticKind.UnknownMatchingRule, extensible.Position, extensible.Attribute?.Type,
                    $"The matching rule '{extensible.MatchingRule}' is not implemented.");
                return UndefinedNode.Instance;
            }
        }

        // The :dn flag also matches the AVAs of the entry's own DN. A principal is an attribute bag without a DN
        // of its own, so the flag adds nothing: the item evaluates as it would without it (see ADR 0003).
        if (extensible.Attribute is null)
        {
            return CompileRuleOverAllAttributes(rule!, extensible);
        }

        var type = FindOrReport(extensible.Attribute, extensible.Position);
        if (type is null)
        {
            return UndefinedNode.Instance;
        }

        rule ??= type.Equality;
        if (rule is null || !rule.AppliesTo(type.Syntax))
        {
            Report(LdapFilterDiagnosticKind.MatchingRuleNotApplicable, extensible.Position, type.Name,
                rule is null
                    ? $"The attribute '{extensible.Attribute.Type}' has no equality matching rule."
                    : $"The matching rule {rule.Name} does not apply to '{extensible.Attribute.Type}' ({AttributeSchema.GetSyntaxName(type.Syntax)}).");
            return UndefinedNode.Instance;
        }

        return CompileRuleMatch(rule, type, extensible) ?? (CompiledNode)UndefinedNode.Instance;
    }

    private CompiledNode CompileRuleOverAllAttributes(MatchingRule rule, FilterExtensible extensible)
    {
        var nodes = new List<CompiledNode>();
        foreach (var type in _schema.Types)
        {
            if (rule.AppliesTo(type.Syntax))
            {
                var node = CompileRuleMatch(rule, type, extensible, singleType: true);
                if (node is null)
                {
                    return UndefinedNode.Instance;
                }

                nodes.Add(node);
            }
        }

        return new OrNode([.. nodes]);
    }

    private CompiledNode? CompileRuleMatch(MatchingRule rule, AttributeType type, FilterExtensible extensible, bool singleType = false)
    {
        var ids = singleType ? [type.Id] : type.SelfAndSubtypes;
        var options = extensible.Attribute?.NormalizedOptions ?? [];
        var reprepare = type.Equality?.Family != rule.Family;
        if (rule.Usage == RuleUsage.Substrings)
        {
            var substrings = extensible.Value.Text is { } text ? ParseSubstringAssertion(rule.Family, text) : null;
            if (substrings is null)
            {
                Report(LdapFilterDiagnosticKind.InvalidAssertionValue, extensible.Position, extensible.Attribute?.Type,
                    $"The assertion value is not a substring assertion valid for {rule.Name} (e.g. 'ab*cd', with \\2A for '*').");
                return null;
            }

            return new ValueMatchNode<RuleMatcher>(ids, options, new(rule, reprepare, PreparedValue.Invalid(string.Empty), substrings, _schema));
        }

        var assertion = PrepareAssertion(rule.Family, extensible.Value, extensible.Position, extensible.Attribute?.Type);
        return assertion is null ? null : new ValueMatchNode<RuleMatcher>(ids, options, new(rule, reprepare, assertion.Value, null, _schema));
    }

    private AttributeType? FindOrReport(AttributeDescription attribute, int position)
    {
        var type = _schema.Find(attribute.Type);
        if (type is null)
        {
            Report(LdapFilterDiagnosticKind.UnknownAttribute, position, attribute.Type,
                $"The attribute '{attribute.Type}' is not in the schema.");
        }

        return type;
    }

    private PreparedValue? PrepareAssertion(RuleFamily family, AssertionValue value, int position, string? attribute)
    {
        var prepared = value.Text is null ? PreparedValue.Invalid(string.Empty) : ValuePreparation.Prepare(family, value.Text, _schema);
        if (!prepared.IsValid)
        {
            Report(LdapFilterDiagnosticKind.InvalidAssertionValue, position, attribute,
                $"The assertion value is not valid for the attribute's syntax ({family}).");
            return null;
        }

        return prepared;
    }

    private static PreparedSubstrings? PrepareSubstrings(RuleFamily family, string? initial, string[] any, string? final)
    {
        string? preparedInitial = null;
        string? preparedFinal = null;
        if (initial is not null && (preparedInitial = ValuePreparation.PrepareSubstring(family, initial, SpaceContext.Initial)) is null)
        {
            return null;
        }

        var preparedAny = new string[any.Length];
        for (var i = 0; i < any.Length; i++)
        {
            if ((preparedAny[i] = ValuePreparation.PrepareSubstring(family, any[i], SpaceContext.Any)!) is null)
            {
                return null;
            }
        }

        if (final is not null && (preparedFinal = ValuePreparation.PrepareSubstring(family, final, SpaceContext.Final)) is null)
        {
            return null;
        }

        return new PreparedSubstrings(preparedInitial, preparedAny, preparedFinal);
    }

    /// <summary>
    /// RFC 4517 section 3.3.30 SubstringAssertion, the assertion syntax of the substrings rules when they are used
    /// in an extensible match: components separated by '*', with '*' and '\' written as \2A and \5C.
    /// </summary>
    private static PreparedSubstrings? ParseSubstringAssertion(RuleFamily family, string text)
    {
        var components = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '*')
            {
                components.Add(current.ToString());
                current.Clear();
            }
            else if (c == '\\')
            {
                if (i + 2 < text.Length && text.AsSpan(i + 1, 2) is var hex
                    && (hex.Equals("2A", StringComparison.OrdinalIgnoreCase) || hex.Equals("5C", StringComparison.OrdinalIgnoreCase)))
                {
                    current.Append(hex[0] == '2' ? '*' : '\\');
                    i += 2;
                }
                else
                {
                    return null;
                }
            }
            else
            {
                current.Append(c);
            }
        }

        components.Add(current.ToString());
        if (components.Count < 2)
        {
            return null;
        }

        var initial = components[0].Length == 0 ? null : components[0];
        var final = components[^1].Length == 0 ? null : components[^1];
        return PrepareSubstrings(family, initial, components.Skip(1).Take(components.Count - 2).ToArray(), final);
    }

    private void Report(LdapFilterDiagnosticKind kind, int position, string? attribute, string message) =>
        _diagnostics.Add(new LdapFilterDiagnostic(kind, position, attribute, message));
}
