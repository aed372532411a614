using Microsoft.Data.Sqlite;
using Ocap.Workflow.History;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Sqlite.Tests;

/// <summary>What the SQLite store adds to the contract: a schema on disk, reopening, tampering by hand, group commit.</summary>
public class SqliteWorkflowStoreTests : TempDirectoryTests
{
    private static readonly TenantId Acme = TenantId.Parse("acme");
    private Task<SqliteWorkflowStore> OpenAsync(bool createIfMissing = true, int maxBatchSize = 256) =>
        SqliteWorkflowStore.OpenAsync(new SqliteWorkflowStoreOptions { Path = StorePath, CreateIfMissing = createIfMissing, MaxBatchSize = maxBatchSize }, null, CancellationToken.None);

    private static async Task StartAsync(SqliteWorkflowStore store, string id, int events = 3)
    {
        var bundle = new DeploymentBundle([new DeploymentArtifact("p.bpmn", ArtifactKind.Bpmn, "<d/>"u8)], [new ProcessDefinitionDraft("p", "p.bpmn")]);
        await store.DeployAsync(Acme, bundle, CancellationToken.None);
        var drafts = Enumerable.Range(1, events).Select(i => new HistoryEventDraft("step", DateTimeOffset.UnixEpoch.AddDays(i), "alice", [], $"{{\"i\":{i}}}")).ToArray();
        await store.CommitAsync(Acme, new StoreCommit(id, new InstanceOrigin("p", 1), InstanceStatus.Active, "{}") { Events = drafts }, CancellationToken.None);
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={StorePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={StorePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Test]
    public async Task Open_CreatesTheSchemaAndRecordsItsVersion()
    {
        await using (await OpenAsync())
        {
        }

        Assert.That(Scalar("SELECT version FROM schema_version;"), Is.EqualTo(SqliteSchema.CurrentVersion));
        Assert.That(Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('ix_user_tasks_state', 'ix_jobs_due', 'ix_instances_status');"), Is.EqualTo(3));
    }

    [Test]
    public async Task Open_Twice_LeavesTheSchemaAndDataAsTheyWere()
    {
        await using (var store = await OpenAsync())
        {
            await StartAsync(store, "i-1");
        }

        await using (var reopened = await OpenAsync())
        {
            var verification = await HistoryVerifier.VerifyAsync(reopened, Acme, "i-1", CancellationToken.None);
            Assert.That(verification.IsIntact, Is.True);
            Assert.That(verification.EventCount, Is.EqualTo(3));
        }

        Assert.That(Scalar("SELECT count(*) FROM schema_version;"), Is.EqualTo(1));
    }

    [Test]
    public void Open_AMissingFileWhenCreatingIsNotAllowed_IsATypedError()
    {
        var e = Assert.ThrowsAsync<SqliteStoreSchemaException>(() => OpenAsync(createIfMissing: false));
        Assert.That(e!.Reason, Does.Contain("does not exist"));
        Assert.That(File.Exists(StorePath), Is.False);
    }

    [Test]
    public void Open_ASqliteFileOfAnotherApplication_IsRefusedAndLeftAlone()
    {
        Execute("CREATE TABLE customers (id INTEGER);");
        var e = Assert.ThrowsAsync<SqliteStoreSchemaException>(() => OpenAsync());
        Assert.That(e!.Reason, Does.Contain("not an Ocap.Workflow store"));
        Assert.That(Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'instances';"), Is.EqualTo(0));
    }

    [Test]
    public async Task Open_AFileWithANewerSchema_IsRefused()
    {
        await using (await OpenAsync())
        {
        }

        Execute("UPDATE schema_version SET version = 99;");
        var e = Assert.ThrowsAsync<SqliteStoreSchemaException>(() => OpenAsync());
        Assert.That(e!.Reason, Does.Contain("99"));
    }

    [Test]
    public async Task Open_AFileThatIsNotSqlite_IsATypedError()
    {
        await File.WriteAllTextAsync(StorePath, new string('x', 4096));
        var e = Assert.ThrowsAsync<SqliteStoreSchemaException>(() => OpenAsync());
        Assert.That(e!.Reason, Does.Contain("not a SQLite database"));
    }

    [Test]
    public async Task HandEditedHistoryRow_IsReportedAsAHashMismatchAtThatSequence()
    {
        await using var store = await OpenAsync();
        await StartAsync(store, "i-1");

        Execute("UPDATE history SET payload = '{\"i\":200}' WHERE instance_id = 'i-1' AND sequence = 2;");

        var verification = await HistoryVerifier.VerifyAsync(store, Acme, "i-1", CancellationToken.None);
        Assert.That(verification.FirstBrokenLink!.Kind, Is.EqualTo(BrokenLinkKind.HashMismatch));
        Assert.That(verification.FirstBrokenLink.Sequence, Is.EqualTo(2));
    }

    [Test]
    public async Task HandDeletedHistoryRow_IsReported()
    {
        await using var store = await OpenAsync();
        await StartAsync(store, "i-1");

        Execute("DELETE FROM history WHERE instance_id = 'i-1' AND sequence = 2;");

        var verification = await HistoryVerifier.VerifyAsync(store, Acme, "i-1", CancellationToken.None);
        Assert.That(verification.FirstBrokenLink!.Kind, Is.EqualTo(BrokenLinkKind.SequenceMismatch));
        Assert.That(verification.FirstBrokenLink.Position, Is.EqualTo(2));
    }

    [Test]
    public async Task HandReorderedHistoryRows_AreReported()
    {
        await using var store = await OpenAsync();
        await StartAsync(store, "i-1");

        Execute("UPDATE history SET sequence = -1 WHERE instance_id = 'i-1' AND sequence = 2;" +
                "UPDATE history SET sequence = 2 WHERE instance_id = 'i-1' AND sequence = 3;" +
                "UPDATE history SET sequence = 3 WHERE instance_id = 'i-1' AND sequence = -1;");

        var verification = await HistoryVerifier.VerifyAsync(store, Acme, "i-1", CancellationToken.None);
        Assert.That(verification.IsIntact, Is.False);
        Assert.That(verification.FirstBrokenLink!.Position, Is.EqualTo(2));
    }

    [Test]
    public async Task GroupCommit_AFailingCommitInABatch_DoesNotTakeTheOthersWithIt()
    {
        await using var store = await OpenAsync();
        await StartAsync(store, "i-0");
        var bundleReady = await store.GetProcessDefinitionAsync(Acme, "p", 1, CancellationToken.None);
        Assert.That(bundleReady, Is.Not.Null);

        // Queued together, so they share transactions: the conflicting ones must fail alone.
        var commits = Enumerable.Range(0, 200).Select(i => i % 4 == 0
            ? store.CommitAsync(Acme, new StoreCommit("i-0", 99, InstanceStatus.Active, "{}"), CancellationToken.None)
            : store.CommitAsync(Acme, new StoreCommit($"n-{i:D3}", new InstanceOrigin("p", 1), InstanceStatus.Active, "{}"), CancellationToken.None)).ToArray();
        var outcomes = await Task.WhenAll(commits.Select(async c =>
        {
            try
            {
                await c;
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        }));

        Assert.That(outcomes.Count(o => o), Is.EqualTo(150));
        Assert.That(Scalar("SELECT count(*) FROM instances;"), Is.EqualTo(151));
        Assert.That(Scalar("SELECT version FROM instances WHERE instance_id = 'i-0';"), Is.EqualTo(1));
    }

    [Test]
    public async Task GroupCommit_ConcurrentCommits_ShareTransactions()
    {
        await using var store = await OpenAsync();
        await StartAsync(store, "i-0");
        var before = store.WriteTransactionCount;

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            store.CommitAsync(Acme, new StoreCommit($"n-{i:D3}", new InstanceOrigin("p", 1), InstanceStatus.Active, "{}"), CancellationToken.None)));

        Assert.That(Scalar("SELECT count(*) FROM instances;"), Is.EqualTo(301));
        Assert.That(store.WriteTransactionCount - before, Is.LessThan(300));
    }

    [Test]
    public async Task GroupCommit_Off_GivesEveryWriteItsOwnTransaction()
    {
        await using var store = await OpenAsync(maxBatchSize: 1);
        await StartAsync(store, "i-0");
        var before = store.WriteTransactionCount;

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            store.CommitAsync(Acme, new StoreCommit($"n-{i:D3}", new InstanceOrigin("p", 1), InstanceStatus.Active, "{}"), CancellationToken.None)));

        Assert.That(store.WriteTransactionCount - before, Is.EqualTo(50));
    }

    [Test]
    public async Task Rows_AreKeyedByTenant()
    {
        await using (var store = await OpenAsync())
        {
            await StartAsync(store, "i-1");
        }

        foreach (var table in new[] { "artifacts", "deployments", "deployment_artifacts", "process_definitions", "instances", "history" })
        {
            Assert.That(Scalar($"SELECT count(*) FROM {table} WHERE tenant = 'acme';"), Is.GreaterThan(0), table);
            Assert.That(Scalar($"SELECT count(*) FROM {table} WHERE tenant <> 'acme';"), Is.EqualTo(0), table);
        }
    }

    [Test]
    public async Task Commit_AfterDispose_IsRefused()
    {
        var store = await OpenAsync();
        await store.DisposeAsync();
        Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetInstanceAsync(Acme, "i-1", CancellationToken.None));
        Assert.ThrowsAsync<ObjectDisposedException>(() => store.CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}"), CancellationToken.None));
    }

    [Test]
    public void Options_WithoutAPath_AreRefused()
    {
        Assert.ThrowsAsync<ArgumentException>(() => SqliteWorkflowStore.OpenAsync(new SqliteWorkflowStoreOptions(), null, CancellationToken.None));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SqliteWorkflowStore.OpenAsync(new SqliteWorkflowStoreOptions { Path = "x.db", MaxBatchSize = 0 }, null, CancellationToken.None));
    }
}
