using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Storage.ContractTests;

public abstract partial class WorkflowStoreContract
{
    private static readonly TimeSpan StartLease = TimeSpan.FromSeconds(30);

    private static DeploymentBundle TriggerBundle(string bpmnText, IReadOnlyList<JobSchedule> jobs, IReadOnlyList<StartSubscription> subscriptions, string processKey = "expense") =>
        new([Bpmn("expense.bpmn", bpmnText)],
            [new ProcessDefinitionDraft(processKey, "expense.bpmn") { StartJobs = jobs, StartSubscriptions = subscriptions }]);

    private Task<DeploymentRecord> DeployTriggersAsync(TenantId tenant, string bpmnText, IReadOnlyList<JobSchedule> jobs, IReadOnlyList<StartSubscription> subscriptions) =>
        Store.DeployAsync(tenant, TriggerBundle(bpmnText, jobs, subscriptions), CancellationToken.None);

    [Test]
    public async Task Deploy_WithStartTriggers_StoresProcessLevelJobsAndStartSubscriptionsOfThatVersion()
    {
        await DeployTriggersAsync(Acme, "<v1/>",
            [new JobSchedule("start.expense.nightly", "timer-start", "nightly", Start.AddHours(1), "{\"n\":1}")],
            [new StartSubscription(StartEventKind.Message, "order", "onOrder"), new StartSubscription(StartEventKind.Signal, "order", "onSignal")]);

        var message = await Store.FindStartSubscriptionsAsync(Acme, StartEventKind.Message, "order", CancellationToken.None);
        Assert.That(message, Is.EqualTo(new[] { new StartSubscriptionRecord("expense", 1, new StartSubscription(StartEventKind.Message, "order", "onOrder")) }));
        Assert.That((await Store.FindStartSubscriptionsAsync(Acme, StartEventKind.Signal, "order", CancellationToken.None)).Single().Subscription.ElementId, Is.EqualTo("onSignal"));
        Assert.That(await Store.FindStartSubscriptionsAsync(Acme, StartEventKind.Message, "other", CancellationToken.None), Is.Empty);
        Assert.That(await Store.FindStartSubscriptionsAsync(Globex, StartEventKind.Message, "order", CancellationToken.None), Is.Empty);

        var job = (await Store.ListJobsAsync(Acme, string.Empty, CancellationToken.None)).Single();
        Assert.That((job.InstanceId, job.ProcessKey, job.JobId, job.Kind, job.ElementId, job.DueAt, job.PayloadJson),
            Is.EqualTo((string.Empty, "expense", "start.expense.nightly", "timer-start", "nightly", Start.AddHours(1), "{\"n\":1}")));
        Assert.That(await Store.GetNextDueTimeAsync(Acme, CancellationToken.None), Is.EqualTo(Start.AddHours(1)));
        Assert.That(await Store.ListTenantsAsync(CancellationToken.None), Is.EqualTo(new[] { Acme }));
    }

