namespace Ocap.Workflow.Sqlite;

/// <summary>How <see cref="SqliteWorkflowStore"/> opens and writes its file.</summary>
public sealed class SqliteWorkflowStoreOptions
{
    /// <summary>The database file. Created with the store's schema when missing (unless <see cref="CreateIfMissing"/> is false).</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// <see langword="true"/> (the default): <c>synchronous=FULL</c> in WAL mode, so every commit is on stable storage
    /// before <c>CommitAsync</c> returns and survives power loss. <see langword="false"/>: <c>synchronous=NORMAL</c>,
    /// which survives a process crash but can lose the last commits on power loss or an operating system crash, in
    /// exchange for fewer fsyncs. Only turn durability off when losing acknowledged steps is acceptable.
    /// </summary>
    public bool Durable { get; set; } = true;

    /// <summary>
    /// Whether a missing file is created. <see langword="false"/> makes opening a missing file an error, which is
    /// what tools that inspect an existing store (such as <c>ocapwf verify</c>) want.
    /// </summary>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>
    /// The most writes committed together in one transaction (group commit, 1 to 10,000; default 256). Concurrent
    /// commands that arrive while a transaction is being written share the next one, and so share one fsync; each
    /// keeps its own all-or-nothing outcome, and none is acknowledged before the shared transaction is durable.
    /// 1 turns group commit off.
    /// </summary>
    public int MaxBatchSize { get; set; } = 256;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("SqliteWorkflowStoreOptions.Path must name the database file.", nameof(Path));
        }

        if (MaxBatchSize is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, "MaxBatchSize must be between 1 and 10,000.");
        }
    }
}
