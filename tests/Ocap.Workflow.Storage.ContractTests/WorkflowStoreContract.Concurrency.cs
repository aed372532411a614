using System.Collections.Concurrent;
using Ocap.Workflow.History;

namespace Ocap.Workflow.Storage.ContractTests;

public abstract partial class WorkflowStoreContract
{
    /// <summary>Runs <paramref name="count"/> bodies on pool threads, released together so that they really race.</summary>
    protected static async Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> body)
    {
        using var gate = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(0, count).Select(i => System.Threading.Tasks.Task.Run(async () =>
        {
            gate.Wait();
            return await body(i);
        })).ToArray();
        gate.Set();
        return await System.Threading.Tasks.Task.WhenAll(tasks);
    }

    [Test]
    public async Task Commit_ManyThreadsAgainstTheSameVersion_ExactlyOneWinsAndTheRestGetTheTypedConflict()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));

        var outcomes = await RaceAsync(16, async i =>
        {
            try
            {
                await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, $"{{\"winner\":{i}}}")
                {
                    Events = [Event("task-completed", $"{{\"by\":{i}}}")],
                    UpsertTasks = [TaskRow($"t-{i}")],
                });
                return "won";
            }
            catch (ConcurrencyConflictException e) when (e.ExpectedVersion == 1 && e.ActualVersion == 2)
            {
                return "conflict";
            }
        });

        Assert.That(outcomes.Count(o => o == "won"), Is.EqualTo(1));
        Assert.That(outcomes.Count(o => o == "conflict"), Is.EqualTo(15));
        var winner = Array.IndexOf(outcomes, "won");
        var instance = await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None);
        Assert.That(instance!.StateJson, Is.EqualTo($"{{\"winner\":{winner}}}"));
        Assert.That(instance.Version, Is.EqualTo(2));
        var history = await Store.ReadHistoryAsync(Acme, "i-1", CancellationToken.None);
        Assert.That(history!.Events.Select(e => e.PayloadJson), Is.EqualTo(new[] { "{}", $"{{\"by\":{winner}}}" }));
        Assert.That((await Store.QueryUserTasksAsync(Acme, new UserTaskQuery(), CancellationToken.None)).Select(t => t.Task.TaskId), Is.EqualTo(new[] { $"t-{winner}" }));
    }

    [Test]
    public async Task Commit_ManyThreadsCreatingTheSameInstance_ExactlyOneCreatesIt()
    {
        var definition = await DeployAsync(Acme);
        var outcomes = await RaceAsync(12, async i =>
        {
            try
            {
                await StartAsync(Acme, "i-1", definition, $"{{\"by\":{i}}}");
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        });

        Assert.That(outcomes.Count(o => o), Is.EqualTo(1));
        Assert.That((await Store.ReadHistoryAsync(Acme, "i-1", CancellationToken.None))!.Events, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Commit_ManyInstancesInParallel_NothingIsLostAndEveryChainVerifies()
    {
        var definition = await DeployAsync(Acme);
        const int Instances = 40;
        const int Steps = 8;
        await RaceAsync(Instances, async i =>
        {
            var id = $"p-{i:D3}";
            var tenant = i % 2 == 0 ? Acme : Globex;
            if (tenant == Globex)
            {
                // Both tenants deploy the same bundle; the second deployment of the same bytes is a no-op.
                await Store.DeployAsync(Globex, Bundle(), CancellationToken.None);
            }

            await StartAsync(tenant, id, definition);
            for (var step = 1; step <= Steps; step++)
            {
                await CommitAsync(tenant, new StoreCommit(id, step, InstanceStatus.Active, $"{{\"step\":{step}}}")
                {
                    Events = [Event("step", $"{{\"step\":{step}}}")],
                    UpsertTasks = step == Steps ? [TaskRow($"{id}-task")] : [],
                });
            }

            return id;
        });

        foreach (var tenant in new[] { Acme, Globex })
        {
            var instances = await Store.QueryInstancesAsync(tenant, new InstanceQuery(Limit: 1000), CancellationToken.None);
            Assert.That(instances, Has.Count.EqualTo(Instances / 2));
            foreach (var instance in instances)
            {
                Assert.That(instance.Version, Is.EqualTo(Steps + 1), instance.InstanceId);
                Assert.That(instance.StateJson, Is.EqualTo($"{{\"step\":{Steps}}}"));
                var verification = await HistoryVerifier.VerifyAsync(Store, tenant, instance.InstanceId, CancellationToken.None);
                Assert.That(verification.IsIntact, Is.True, instance.InstanceId);
                Assert.That(verification.EventCount, Is.EqualTo(Steps + 1));
            }

            Assert.That(await Store.QueryUserTasksAsync(tenant, new UserTaskQuery(Limit: 1000), CancellationToken.None), Has.Count.EqualTo(Instances / 2));
        }
    }

    [Test]
    public async Task ClaimDueJobs_ManyWorkersAtOnce_EachJobIsClaimedByExactlyOneWorker()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));
        const int Jobs = 60;
        await ScheduleAsync(Acme, "i-1", 1, [.. Enumerable.Range(0, Jobs).Select(i => new JobSchedule($"j-{i:D2}", "timer", null, Start.AddSeconds(-i)))]);

        var claims = new ConcurrentBag<string>();
        await RaceAsync(8, async worker =>
        {
            while (true)
            {
                var batch = await Store.ClaimDueJobsAsync(Acme, 3, Lease, CancellationToken.None);
                if (batch.Count == 0)
                {
                    return 0;
                }

                foreach (var job in batch)
                {
                    claims.Add(job.Job.JobId);
                    await Store.CompleteJobAsync(Acme, new JobCompletion(job.Job.JobId, job.LeaseToken), CancellationToken.None);
                }
            }
        });

        Assert.That(claims.Order(StringComparer.Ordinal), Is.EqualTo(Enumerable.Range(0, Jobs).Select(i => $"j-{i:D2}")));
        Assert.That(await Store.ListJobsAsync(Acme, "i-1", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Commit_TwoWorkersCompletingTheSameClaimedJob_TheEffectCommitsOnce()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));
        await ScheduleAsync(Acme, "i-1", 1, new JobSchedule("timer-1", "timer", null, Start));
        var claims = await RaceAsync(2, _ => Store.ClaimDueJobsAsync(Acme, 1, Lease, CancellationToken.None));
        Assert.That(claims.Sum(c => c.Count), Is.EqualTo(1), "only one worker gets the job");

        var claim = claims.Single(c => c.Count == 1).Single();
        var effects = await RaceAsync(2, async _ =>
        {
            try
            {
                await CommitAsync(Acme, new StoreCommit("i-1", 2, InstanceStatus.Active, "{\"fired\":true}")
                {
                    Events = [Event("timer-fired")],
                    CompleteJobs = [new JobCompletion("timer-1", claim.LeaseToken)],
                });
                return true;
            }
            catch (Exception e) when (e is ConcurrencyConflictException or JobLeaseLostException)
            {
                return false;
            }
        });

        Assert.That(effects.Count(x => x), Is.EqualTo(1));
        var history = await Store.ReadHistoryAsync(Acme, "i-1", CancellationToken.None);
        Assert.That(history!.Events.Count(e => e.Type == "timer-fired"), Is.EqualTo(1));
        Assert.That(HistoryVerifier.Verify(Acme, "i-1", history.Events, history.Head).IsIntact, Is.True);
    }
}
