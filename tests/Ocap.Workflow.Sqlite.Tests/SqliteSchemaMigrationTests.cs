using Microsoft.Data.Sqlite;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Sqlite.Tests;

/// <summary>Files written by an earlier schema version are migrated on open, and keep their rows.</summary>
public class SqliteSchemaMigrationTests : TempDirectoryTests
{
    private static readonly TenantId Acme = TenantId.Parse("acme");
    [Test]
    public async Task Open_AVersionOneFile_MigratesToTheCurrentVersionKeepingItsJobs()
    {
        using (var connection = new SqliteConnection($"Data Source={StorePath}"))
        {
            connection.Open();
            SqliteSchema.Migrate(connection, StorePath, upTo: 1);
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO jobs (tenant, job_id, instance_id, kind, element_id, due_at, payload, attempts) VALUES ('acme', 'j', 'i-1', 'timer', 'late', 0, '{}', 2);";
            insert.ExecuteNonQuery();
            using var version = connection.CreateCommand();
            version.CommandText = "SELECT version FROM schema_version;";
            Assert.That(Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(1));
        }

        await using var store = await SqliteWorkflowStore.OpenAsync(new SqliteWorkflowStoreOptions { Path = StorePath }, null, CancellationToken.None);

        var job = (await store.ListJobsAsync(Acme, "i-1", CancellationToken.None)).Single();
        Assert.That((job.JobId, job.Attempts, job.ProcessKey), Is.EqualTo(("j", 2, (string?)null)));
        await store.BufferMessageAsync(Acme, new BufferedMessage("m", "paid", "A-1", "{}", DateTimeOffset.MaxValue, "psp"), CancellationToken.None);
        Assert.That(await store.FindBufferedMessagesAsync(Acme, "paid", "A-1", CancellationToken.None), Has.Count.EqualTo(1));
        Assert.That(SqliteSchema.CurrentVersion, Is.EqualTo(2));
    }
}
