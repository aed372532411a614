using Microsoft.Data.Sqlite;

namespace Ocap.Workflow.Sqlite;

/// <summary>
/// Opens connections to the store's SQLite file with the settings durability depends on: write-ahead
/// logging, and <c>synchronous=FULL</c> so that a commit that returned survives power loss.
/// </summary>
internal sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;
    private readonly bool _durable;

    /// <param name="path">The database file; created when missing, with its folder.</param>
    /// <param name="durable">
    /// <see langword="true"/> for <c>synchronous=FULL</c> (every commit is fsynced before it returns);
    /// <see langword="false"/> for <c>synchronous=NORMAL</c>, which in WAL mode can lose the last commits on
    /// power loss (never on a process crash) in exchange for fewer fsyncs.
    /// </param>
    /// <param name="createIfMissing">Whether opening creates a missing file; when <see langword="false"/> a missing file is an error.</param>
    public SqliteConnectionFactory(string path, bool durable = true, bool createIfMissing = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (createIfMissing && !path.StartsWith(':') && Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = createIfMissing ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
        _durable = durable;
    }

    /// <summary>Opens a connection with WAL, the chosen synchronous level, foreign keys and a busy timeout.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "PRAGMA journal_mode=WAL;" +
            (_durable ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;") +
            "PRAGMA foreign_keys=ON;" +
            "PRAGMA busy_timeout=5000;";
        command.ExecuteNonQuery();
        return connection;
    }
}
