using Microsoft.Extensions.DependencyInjection;
using Ocap.Workflow.DependencyInjection;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Sqlite.Tests;

public class SqliteWorkflowBuilderExtensionsTests : TempDirectoryTests
{
    [Test]
    public async Task AddSqliteStore_ResolvesADurableStoreOnTheFile_AndItsDataOutlivesTheContainer()
    {
        var path = Path.Combine(TempDirectory, "store.db");
        var tenant = TenantId.Parse("acme");
        var services = new ServiceCollection();
        services.AddOcapWorkflow(_ => { }).AddSqliteStore(o => o.Path = path).AddSqliteStore(o => o.Path = "ignored.db");
        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<IWorkflowStore>();
            Assert.That(store, Is.InstanceOf<SqliteWorkflowStore>());
            var artifact = new DeploymentArtifact("notes.json", ArtifactKind.Form, "{\"id\":\"f\",\"components\":[]}"u8.ToArray());
            await store.DeployAsync(tenant, new DeploymentBundle([artifact], []), CancellationToken.None);
        }

        Assert.That(File.Exists(Path.Combine(TempDirectory, "ignored.db")), Is.False, "the first registered store wins");
        await using var reopened = await SqliteWorkflowStore.OpenAsync(new SqliteWorkflowStoreOptions { Path = path }, null, CancellationToken.None);
        var hash = new DeploymentArtifact("notes.json", ArtifactKind.Form, "{\"id\":\"f\",\"components\":[]}"u8.ToArray()).Hash;
        Assert.That(await reopened.GetArtifactAsync(tenant, hash, CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public void AddSqliteStore_WithoutAPath_IsRefused()
    {
        var builder = new ServiceCollection().AddOcapWorkflow(_ => { });
        var e = Assert.Throws<ArgumentException>(() => builder.AddSqliteStore(_ => { }));
        Assert.That(e!.Message, Does.Contain("Path"));
    }
}
