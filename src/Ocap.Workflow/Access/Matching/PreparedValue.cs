namespace Ocap.Workflow.Access;

/// <summary>
/// A value prepared once for one rule family: the comparison key (null when the value is not valid for the
/// syntax, which makes every comparison with it Undefined), the folded key for <c>~=</c>, and a number for
/// generalized time (UTC ticks). Principals store their values in this form so that evaluation only compares.
/// </summary>
internal readonly struct PreparedValue(string raw, string? key, string? approximate, long number)
{
    /// <summary>The value as given.</summary>
    public string Raw { get; } = raw;

    /// <summary>The equality / ordering / substring key, or null when the value is invalid for the syntax.</summary>
    public string? Key { get; } = key;

    /// <summary>The key for approximate matching (only string families set one; others match approximately by equality).</summary>
    public string? Approximate { get; } = approximate;

    /// <summary>Generalized time as UTC ticks.</summary>
    public long Number { get; } = number;

    public bool IsValid => Key is not null;

    public static PreparedValue Invalid(string raw) => new(raw, null, null, 0);
}
