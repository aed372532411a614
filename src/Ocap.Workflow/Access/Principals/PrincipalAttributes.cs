using System.Collections;

namespace Ocap.Workflow.Access;

/// <summary>
/// An immutable, multi-valued attribute bag describing the acting user: what a host knows about its user,
/// expressed as LDAP attribute descriptions (<c>cn</c>, <c>memberOf</c>, <c>cn;lang-de</c>, ...) and string values.
/// Names are case-insensitive; values keep their order and duplicates are dropped.
/// </summary>
/// <remarks>
/// This is schema-independent raw data (what an <see cref="IPrincipalResolver"/> returns and what history
/// records). To evaluate filters it is prepared once against a schema with
/// <see cref="AccessPrincipal.Create(AttributeSchema, PrincipalAttributes)"/>.
/// </remarks>
public sealed class PrincipalAttributes : IEnumerable<KeyValuePair<string, IReadOnlyList<string>>>
{
    private readonly Dictionary<string, string[]> _values;

    private PrincipalAttributes(Dictionary<string, string[]> values) => _values = values;

    /// <summary>A principal with no attributes: every filter item on a known attribute is FALSE for it.</summary>
    public static PrincipalAttributes Empty { get; } = new(new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase));

    /// <summary>The number of attribute descriptions that have values.</summary>
    public int Count => _values.Count;

    /// <summary>The attribute descriptions, as first added.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>The values of an attribute description; empty when it has none.</summary>
    /// <param name="name">An attribute description (case-insensitive).</param>
    public IReadOnlyList<string> this[string name] => _values.TryGetValue(name, out var values) ? values : [];

    /// <summary>Starts building a principal.</summary>
    public static Builder CreateBuilder() => new();

    /// <summary>Builds a principal from name/values pairs.</summary>
    /// <param name="attributes">Attribute descriptions and their values.</param>
    /// <exception cref="ArgumentException">A name is not an attribute description or a value is null.</exception>
    public static PrincipalAttributes From(IEnumerable<KeyValuePair<string, IEnumerable<string>>> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var builder = new Builder();
        foreach (var (name, values) in attributes)
        {
            builder.Add(name, values);
        }

        return builder.Build();
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, IReadOnlyList<string>>> GetEnumerator() =>
        _values.Select(p => new KeyValuePair<string, IReadOnlyList<string>>(p.Key, p.Value)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Collects attributes; <see cref="Build"/> freezes them. A builder is not thread-safe.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<string, List<string>> _values = new(StringComparer.OrdinalIgnoreCase);

        internal Builder()
        {
        }

        /// <summary>Adds one value (a duplicate of an existing value of the same attribute is ignored, as in LDAP).</summary>
        /// <param name="name">An attribute description: a descriptor or numeric OID, optionally with <c>;option</c>s.</param>
        /// <param name="value">The value.</param>
        /// <exception cref="ArgumentException">The name is not an attribute description.</exception>
        public Builder Add(string name, string value)
        {
            ArgumentNullException.ThrowIfNull(name);
            ArgumentNullException.ThrowIfNull(value);
            if (AttributeDescription.TryParse(name) is null)
            {
                throw new ArgumentException($"'{name}' is not an attribute description (a descriptor or numeric OID, optionally followed by ;options).", nameof(name));
            }

            if (!_values.TryGetValue(name, out var list))
            {
                list = [];
                _values.Add(name, list);
            }

            if (!list.Contains(value, StringComparer.Ordinal))
            {
                list.Add(value);
            }

            return this;
        }

        /// <summary>Adds several values of one attribute.</summary>
        /// <param name="name">An attribute description.</param>
        /// <param name="values">The values.</param>
        public Builder Add(string name, IEnumerable<string> values)
        {
            ArgumentNullException.ThrowIfNull(values);
            foreach (var value in values)
            {
                Add(name, value);
            }

            return this;
        }

        /// <summary>Freezes the collected attributes.</summary>
        public PrincipalAttributes Build() =>
            new(_values.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.OrdinalIgnoreCase));
    }
}
