namespace Ocap.Workflow.Tenancy;

/// <summary>
/// Names a tenant. Every API call and every stored row carries one, so one tenant can never see or act on
/// another's definitions, instances, tasks or history.
/// </summary>
/// <remarks>
/// A tenant id is 1 to 64 characters from <c>[A-Za-z0-9._-]</c>, starting with a letter or digit. The
/// restriction keeps ids safe to use as keys, file names and log fields without escaping, so that no tenant
/// can choose an id that aliases another's rows.
/// </remarks>
public readonly record struct TenantId
{
    /// <summary>The longest tenant id accepted.</summary>
    public const int MaxLength = 64;

    private TenantId(string value) => Value = value;

    /// <summary>The tenant id's text.</summary>
    public string Value { get; }

    /// <summary>Validates <paramref name="value"/> and wraps it.</summary>
    /// <param name="value">The tenant id's text.</param>
    /// <exception cref="ArgumentException">The text is empty, too long, or has a character outside <c>[A-Za-z0-9._-]</c>.</exception>
    public static TenantId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!TryValidate(value, out var problem))
        {
            throw new ArgumentException($"Invalid tenant id '{value}': {problem}", nameof(value));
        }

        return new TenantId(value);
    }

    /// <summary>Validates <paramref name="value"/> without throwing.</summary>
    /// <param name="value">The tenant id's text.</param>
    /// <param name="tenant">The tenant id when valid.</param>
    /// <returns><see langword="true"/> when the text is a valid tenant id.</returns>
    public static bool TryParse(string? value, out TenantId tenant)
    {
        if (value is not null && TryValidate(value, out _))
        {
            tenant = new TenantId(value);
            return true;
        }

        tenant = default;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;

    private static bool TryValidate(string value, out string problem)
    {
        if (value.Length == 0)
        {
            problem = "it is empty.";
            return false;
        }

        if (value.Length > MaxLength)
        {
            problem = $"it is longer than {MaxLength} characters.";
            return false;
        }

        if (!char.IsAsciiLetterOrDigit(value[0]))
        {
            problem = "it must start with an ASCII letter or digit.";
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                problem = $"the character '{c}' is not allowed (use A-Z, a-z, 0-9, '.', '_', '-').";
                return false;
            }
        }

        problem = string.Empty;
        return true;
    }
}
