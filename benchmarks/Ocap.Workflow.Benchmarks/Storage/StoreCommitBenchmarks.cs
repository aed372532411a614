using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Ocap.Workflow.Sqlite;
using Ocap.Workflow.Storage.InMemory;

namespace Ocap.Workflow.Benchmarks.Storage;

/// <summary>
/// Store throughput for the approval flow: each operation is one instance (a start-like and a completion-like
/// commit). Instances per second = 1e9 / the reported mean in nanoseconds.
/// </summary>
[MemoryDiagnoser]
public class SqliteStoreCommitBenchmarks
{
    private const int Instances = 2000;
    private string _directory = string.Empty;
    private SqliteWorkflowStore _store = null!;
    private StoreWorkload _workload = null!;

    /// <summary>Commands in flight at once; 1 shows the cost of one fsync per commit, more lets group commit share fsyncs.</summary>
    [Params(1, 64)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "ocapwf-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _store = SqliteWorkflowStore.OpenAsync(new SqliteWorkflowStoreOptions { Path = Path.Combine(_directory, "bench.db"), Durable = true }, null, CancellationToken.None)
            .GetAwaiter().GetResult();
        _workload = StoreWorkload.CreateAsync(_store).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Instances)]
    public Task DurableInstance() => _workload.RunAsync(Instances, Concurrency);
}

/// <summary>
/// The same workload on the in-memory store, one instance after another on one thread. Each invocation starts from
/// an empty store so that the store's size stays that of a realistic working set.
/// </summary>
[MemoryDiagnoser]
public class InMemoryStoreCommitBenchmarks
{
    private const int Instances = 1000;

    [Benchmark(OperationsPerInvoke = Instances)]
    public async Task Instance()
    {
        var workload = await StoreWorkload.CreateAsync(new InMemoryWorkflowStore());
        for (var i = 0; i < Instances; i++)
        {
            await workload.RunOneAsync();
        }
    }
}
