using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

public sealed class JobRunIsolationTests
{
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
        Assert.That(broken.DueAt, Is.EqualTo(fx.Clock.GetUtcNow() + JobFailures.BackoffAfter(1)));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.Zero, "the failed job waits for its back-off");
    }

    [Test]
    public async Task RunDueJobs_AJobFailingEveryAttempt_IsParkedAsAnIncidentTheOperatorSeesAndCanRetry()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var instance = await fx.StartApprovalAsync();
        await AddBrokenJobAsync(fx, instance.InstanceId);

        for (var attempt = 1; attempt <= JobFailures.MaxAttempts; attempt++)
        {
            Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1), $"attempt {attempt}");
            fx.Clock.Advance(JobFailures.BackoffAfter(attempt));
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
}
