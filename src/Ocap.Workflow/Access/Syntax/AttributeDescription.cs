namespace Ocap.Workflow.Access;

/// <summary>
/// An attribute description (RFC 4512 section 2.5): a type (descriptor or numeric OID) and zero or more options,
/// e.g. <c>cn;lang-en</c>. The text is kept as written so that printing a filter gives back what the tenant wrote.
/// </summary>
internal sealed class AttributeDescription : IEquatable<AttributeDescription>
{
    public AttributeDescription(string type, string[] options)
    {
        Type = type;
        Options = options;
        NormalizedOptions = options.Length == 0
            ? options
            : options.Select(o => o.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The attribute type as written: a descriptor (<c>cn</c>) or a numeric OID (<c>2.5.4.3</c>).</summary>
    public string Type { get; }

    /// <summary>The options as written, in order.</summary>
    public string[] Options { get; }

    /// <summary>The options lower-cased, de-duplicated and sorted: options are case-insensitive and unordered.</summary>
    public string[] NormalizedOptions { get; }

    /// <summary>Parses <c>type *(";" option)</c> from a principal's attribute name; null when malformed.</summary>
    public static AttributeDescription? TryParse(string text)
    {
        var parts = text.Split(';');
        if (!LdapNames.IsOid(parts[0]))
        {
            return null;
        }

        for (var i = 1; i < parts.Length; i++)
        {
            if (!LdapNames.IsOptionName(parts[i]))
            {
                return null;
            }
        }

        return new AttributeDescription(parts[0], parts[1..]);
    }

    public bool Equals(AttributeDescription? other) =>
        other is not null
        && string.Equals(Type, other.Type, StringComparison.Ordinal)
        && Options.AsSpan().SequenceEqual(other.Options);

    public override bool Equals(object? obj) => Equals(obj as AttributeDescription);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Type);

    public override string ToString() => Options.Length == 0 ? Type : Type + ";" + string.Join(';', Options);
}