    [Test]
    public async Task Deploy_ANewVersion_ReplacesEveryStartTriggerOfTheKey()
    {
        await DeployTriggersAsync(Acme, "<v1/>",
            [new JobSchedule("start.a", "timer-start", "a", Start.AddHours(1)), new JobSchedule("start.b", "timer-start", "b", Start.AddHours(2))],
            [new StartSubscription(StartEventKind.Message, "order", "onOrder")]);
        await DeployTriggersAsync(Acme, "<v2/>",
            [new JobSchedule("start.a", "timer-start", "a", Start.AddHours(5))],
            [new StartSubscription(StartEventKind.Message, "refund", "onRefund")]);

        var jobs = await Store.ListJobsAsync(Acme, string.Empty, CancellationToken.None);
        Assert.That(jobs.Select(j => (j.JobId, j.DueAt)), Is.EqualTo(new[] { ("start.a", Start.AddHours(5)) }));
        Assert.That(await Store.FindStartSubscriptionsAsync(Acme, StartEventKind.Message, "order", CancellationToken.None), Is.Empty);
        Assert.That((await Store.FindStartSubscriptionsAsync(Acme, StartEventKind.Message, "refund", CancellationToken.None)).Single().ProcessVersion, Is.EqualTo(2));

        await DeployTriggersAsync(Acme, "<v3/>", [], []);
        Assert.That(await Store.ListJobsAsync(Acme, string.Empty, CancellationToken.None), Is.Empty, "a version without timer start events ends the schedule");
        Assert.That(await Store.FindStartSubscriptionsAsync(Acme, StartEventKind.Message, "refund", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Deploy_TheSameBytesAgain_LeavesTheScheduleAsItIs()
    {
        await DeployTriggersAsync(Acme, "<v1/>", [new JobSchedule("start.a", "timer-start", "a", Start)], []);
        var claimed = (await Store.ClaimDueJobsAsync(Acme, 10, StartLease, CancellationToken.None)).Single();
        await Store.CompleteJobAsync(Acme, new JobCompletion(claimed.Job.JobId, claimed.LeaseToken) { NextDueAt = Start.AddDays(1) }, CancellationToken.None);

        var again = await DeployTriggersAsync(Acme, "<v1/>", [new JobSchedule("start.a", "timer-start", "a", Start.AddMinutes(1))], []);

        Assert.That(again.Created, Is.False);
        Assert.That((await Store.ListJobsAsync(Acme, string.Empty, CancellationToken.None)).Single().DueAt, Is.EqualTo(Start.AddDays(1)));
    }

    [Test]
    public async Task Commit_CreatingAnInstanceFromAClaimedStartJob_KeepsTheJobForItsNextFiringInTheSameWrite()
    {
        var deployment = await DeployTriggersAsync(Acme, "<v1/>", [new JobSchedule("start.a", "timer-start", "a", Start)], []);
        var claimed = (await Store.ClaimDueJobsAsync(Acme, 10, StartLease, CancellationToken.None)).Single();
        Assert.That((claimed.Job.InstanceId, claimed.Job.ProcessKey), Is.EqualTo((string.Empty, "expense")));

        var definition = deployment.Processes.Single();
        await CommitAsync(Acme, new StoreCommit("i-1", new InstanceOrigin(definition.ProcessKey, definition.Version), InstanceStatus.Active, "{}")
        {
            Events = [Event("instance-started")],
            CompleteJobs = [new JobCompletion(claimed.Job.JobId, claimed.LeaseToken) { NextDueAt = Start.AddHours(1) }],
        });

        Assert.That(await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None), Is.Not.Null);
        var job = (await Store.ListJobsAsync(Acme, string.Empty, CancellationToken.None)).Single();
        Assert.That((job.DueAt, job.LeaseExpiresAt, job.Attempts), Is.EqualTo((Start.AddHours(1), (DateTimeOffset?)null, 0)));
        Assert.That(await Store.ListJobsAsync(Acme, "i-1", CancellationToken.None), Is.Empty, "the start job stays the process's, not the new instance's");
        Assert.That(await Store.ClaimDueJobsAsync(Acme, 10, StartLease, CancellationToken.None), Is.Empty);
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.That(await Store.ClaimDueJobsAsync(Acme, 10, StartLease, CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Commit_CompletingAStartJobWhoseLeaseWasLost_CreatesNothing()
    {
        var deployment = await DeployTriggersAsync(Acme, "<v1/>", [new JobSchedule("start.a", "timer-start", "a", Start)], []);
        var stale = (await Store.ClaimDueJobsAsync(Acme, 10, StartLease, CancellationToken.None)).Single();
        Clock.Advance(StartLease);
        await Store.ClaimDueJobsAsync(Acme, 10, StartLease, CancellationToken.None);

        var definition = deployment.Processes.Single();
        Assert.ThrowsAsync<JobLeaseLostException>(() => CommitAsync(Acme, new StoreCommit("i-1", new InstanceOrigin(definition.ProcessKey, definition.Version), InstanceStatus.Active, "{}")
        {
            CompleteJobs = [new JobCompletion(stale.Job.JobId, stale.LeaseToken)],
        }));
        Assert.That(await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Commit_CannotCancelOrRescheduleAProcessLevelJob()
    {
        var definition = (await DeployTriggersAsync(Acme, "<v1/>", [new JobSchedule("start.a", "timer-start", "a", Start)], [])).Processes.Single();
        await StartAsync(Acme, "i-1", definition);

        Assert.ThrowsAsync<StoreCommitRejectedException>(() => CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}") { CancelJobs = ["start.a"] }));
        Assert.ThrowsAsync<StoreCommitRejectedException>(() => CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}")
        {
            ScheduleJobs = [new JobSchedule("start.a", "timer", null, Start.AddDays(9))],
        }));
        Assert.That((await Store.ListJobsAsync(Acme, string.Empty, CancellationToken.None)).Single().DueAt, Is.EqualTo(Start));
    }

    [Test]
    public async Task CompleteJob_WithANextDueTime_KeepsTheJobReleasedWithItsAttemptsReset()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));
        await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}") { ScheduleJobs = [new JobSchedule("j", "timer", null, Start)] });
        var first = (await Store.ClaimDueJobsAsync(Acme, 10, StartLease, CancellationToken.None)).Single();
        await Store.RetryJobAsync(Acme, new JobCompletion("j", first.LeaseToken), Start, CancellationToken.None);
        var second = (await Store.ClaimDueJobsAsync(Acme, 10, StartLease, CancellationToken.None)).Single();
        Assert.That(second.Job.Attempts, Is.EqualTo(1));

        await Store.CompleteJobAsync(Acme, new JobCompletion("j", second.LeaseToken) { NextDueAt = Start.AddMinutes(10) }, CancellationToken.None);

        var job = (await Store.ListJobsAsync(Acme, "i-1", CancellationToken.None)).Single();
        Assert.That((job.DueAt, job.Attempts, job.LeaseExpiresAt), Is.EqualTo((Start.AddMinutes(10), 0, (DateTimeOffset?)null)));
        Assert.ThrowsAsync<JobLeaseLostException>(() => Store.CompleteJobAsync(Acme, new JobCompletion("j", second.LeaseToken), CancellationToken.None));
    }
}
