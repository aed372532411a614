using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Ocap.Workflow.History;
using Ocap.Workflow.Sqlite.CrashChild;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Sqlite.Tests;

/// <summary>
/// Kill -9 for real: a child process commits instance steps against a file and reports each commit after it
/// returned; the test kills it with SIGKILL at a random moment, then opens the file afresh and checks that every
/// reported step is there, nothing is duplicated, every chain verifies, and the next round resumes the instances.
/// </summary>
[NonParallelizable]
public class SqliteCrashTests
{
    private const int Rounds = 4;
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "ocapwf-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task KilledWithSigkillAtRandomMoments_EveryReportedCommitSurvives_NothingIsDuplicated_AndEveryChainVerifies(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, "crash.db");
        var random = new Random(20260301);
        var reported = new Dictionary<(string Tenant, string Id), long>();
        var totalReported = 0;
        for (var round = 1; round <= Rounds; round++)
        {
            var lines = await RunChildUntilKilledAsync(path, $"r{round}", killAfterLines: 40 + random.Next(400), extraDelayMs: random.Next(40), cancellationToken);
            Assert.That(lines, Has.Count.GreaterThanOrEqualTo(40), $"round {round}: the child reported too little before it was killed");
            foreach (var line in lines)
            {
                var parts = line.Split(' ');
                var version = long.Parse(parts[2], CultureInfo.InvariantCulture);
                var key = (parts[0], parts[1]);
                Assert.That(version, Is.GreaterThan(reported.GetValueOrDefault(key)), $"round {round}: {line} reported twice or out of order");
                reported[key] = version;
            }

            totalReported += lines.Count;
            await CheckFileAsync(path, reported, round);
        }

        Assert.That(totalReported, Is.GreaterThan(Rounds * 40));
        await ContinueEveryUnfinishedInstanceAsync(path);
    }

    private static async Task<List<string>> RunChildUntilKilledAsync(string path, string runId, int killAfterLines, int extraDelayMs, CancellationToken cancellationToken)
    {
        var child = Path.Combine(AppContext.BaseDirectory, "Ocap.Workflow.Sqlite.CrashChild.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", child, path, runId, "8" })
        {
            start.ArgumentList.Add(arg);
        }

        var commits = new List<string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null or "READY")
            {
                return;
            }

            lock (commits)
            {
                commits.Add(e.Data);
                if (commits.Count >= killAfterLines)
                {
                    enough.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(enough.Task, exited, Task.Delay(TimeSpan.FromSeconds(60), cancellationToken));
        if (first != enough.Task)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Assert.Fail($"The child stopped or stalled before reporting {killAfterLines} commits: {errors}");
        }

        await Task.Delay(extraDelayMs, cancellationToken);

        // Process.Kill sends SIGKILL on Unix: no finalizers, no flushing, no disposal.
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(cancellationToken);
        lock (commits)
        {
            return [.. commits];
        }
    }

    private static async Task CheckFileAsync(string path, Dictionary<(string Tenant, string Id), long> reported, int round)
    {
        await using var store = await SqliteWorkflowStore.OpenAsync(new SqliteWorkflowStoreOptions { Path = path, CreateIfMissing = false }, null, CancellationToken.None);
        var seen = 0;
        foreach (var tenant in CrashWorkload.Tenants)
        {
            string? after = null;
            while (true)
            {
                var page = await store.QueryInstancesAsync(tenant, new InstanceQuery(AfterInstanceId: after, Limit: 1000), CancellationToken.None);
                if (page.Count == 0)
                {
                    break;
                }

                foreach (var instance in page)
                {
                    seen++;
                    var history = await store.ReadHistoryAsync(tenant, instance.InstanceId, CancellationToken.None);
                    var verification = HistoryVerifier.Verify(tenant, instance.InstanceId, history!.Events, history.Head);
                    Assert.That(verification.IsIntact, Is.True, $"round {round}: {tenant}/{instance.InstanceId}: {verification.FirstBrokenLink}");
                    Assert.That(history.Events, Has.Count.EqualTo(instance.Version * CrashWorkload.EventsPerCommit), $"round {round}: {instance.InstanceId} has duplicated or missing events");
                    Assert.That(instance.StateJson, Is.EqualTo(CrashWorkload.State(instance.Version)));
                    var openTasks = await store.QueryUserTasksAsync(tenant, new UserTaskQuery(InstanceId: instance.InstanceId), CancellationToken.None);
                    var jobs = await store.ListJobsAsync(tenant, instance.InstanceId, CancellationToken.None);
                    var expected = instance.Version == CrashWorkload.StepsPerInstance ? 0 : 1;
                    Assert.That(openTasks, Has.Count.EqualTo(expected), $"round {round}: {instance.InstanceId} task index out of step with its state");
                    Assert.That(jobs, Has.Count.EqualTo(expected), $"round {round}: {instance.InstanceId} jobs out of step with its state");
                }

                after = page[^1].InstanceId;
            }
        }

        foreach (var ((tenantText, id), version) in reported)
        {
            var instance = await store.GetInstanceAsync(TenantId.Parse(tenantText), id, CancellationToken.None);
            Assert.That(instance, Is.Not.Null, $"round {round}: reported instance {tenantText}/{id} is lost");
            Assert.That(instance!.Version, Is.GreaterThanOrEqualTo(version), $"round {round}: reported step {version} of {tenantText}/{id} is lost");
        }

        Assert.That(seen, Is.GreaterThanOrEqualTo(reported.Count));
    }

    private static async Task ContinueEveryUnfinishedInstanceAsync(string path)
    {
        await using var store = await SqliteWorkflowStore.OpenAsync(new SqliteWorkflowStoreOptions { Path = path, CreateIfMissing = false }, null, CancellationToken.None);
        foreach (var tenant in CrashWorkload.Tenants)
        {
            var active = await store.QueryInstancesAsync(tenant, new InstanceQuery(Status: InstanceStatus.Active, Limit: InstanceQuery.MaxLimit), CancellationToken.None);
            foreach (var instance in active)
            {
                for (var v = instance.Version; v < CrashWorkload.StepsPerInstance; v++)
                {
                    await store.CommitAsync(tenant, CrashWorkload.NextCommit(instance.InstanceId, v, DateTimeOffset.UtcNow), CancellationToken.None);
                }

                Assert.That((await HistoryVerifier.VerifyAsync(store, tenant, instance.InstanceId, CancellationToken.None)).IsIntact, Is.True);
            }
        }
    }
}
