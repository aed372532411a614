using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

public sealed class JobRunIsolationTests
{
    private static readonly ServiceTaskRetryOptions DefaultRetry = new WorkflowEngineOptions().JobFailureRetry;

    /// <summary>Adds a job this engine cannot run (an unknown kind) to an instance, due now, as a damaged store row would.</summary>
    private static async Task AddBrokenJobAsync(RuntimeFixture fx, string instanceId)
    {
        var record = (await fx.Store.GetInstanceAsync(Acme, instanceId, CancellationToken.None))!;
        await fx.Store.CommitAsync(Acme, new StoreCommit(instanceId, record.Version, record.Status, record.StateJson)
        {
            ScheduleJobs = [new JobSchedule(instanceId + ".broken", "mystery", "review", fx.Clock.GetUtcNow())],
        }, CancellationToken.None);
    }

    [Test]
    public async Task RunDueJobs_WhenOneJobThrows_TheOtherDueJobsStillRunAndTheBadOneIsRetriedLater()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var first = await fx.StartApprovalAsync();
        var second = await fx.StartApprovalAsync();
        fx.Clock.Advance(TimeSpan.FromDays(2));
        await AddBrokenJobAsync(fx, first.InstanceId);

        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(3));

        Assert.That((await fx.Engine.GetInstanceAsync(Acme, first.InstanceId, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, second.InstanceId, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Completed));
        var broken = (await fx.Store.ListJobsAsync(Acme, first.InstanceId, CancellationToken.None)).Single();
        Assert.That((broken.Kind, broken.Attempts, broken.LeaseExpiresAt), Is.EqualTo(("mystery", 1, (DateTimeOffset?)null)));
        Assert.That(broken.DueAt, Is.EqualTo(fx.Clock.GetUtcNow() + DefaultRetry.InitialBackoff));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.Zero, "the failed job waits for its back-off");
    }

    [Test]
    public async Task RunDueJobs_AJobFailingEveryAttempt_IsParkedAsAnIncidentTheOperatorSeesAndCanRetry()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var instance = await fx.StartApprovalAsync();
        await AddBrokenJobAsync(fx, instance.InstanceId);

        Assert.That(DefaultRetry.MaxAttempts, Is.EqualTo(5));
        for (var attempt = 1; attempt <= DefaultRetry.MaxAttempts; attempt++)
        {
            Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1), $"attempt {attempt}");
            fx.Clock.Advance(DefaultRetry.MaxBackoff);
        }

        var parked = (await fx.Store.ListJobsAsync(Acme, instance.InstanceId, CancellationToken.None)).Single(j => j.Kind == "mystery");
        Assert.That(parked.DueAt, Is.EqualTo(DateTimeOffset.MaxValue));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.Zero);
        var seen = await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That(seen.Incidents, Has.Some.Contains(parked.JobId));
        Assert.ThrowsAsync<InvalidOperationException>(
            () => fx.Engine.ResolveIncidentAsync(Acme, instance.InstanceId, "review", null, "operator", CancellationToken.None),
            "a parked job of another kind than a service task can be retried, not resolved by hand");

        await fx.Engine.RetryIncidentAsync(Acme, instance.InstanceId, "review", "operator", CancellationToken.None);
        var retried = (await fx.Store.ListJobsAsync(Acme, instance.InstanceId, CancellationToken.None)).Single(j => j.Kind == "mystery");
        Assert.That(retried.DueAt, Is.EqualTo(fx.Clock.GetUtcNow()));
        var history = await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That((history[^1].Type, history[^1].Actor), Is.EqualTo(("incident-retried", "operator")));
    }

    [Test]
    public async Task RunDueJobs_WithJobFailureRetryOptions_RetriesAtTheirBackOffAndParksAfterTheirAttempts()
    {
        var options = new WorkflowEngineOptions
        {
            JobFailureRetry = new ServiceTaskRetryOptions { MaxAttempts = 3, InitialBackoff = TimeSpan.FromMinutes(1), BackoffMultiplier = 3, MaxBackoff = TimeSpan.FromMinutes(5) },
        };
        using var fx = new RuntimeFixture(options: options);
        await fx.DeployApprovalAsync();
        var instance = await fx.StartApprovalAsync();
        await AddBrokenJobAsync(fx, instance.InstanceId);

        // 1 minute after the first failure, then 3 minutes; the third failure parks the job.
        foreach (var (attempt, wait) in new[] { (1, TimeSpan.FromMinutes(1)), (2, TimeSpan.FromMinutes(3)) })
        {
            Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1), $"attempt {attempt}");
            var job = (await fx.Store.ListJobsAsync(Acme, instance.InstanceId, CancellationToken.None)).Single(j => j.Kind == "mystery");
            Assert.That((job.Attempts, job.DueAt), Is.EqualTo((attempt, fx.Clock.GetUtcNow() + wait)), $"attempt {attempt}");
            fx.Clock.Advance(wait - TimeSpan.FromSeconds(1));
            Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.Zero, $"not due before its back-off (attempt {attempt})");
            fx.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1));
        var parked = (await fx.Store.ListJobsAsync(Acme, instance.InstanceId, CancellationToken.None)).Single(j => j.Kind == "mystery");
        Assert.That((parked.Attempts, parked.DueAt), Is.EqualTo((3, DateTimeOffset.MaxValue)));
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None)).Incidents, Has.Some.Contains(parked.JobId));
    }

    [Test]
    public void Options_InvalidJobFailureRetry_AreRefusedNamingTheSetting()
    {
        foreach (var retry in new[]
        {
            new ServiceTaskRetryOptions { MaxAttempts = 0 },
            new ServiceTaskRetryOptions { BackoffMultiplier = 0.5 },
            new ServiceTaskRetryOptions { BackoffMultiplier = double.NaN },
            new ServiceTaskRetryOptions { InitialBackoff = TimeSpan.FromMinutes(20) },
        })
        {
            var e = Assert.Throws<ArgumentException>(() => new WorkflowEngineOptions { JobFailureRetry = retry }.Validate());
            Assert.That(e!.Message, Does.Contain(nameof(WorkflowEngineOptions.JobFailureRetry)));
        }

        Assert.Throws<ArgumentException>(() => new WorkflowEngineOptions { JobFailureRetry = null! }.Validate());
    }
}
