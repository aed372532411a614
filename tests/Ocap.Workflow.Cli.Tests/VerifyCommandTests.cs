using System.Text.Json;
using Microsoft.Data.Sqlite;
using Ocap.Workflow.History;
using Ocap.Workflow.Sqlite;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Cli.Tests;

public class VerifyCommandTests
{
    private static readonly TenantId Acme = TenantId.Parse("acme");
    private static readonly TenantId Globex = TenantId.Parse("globex");
    private string _directory = null!;
    private string _path = null!;

    [SetUp]
    public async Task CreateStore()
    {
        _directory = Path.Combine(Path.GetTempPath(), "ocapwf-verify-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _path = Path.Combine(_directory, "store.db");
        await using var store = await SqliteWorkflowStore.OpenAsync(new SqliteWorkflowStoreOptions { Path = _path }, null, CancellationToken.None);
        foreach (var tenant in new[] { Acme, Globex })
        {
            var bundle = new DeploymentBundle([new DeploymentArtifact("p.bpmn", ArtifactKind.Bpmn, "<d/>"u8)], [new ProcessDefinitionDraft("p", "p.bpmn")]);
            await store.DeployAsync(tenant, bundle, CancellationToken.None);
            foreach (var id in new[] { "i-1", "i-2" })
            {
                var events = Enumerable.Range(1, 3).Select(i => new HistoryEventDraft("step", DateTimeOffset.UnixEpoch.AddDays(i), "alice", [], $"{{\"i\":{i}}}")).ToArray();
                await store.CommitAsync(tenant, new StoreCommit(id, new InstanceOrigin("p", 1), InstanceStatus.Active, "{}") { Events = events }, CancellationToken.None);
            }
        }
    }

    [TearDown]
    public void DeleteStore()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<(int Exit, string[] Lines, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["verify", .. args], TextReader.Null, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.ToString());
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Test]
    public async Task Verify_AnUntouchedStore_PrintsOnlyTheSummaryAndSucceeds()
    {
        var (exit, lines, _) = await RunAsync("--sqlite", _path);

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(lines, Has.Length.EqualTo(1));
        using var summary = JsonDocument.Parse(lines[0]);
        Assert.That(summary.RootElement.GetProperty("tenants").GetInt32(), Is.EqualTo(2));
        Assert.That(summary.RootElement.GetProperty("instances").GetInt64(), Is.EqualTo(4));
        Assert.That(summary.RootElement.GetProperty("events").GetInt64(), Is.EqualTo(12));
        Assert.That(summary.RootElement.GetProperty("brokenLinks").GetInt64(), Is.EqualTo(0));
        Assert.That(summary.RootElement.GetProperty("intact").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Verify_AHandEditedHistoryRow_IsReportedWithItsPlaceAndTheCommandFails()
    {
        Execute("UPDATE history SET actor = 'mallory' WHERE tenant = 'globex' AND instance_id = 'i-2' AND sequence = 2;");

        var (exit, lines, _) = await RunAsync("--sqlite", _path);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(lines, Has.Length.EqualTo(2));
        using var finding = JsonDocument.Parse(lines[0]);
        Assert.That(finding.RootElement.GetProperty("tenant").GetString(), Is.EqualTo("globex"));
        Assert.That(finding.RootElement.GetProperty("instance").GetString(), Is.EqualTo("i-2"));
        Assert.That(finding.RootElement.GetProperty("sequence").GetInt64(), Is.EqualTo(2));
        Assert.That(finding.RootElement.GetProperty("kind").GetString(), Is.EqualTo("hash-mismatch"));
        using var summary = JsonDocument.Parse(lines[1]);
        Assert.That(summary.RootElement.GetProperty("brokenInstances").GetInt64(), Is.EqualTo(1));
        Assert.That(summary.RootElement.GetProperty("intact").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Verify_ReportsEveryBrokenLinkNotJustTheFirst()
    {
        Execute("UPDATE history SET payload = '{\"i\":9}' WHERE tenant = 'acme' AND instance_id = 'i-1' AND sequence = 1;" +
                "DELETE FROM history WHERE tenant = 'acme' AND instance_id = 'i-2' AND sequence = 3;");

        var (exit, lines, _) = await RunAsync("--sqlite", _path);

        Assert.That(exit, Is.EqualTo(1));
        var kinds = lines[..^1].Select(l => JsonDocument.Parse(l).RootElement).Select(e => (e.GetProperty("instance").GetString(), e.GetProperty("kind").GetString())).ToArray();
        Assert.That(kinds, Is.EqualTo(new[] { ("i-1", "hash-mismatch"), ("i-2", "head-mismatch") }));
    }

    [Test]
    public async Task Verify_WithATenant_ChecksOnlyThatTenant()
    {
        Execute("UPDATE history SET actor = 'mallory' WHERE tenant = 'globex';");

        var (exit, lines, _) = await RunAsync("--sqlite", _path, "--tenant", "acme");

        Assert.That(exit, Is.EqualTo(0));
        using var summary = JsonDocument.Parse(lines.Single());
        Assert.That(summary.RootElement.GetProperty("instances").GetInt64(), Is.EqualTo(2));
    }

    [Test]
    public async Task Verify_WithAnInstance_ChecksOnlyThatInstance()
    {
        Execute("UPDATE history SET actor = 'mallory' WHERE instance_id = 'i-1';");

        var (exit, lines, _) = await RunAsync("--sqlite", _path, "--tenant", "globex", "--instance", "i-2");

        Assert.That(exit, Is.EqualTo(0));
        using var summary = JsonDocument.Parse(lines.Single());
        Assert.That(summary.RootElement.GetProperty("instances").GetInt64(), Is.EqualTo(1));
        Assert.That(summary.RootElement.GetProperty("events").GetInt64(), Is.EqualTo(3));
    }

    [Test]
    public async Task Verify_AnInstanceTheTenantDoesNotHave_IsAUsageError()
    {
        var (exit, lines, error) = await RunAsync("--sqlite", _path, "--tenant", "acme", "--instance", "nope");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(lines, Is.Empty);
        Assert.That(error, Does.Contain("tenant 'acme' has no instance 'nope'"));
    }

    [Test]
    public async Task Verify_AMissingFile_IsAUsageErrorAndCreatesNothing()
    {
        var missing = Path.Combine(_directory, "missing.db");
        var (exit, _, error) = await RunAsync("--sqlite", missing);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("does not exist"));
        Assert.That(File.Exists(missing), Is.False);
    }

    [TestCase]
    [TestCase("--tenant", "acme")]
    [TestCase("--sqlite", "x.db", "--tenant", "not a tenant")]
    [TestCase("--sqlite", "x.db", "--verbose")]
    [TestCase("--sqlite", "x.db", "extra")]
    public async Task Verify_ABadCommandLine_IsAUsageError(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("Usage: ocapwf verify"));
    }
}
