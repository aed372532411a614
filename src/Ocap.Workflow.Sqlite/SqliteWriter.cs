using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Ocap.Workflow.Sqlite;

/// <summary>
/// The store's single writer, with group commit. Every write (commit, deployment, job claim) is queued; the writer
/// takes whatever is queued, up to the batch size, and runs each operation inside its own savepoint of one shared
/// transaction. An operation that fails is rolled back to its savepoint and reported at once; the others are
/// reported only after the shared <c>COMMIT</c> returned, that is after SQLite made the transaction durable.
/// </summary>
/// <remarks>
/// One writer also means SQLite never sees two writers competing for its lock, so there is no busy-retry path, and
/// operations see each other's effects in queue order (two commits against the same instance version in one batch:
/// the second is a conflict, exactly as if they had been two transactions).
/// </remarks>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private readonly Channel<SqliteWriteOperation> _queue = Channel.CreateUnbounded<SqliteWriteOperation>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    private readonly SqliteWriteContext _context;
    private readonly int _maxBatchSize;
    private readonly Task _loop;
    private Exception? _broken;

    public SqliteWriter(SqliteConnection connection, int maxBatchSize)
    {
        _context = new SqliteWriteContext(connection);
        _maxBatchSize = maxBatchSize;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues a write and returns when it is durable (or failed, with nothing written).</summary>
    public Task<T> WriteAsync<T>(Func<SqliteWriteContext, T> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var operation = new SqliteWriteOperation<T>(body, cancellationToken);
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(SqliteWorkflowStore));
        }

        return operation.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _context.Dispose();
    }

    private async Task RunAsync()
    {
        var batch = new List<SqliteWriteOperation>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            WriteBatch(batch);
        }
    }

    private void WriteBatch(List<SqliteWriteOperation> batch)
    {
        if (_broken is not null)
        {
            foreach (var operation in batch)
            {
                operation.Fail(new InvalidOperationException("The store's write connection failed and could not roll back; reopen the store.", _broken));
            }

            return;
        }

        try
        {
            _context.Execute("BEGIN IMMEDIATE;");
            foreach (var operation in batch)
            {
                if (operation.CancellationToken.IsCancellationRequested)
                {
                    operation.Fail(new OperationCanceledException(operation.CancellationToken));
                    continue;
                }

                _context.Execute("SAVEPOINT op;");
                try
                {
                    operation.Execute(_context);
                    _context.Execute("RELEASE op;");
                }
                catch (Exception e)
                {
                    // The savepoint undoes exactly this operation; the rest of the batch is unaffected.
                    _context.Execute("ROLLBACK TO op;");
                    _context.Execute("RELEASE op;");
                    operation.Fail(e);
                }
            }

            _context.Execute("COMMIT;");
            foreach (var operation in batch)
            {
                operation.Succeed();
            }
        }
        catch (Exception e)
        {
            // BEGIN, a savepoint or COMMIT itself failed (disk full, I/O error): nothing of the batch is durable.
            foreach (var operation in batch)
            {
                operation.Fail(e);
            }

            try
            {
                _context.RollbackIfInTransaction();
            }
            catch (SqliteException rollbackError)
            {
                _broken = rollbackError;
            }
        }
    }
}

/// <summary>One queued write.</summary>
internal abstract class SqliteWriteOperation(CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Runs the write inside the batch transaction; throws to have it rolled back.</summary>
    public abstract void Execute(SqliteWriteContext context);

    /// <summary>Reports success, once the batch is durable; ignored when already reported.</summary>
    public abstract void Succeed();

    /// <summary>Reports failure; ignored when already reported.</summary>
    public abstract void Fail(Exception error);
}

internal sealed class SqliteWriteOperation<T>(Func<SqliteWriteContext, T> body, CancellationToken cancellationToken)
    : SqliteWriteOperation(cancellationToken)
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _executed;
    private T? _result;

    public Task<T> Task => _completion.Task;

    public override void Execute(SqliteWriteContext context)
    {
        _result = body(context);
        _executed = true;
    }

    public override void Succeed()
    {
        if (_executed)
        {
            _completion.TrySetResult(_result!);
        }
    }

    public override void Fail(Exception error)
    {
        _executed = false;
        _completion.TrySetException(error);
    }
}
