namespace Ocap.Workflow.Access;

/// <summary>
/// A principal prepared for filter evaluation against one <see cref="AttributeSchema"/>: every value is validated
/// and normalised once, here, per its attribute's matching rules (RFC 4518 string preparation, canonical DNs,
/// parsed times), and stored by attribute type. Evaluating a compiled filter then only compares prepared keys,
/// which is why evaluation allocates nothing. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Attributes the schema does not know are kept in <see cref="Attributes"/> but cannot be matched: a filter item on
/// an unknown attribute is Undefined. A value that is invalid for its attribute's syntax (say <c>level=high</c> for
/// an integer attribute) is kept and makes comparisons with it Undefined rather than FALSE, as RFC 4511 requires.
/// </remarks>
public sealed class AccessPrincipal
{
    private readonly ValueGroup[]?[] _byType;
    private readonly PreparedValue[][] _allByType;
    private readonly Dictionary<string, ValueGroup[]> _unknownTypes;

    private AccessPrincipal(AttributeSchema schema, PrincipalAttributes attributes, ValueGroup[]?[] byType, Dictionary<string, ValueGroup[]> unknownTypes)
    {
        Schema = schema;
        Attributes = attributes;
        _byType = byType;
        _unknownTypes = unknownTypes;

        // Most items name no options, and then every value of the type counts, whatever its options: one flat array
        // per type saves the walk over groups on the hot path.
        _allByType = byType.Select(groups => groups is null ? [] : groups.SelectMany(g => g.Values).ToArray()).ToArray();
    }

    /// <summary>The schema the values were prepared with; filters compiled with another schema refuse this principal.</summary>
    public AttributeSchema Schema { get; }

    /// <summary>The raw attributes, as given.</summary>
    public PrincipalAttributes Attributes { get; }

    /// <summary>Prepares <paramref name="attributes"/> for evaluation under <paramref name="schema"/>.</summary>
    /// <param name="schema">The schema filters are compiled with.</param>
    /// <param name="attributes">The principal's raw attributes.</param>
    public static AccessPrincipal Create(AttributeSchema schema, PrincipalAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(attributes);
        var groups = new List<ValueGroup>?[schema.Types.Length];
        var unknown = new Dictionary<string, List<ValueGroup>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in attributes)
        {
            var description = AttributeDescription.TryParse(name)!;
            var type = schema.Find(description.Type);
            if (type is null)
            {
                // Kept only so that presence (attr=*) can be answered; nothing else can match an unknown type.
                if (!unknown.TryGetValue(description.Type, out var list))
                {
                    list = [];
                    unknown.Add(description.Type, list);
                }

                list.Add(new ValueGroup(description.NormalizedOptions, values.Select(PreparedValue.Invalid).ToArray()));
                continue;
            }

            var family = type.Equality?.Family;
            var prepared = values
                .Select(v => family is { } f ? ValuePreparation.Prepare(f, v, schema) : PreparedValue.Invalid(v))
                .ToArray();
            (groups[type.Id] ??= []).Add(new ValueGroup(description.NormalizedOptions, prepared));
        }

        return new AccessPrincipal(
            schema,
            attributes,
            groups.Select(g => g?.ToArray()).ToArray(),
            unknown.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Prepares raw name/values pairs (convenience for <see cref="Create(AttributeSchema, PrincipalAttributes)"/>).</summary>
    /// <param name="schema">The schema filters are compiled with.</param>
    /// <param name="attributes">Attribute descriptions and their values.</param>
    public static AccessPrincipal Create(AttributeSchema schema, IEnumerable<KeyValuePair<string, IEnumerable<string>>> attributes) =>
        Create(schema, PrincipalAttributes.From(attributes));

    /// <summary>The value groups (one per attribute description with options) of a type id; null when the principal has none.</summary>
    internal ValueGroup[]? ValuesOf(int typeId) => _byType[typeId];

    /// <summary>Every value of a type id, whatever its options; empty when the principal has none.</summary>
    internal PreparedValue[] AllValuesOf(int typeId) => _allByType[typeId];

    /// <summary>The value groups given under a type the schema does not know; null when none.</summary>
    internal ValueGroup[]? ValuesOfUnknownType(string type) => _unknownTypes.GetValueOrDefault(type);
}

/// <summary>The prepared values held under one attribute description (type plus options).</summary>
internal sealed class ValueGroup(string[] options, PreparedValue[] values)
{
    /// <summary>Lower-cased, sorted options of the description the values were given under.</summary>
    public string[] Options { get; } = options;

    public PreparedValue[] Values { get; } = values;

    /// <summary>Whether a filter asking for <paramref name="required"/> options sees these values (RFC 4512 2.5: a description with options is a subtype of one without).</summary>
    public bool HasOptions(string[] required)
    {
        foreach (var option in required)
        {
            if (Array.IndexOf(Options, option) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
