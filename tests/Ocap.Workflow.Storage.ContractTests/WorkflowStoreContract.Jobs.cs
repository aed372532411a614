using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Storage.ContractTests;

public abstract partial class WorkflowStoreContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private async Task ScheduleAsync(TenantId tenant, string instanceId, long expectedVersion, params JobSchedule[] jobs) =>
        await CommitAsync(tenant, new StoreCommit(instanceId, expectedVersion, InstanceStatus.Active, "{}") { ScheduleJobs = jobs });

    [Test]
    public async Task ClaimDueJobs_ClaimsOnlyDueJobs_EarliestFirst()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));
        await ScheduleAsync(Acme, "i-1", 1,
            new JobSchedule("late", "timer", "boundary", Start.AddMinutes(-1), "{\"n\":2}"),
            new JobSchedule("early", "timer", "boundary", Start.AddMinutes(-5), "{\"n\":1}"),
            new JobSchedule("future", "timer", "boundary", Start.AddMinutes(10)));

        var claimed = await Store.ClaimDueJobsAsync(Acme, 10, Lease, CancellationToken.None);

        Assert.That(claimed.Select(c => c.Job.JobId), Is.EqualTo(new[] { "early", "late" }));
        Assert.That(claimed[0].Job.PayloadJson, Is.EqualTo("{\"n\":1}"));
        Assert.That(claimed[0].Job.InstanceId, Is.EqualTo("i-1"));
        Assert.That(claimed[0].Job.Kind, Is.EqualTo("timer"));
        Assert.That(claimed[0].Job.ElementId, Is.EqualTo("boundary"));
        Assert.That(claimed[0].LeaseExpiresAt, Is.EqualTo(Start + Lease));
        Assert.That(claimed[0].LeaseToken, Is.Not.EqualTo(claimed[1].LeaseToken));
    }

    [Test]
    public async Task ClaimDueJobs_HonoursMaxCount()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));
        await ScheduleAsync(Acme, "i-1", 1, new JobSchedule("a", "timer", null, Start), new JobSchedule("b", "timer", null, Start), new JobSchedule("c", "timer", null, Start));
        Assert.That(await Store.ClaimDueJobsAsync(Acme, 2, Lease, CancellationToken.None), Has.Count.EqualTo(2));
        Assert.That(await Store.ClaimDueJobsAsync(Acme, 2, Lease, CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ClaimDueJobs_AClaimedJob_IsNotClaimedAgainUntilItsLeaseExpires_ThenTheOldTokenIsUseless()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));
        await ScheduleAsync(Acme, "i-1", 1, new JobSchedule("j", "timer", null, Start));

        var first = (await Store.ClaimDueJobsAsync(Acme, 10, Lease, CancellationToken.None)).Single();
        Assert.That(await Store.ClaimDueJobsAsync(Acme, 10, Lease, CancellationToken.None), Is.Empty);
        Assert.That(await Store.GetNextDueTimeAsync(Acme, CancellationToken.None), Is.EqualTo(Start + Lease));

        Clock.Advance(Lease);
        var second = (await Store.ClaimDueJobsAsync(Acme, 10, Lease, CancellationToken.None)).Single();

        Assert.That(second.LeaseToken, Is.Not.EqualTo(first.LeaseToken));
        Assert.ThrowsAsync<JobLeaseLostException>(() => Store.CompleteJobAsync(Acme, new JobCompletion("j", first.LeaseToken), CancellationToken.None));
        await Store.CompleteJobAsync(Acme, new JobCompletion("j", second.LeaseToken), CancellationToken.None);
        Assert.That(await Store.ListJobsAsync(Acme, "i-1", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task RetryJob_CountsTheAttemptReleasesTheLeaseAndMakesItDueLater()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));
        await ScheduleAsync(Acme, "i-1", 1, new JobSchedule("j", "service-task", "pay", Start));
        var claimed = (await Store.ClaimDueJobsAsync(Acme, 1, Lease, CancellationToken.None)).Single();

        await Store.RetryJobAsync(Acme, new JobCompletion("j", claimed.LeaseToken), Start.AddMinutes(1), CancellationToken.None);

        var job = (await Store.ListJobsAsync(Acme, "i-1", CancellationToken.None)).Single();
        Assert.That(job.Attempts, Is.EqualTo(1));
        Assert.That(job.DueAt, Is.EqualTo(Start.AddMinutes(1)));
        Assert.That(job.LeaseExpiresAt, Is.Null);
        Assert.That(await Store.ClaimDueJobsAsync(Acme, 1, Lease, CancellationToken.None), Is.Empty);
        Assert.ThrowsAsync<JobLeaseLostException>(() =>
            Store.RetryJobAsync(Acme, new JobCompletion("j", claimed.LeaseToken), Start, CancellationToken.None));
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That((await Store.ClaimDueJobsAsync(Acme, 1, Lease, CancellationToken.None)).Single().Job.Attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task Commit_CompleteJobs_RemovesTheJobInTheSameCommitAsTheEffect()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));
        await ScheduleAsync(Acme, "i-1", 1, new JobSchedule("timer-1", "timer", "escalate", Start));
        var claimed = (await Store.ClaimDueJobsAsync(Acme, 1, Lease, CancellationToken.None)).Single();

        await CommitAsync(Acme, new StoreCommit("i-1", 2, InstanceStatus.Active, "{\"escalated\":true}")
        {
            Events = [Event("timer-fired")],
            CompleteJobs = [new JobCompletion("timer-1", claimed.LeaseToken)],
        });

        Assert.That(await Store.ListJobsAsync(Acme, "i-1", CancellationToken.None), Is.Empty);
        Assert.That((await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None))!.StateJson, Is.EqualTo("{\"escalated\":true}"));
    }

    [Test]
    public async Task Commit_CompleteJobs_WithALostLease_FailsAndWritesNothing()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));
        await ScheduleAsync(Acme, "i-1", 1, new JobSchedule("timer-1", "timer", "escalate", Start));
        var stale = (await Store.ClaimDueJobsAsync(Acme, 1, Lease, CancellationToken.None)).Single();
        Clock.Advance(Lease);
        var fresh = (await Store.ClaimDueJobsAsync(Acme, 1, Lease, CancellationToken.None)).Single();

        Assert.ThrowsAsync<JobLeaseLostException>(() => CommitAsync(Acme, new StoreCommit("i-1", 2, InstanceStatus.Active, "{\"escalated\":true}")
        {
            Events = [Event("timer-fired")],
            CompleteJobs = [new JobCompletion("timer-1", stale.LeaseToken)],
        }));

        var instance = await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None);
        Assert.That(instance!.Version, Is.EqualTo(2));
        Assert.That(instance.StateJson, Is.EqualTo("{}"));
        Assert.That((await Store.ListJobsAsync(Acme, "i-1", CancellationToken.None)).Single().LeaseExpiresAt, Is.EqualTo(fresh.LeaseExpiresAt));
    }

    [Test]
    public async Task Commit_CancelJobs_RemovesThemAndRescheduleReplacesTheDueTime()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));
        await ScheduleAsync(Acme, "i-1", 1, new JobSchedule("a", "timer", null, Start.AddDays(2)), new JobSchedule("b", "timer", null, Start.AddDays(2)));
        await CommitAsync(Acme, new StoreCommit("i-1", 2, InstanceStatus.Active, "{}")
        {
            CancelJobs = ["a"],
            ScheduleJobs = [new JobSchedule("b", "timer", null, Start.AddDays(3))],
        });

        var jobs = await Store.ListJobsAsync(Acme, "i-1", CancellationToken.None);
        Assert.That(jobs.Select(j => (j.JobId, j.DueAt)), Is.EqualTo(new[] { ("b", Start.AddDays(3)) }));
        Assert.That(await Store.GetNextDueTimeAsync(Acme, CancellationToken.None), Is.EqualTo(Start.AddDays(3)));
        Assert.That(await Store.GetNextDueTimeAsync(Globex, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Jobs_OfAnotherTenant_CannotBeClaimedListedOrCompleted()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));
        await ScheduleAsync(Acme, "i-1", 1, new JobSchedule("j", "timer", null, Start));

        Assert.That(await Store.ClaimDueJobsAsync(Globex, 10, Lease, CancellationToken.None), Is.Empty);
        Assert.That(await Store.ListJobsAsync(Globex, "i-1", CancellationToken.None), Is.Empty);
        var claimed = (await Store.ClaimDueJobsAsync(Acme, 10, Lease, CancellationToken.None)).Single();
        Assert.ThrowsAsync<JobLeaseLostException>(() => Store.CompleteJobAsync(Globex, new JobCompletion("j", claimed.LeaseToken), CancellationToken.None));
        Assert.That(await Store.ListJobsAsync(Acme, "i-1", CancellationToken.None), Has.Count.EqualTo(1));
    }
}
