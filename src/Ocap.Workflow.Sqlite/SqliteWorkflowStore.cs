using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Ocap.Workflow.History;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Sqlite;

/// <summary>
/// The durable embedded <see cref="IWorkflowStore"/>: one SQLite file in WAL mode, durable commits by default,
/// schema created and migrated on open, every row keyed by tenant.
/// </summary>
/// <remarks>
/// <para>All writes go through one writer with group commit (see <see cref="SqliteWorkflowStoreOptions.MaxBatchSize"/>):
/// concurrent commands share fsyncs, each keeps its own all-or-nothing outcome, and none returns before its
/// transaction is durable. Reads use a small pool of connections and see the last committed state (WAL readers
/// never wait for the writer).</para>
/// <para>One process should own a store file at a time: claims of jobs are atomic within the process's writer.
/// Other processes may read it (for example <c>ocapwf verify</c>).</para>
/// </remarks>
public sealed partial class SqliteWorkflowStore : IWorkflowStore, IAsyncDisposable
{
    private const int MaxIdleReaders = 8;

    private readonly SqliteConnectionFactory _factory;
    private readonly SqliteWriter _writer;
    private readonly TimeProvider _time;
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private int _disposed;

    private SqliteWorkflowStore(SqliteConnectionFactory factory, SqliteConnection writerConnection, int maxBatchSize, TimeProvider time)
    {
        _factory = factory;
        _time = time;
        _writer = new SqliteWriter(writerConnection, maxBatchSize);
    }

    /// <summary>Opens (and creates or migrates) a store file.</summary>
    /// <param name="options">Where the file is and how to write it.</param>
    /// <param name="timeProvider">The clock for creation times and job leases; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="SqliteStoreSchemaException">The file is missing (and may not be created), is not a store, or has a newer schema.</exception>
    public static Task<SqliteWorkflowStore> OpenAsync(SqliteWorkflowStoreOptions options, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var path = Path.GetFullPath(options.Path);
        if (!options.CreateIfMissing && !File.Exists(path))
        {
            throw new SqliteStoreSchemaException(path, "the file does not exist.");
        }

        var factory = new SqliteConnectionFactory(path, options.Durable, options.CreateIfMissing);
        SqliteConnection? connection = null;
        try
        {
            connection = factory.Open();
            SqliteSchema.Migrate(connection, path);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_NOTADB)
        {
            connection?.Dispose();
            throw new SqliteStoreSchemaException(path, "it is not a SQLite database.");
        }
        catch
        {
            connection?.Dispose();
            throw;
        }

        return Task.FromResult(new SqliteWorkflowStore(factory, connection, options.MaxBatchSize, timeProvider ?? TimeProvider.System));
    }

    /// <summary>Waits for queued writes, then closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private static string Key(TenantId tenant) =>
        tenant.Value ?? throw new ArgumentException("The tenant id is the default value; parse one with TenantId.Parse.", nameof(tenant));

    private static long Ticks(DateTimeOffset time) => time.UtcTicks;

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    private Task<T> WriteAsync<T>(Func<SqliteWriteContext, T> body, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        return _writer.WriteAsync(body, cancellationToken);
    }

    /// <summary>Runs a read on a pooled connection, inside one read transaction so that multi-statement reads see one snapshot.</summary>
    private Task<T> ReadAsync<T>(Func<SqliteConnection, T> body, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_readers.TryTake(out var connection))
        {
            connection = _factory.Open();
        }

        var healthy = false;
        try
        {
            Run(connection, "BEGIN;");
            var result = body(connection);
            Run(connection, "COMMIT;");
            healthy = true;
            return Task.FromResult(result);
        }
        finally
        {
            if (healthy && _readers.Count < MaxIdleReaders && Volatile.Read(ref _disposed) == 0)
            {
                _readers.Add(connection);
            }
            else
            {
                connection.Dispose();
            }
        }
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static SqliteCommand Bind(SqliteCommand command, params (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
