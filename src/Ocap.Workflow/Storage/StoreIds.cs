namespace Ocap.Workflow.Storage;

/// <summary>Checks the ids the runtime chooses for instances, jobs, tasks and subscriptions.</summary>
internal static class StoreIds
{
    /// <summary>The longest id accepted; ids are keys in every store.</summary>
    public const int MaxLength = 200;

    public static void EnsureValid(string? id, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(id, paramName);
        if (id.Length > MaxLength)
        {
            throw new ArgumentException($"The id is longer than {MaxLength} characters.", paramName);
        }
    }
}
