namespace Ocap.Workflow.Access;

/// <summary>The kinds of node in a parsed filter (RFC 4511 <c>Filter</c> CHOICE).</summary>
internal enum FilterKind
{
    And,
    Or,
    Not,
    Equality,
    Substrings,
    GreaterOrEqual,
    LessOrEqual,
    Present,
    Approximate,
    Extensible,
}

/// <summary>
/// One node of a parsed filter. The tree is immutable and compared structurally (ordinal on names and octets),
/// which is what the round-trip property parse → print → parse is stated in.
/// </summary>
internal abstract class FilterNode : IEquatable<FilterNode>
{
    protected FilterNode(FilterKind kind, int position)
    {
        Kind = kind;
        Position = position;
    }

    public FilterKind Kind { get; }

    /// <summary>0-based position of this node's opening parenthesis in the source text (not part of equality).</summary>
    public int Position { get; }

    public abstract bool Equals(FilterNode? other);

    public override bool Equals(object? obj) => Equals(obj as FilterNode);

    public override int GetHashCode() => (int)Kind;
}

/// <summary><c>&amp;</c> or <c>|</c>; zero children are RFC 4526 absolute true and false.</summary>
internal sealed class FilterSet(FilterKind kind, int position, FilterNode[] children) : FilterNode(kind, position)
{
    public FilterNode[] Children { get; } = children;

    public override bool Equals(FilterNode? other) =>
        other is FilterSet set && set.Kind == Kind && Children.AsSpan().SequenceEqual(set.Children);
}

/// <summary><c>!</c> with exactly one child.</summary>
internal sealed class FilterNot(int position, FilterNode child) : FilterNode(FilterKind.Not, position)
{
    public FilterNode Child { get; } = child;

    public override bool Equals(FilterNode? other) => other is FilterNot not && Child.Equals(not.Child);
}

/// <summary><c>=</c>, <c>~=</c>, <c>&gt;=</c> or <c>&lt;=</c> with one assertion value.</summary>
internal sealed class FilterComparison(FilterKind kind, int position, AttributeDescription attribute, AssertionValue value)
    : FilterNode(kind, position)
{
    public AttributeDescription Attribute { get; } = attribute;

    public AssertionValue Value { get; } = value;

    public override bool Equals(FilterNode? other) =>
        other is FilterComparison c && c.Kind == Kind && Attribute.Equals(c.Attribute) && Value.Equals(c.Value);
}

/// <summary><c>attr=*</c>.</summary>
internal sealed class FilterPresent(int position, AttributeDescription attribute) : FilterNode(FilterKind.Present, position)
{
    public AttributeDescription Attribute { get; } = attribute;

    public override bool Equals(FilterNode? other) => other is FilterPresent p && Attribute.Equals(p.Attribute);
}

/// <summary><c>attr=[initial]*any*...*[final]</c>.</summary>
internal sealed class FilterSubstrings(int position, AttributeDescription attribute, AssertionValue? initial, AssertionValue[] any, AssertionValue? final)
    : FilterNode(FilterKind.Substrings, position)
{
    public AttributeDescription Attribute { get; } = attribute;

    public AssertionValue? Initial { get; } = initial;

    public AssertionValue[] Any { get; } = any;

    public AssertionValue? Final { get; } = final;

    public override bool Equals(FilterNode? other) =>
        other is FilterSubstrings s
        && Attribute.Equals(s.Attribute)
        && Equals(Initial, s.Initial)
        && Any.AsSpan().SequenceEqual(s.Any)
        && Equals(Final, s.Final);
}

/// <summary><c>attr[:dn][:rule]:=value</c> or <c>[:dn]:rule:=value</c>.</summary>
internal sealed class FilterExtensible(int position, AttributeDescription? attribute, bool dnAttributes, string? matchingRule, AssertionValue value)
    : FilterNode(FilterKind.Extensible, position)
{
    public AttributeDescription? Attribute { get; } = attribute;

    public bool DnAttributes { get; } = dnAttributes;

    public string? MatchingRule { get; } = matchingRule;

    public AssertionValue Value { get; } = value;

    public override bool Equals(FilterNode? other) =>
        other is FilterExtensible e
        && Equals(Attribute, e.Attribute)
        && DnAttributes == e.DnAttributes
        && string.Equals(MatchingRule, e.MatchingRule, StringComparison.Ordinal)
        && Value.Equals(e.Value);
}
