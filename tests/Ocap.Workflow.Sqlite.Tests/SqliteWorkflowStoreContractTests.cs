using Microsoft.Data.Sqlite;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Storage.ContractTests;

namespace Ocap.Workflow.Sqlite.Tests;

/// <summary>The SQLite store, durable and with group commit, against the reusable store contract.</summary>
[TestFixture]
public class SqliteWorkflowStoreContractTests : WorkflowStoreContract
{
    private string _directory = null!;

    protected override async Task<IWorkflowStore> CreateStoreAsync(TimeProvider clock)
    {
        _directory = Path.Combine(Path.GetTempPath(), "ocapwf-contract-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        return await SqliteWorkflowStore.OpenAsync(new SqliteWorkflowStoreOptions { Path = Path.Combine(_directory, "store.db") }, clock, CancellationToken.None);
    }

    protected override async Task DisposeStoreAsync(IWorkflowStore store)
    {
        await base.DisposeStoreAsync(store);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The same contract with group commit off: every write is its own transaction.</summary>
[TestFixture]
public class SqliteWorkflowStoreWithoutGroupCommitContractTests : WorkflowStoreContract
{
    private string _directory = null!;

    protected override async Task<IWorkflowStore> CreateStoreAsync(TimeProvider clock)
    {
        _directory = Path.Combine(Path.GetTempPath(), "ocapwf-contract-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        return await SqliteWorkflowStore.OpenAsync(
            new SqliteWorkflowStoreOptions { Path = Path.Combine(_directory, "store.db"), MaxBatchSize = 1, Durable = false }, clock, CancellationToken.None);
    }

    protected override async Task DisposeStoreAsync(IWorkflowStore store)
    {
        await base.DisposeStoreAsync(store);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
