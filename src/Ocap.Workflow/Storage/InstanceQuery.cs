namespace Ocap.Workflow.Storage;

/// <summary>Which instances of a tenant to list. Results come in ordinal order of id, a page at a time.</summary>
/// <param name="ProcessKey">Only instances of this process, or any when <see langword="null"/>.</param>
/// <param name="Status">Only instances in this status, or any when <see langword="null"/>.</param>
/// <param name="AfterInstanceId">Start after this id (the last id of the previous page), or at the start when <see langword="null"/>.</param>
/// <param name="Limit">The page size, 1 to 10,000.</param>
public sealed record InstanceQuery(string? ProcessKey = null, InstanceStatus? Status = null, string? AfterInstanceId = null, int Limit = 100)
{
    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Checks the page size; stores call it before querying.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The page size is outside 1 to 10,000.</exception>
    public void Validate()
    {
        if (Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, $"The page size must be between 1 and {MaxLimit}.");
        }
    }
}
