namespace Ocap.Workflow.Sqlite;

/// <summary>
/// The file cannot be used as a store: it is not an Ocap.Workflow store, or its schema is newer than this library
/// knows (written by a later version), or it is missing and creating it was not allowed.
/// </summary>
public sealed class SqliteStoreSchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="reason">What is wrong with it.</param>
    public SqliteStoreSchemaException(string path, string reason)
        : base($"'{path}' cannot be opened as an Ocap.Workflow store: {reason}")
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; }
}
