using Ocap.Workflow.History;

namespace Ocap.Workflow.Storage.ContractTests;

public abstract partial class WorkflowStoreContract
{
    [Test]
    public async Task Commit_Create_StoresStateAtVersionOneWithItsOrigin()
    {
        var definition = await DeployAsync(Acme);
        var result = await StartAsync(Acme, "i-1", definition, "{\"amount\":12.5}");

        Assert.That(result.Version, Is.EqualTo(1));
        var instance = await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None);
        Assert.That(instance, Is.Not.Null);
        Assert.That(instance!.StateJson, Is.EqualTo("{\"amount\":12.5}"));
        Assert.That(instance.Version, Is.EqualTo(1));
        Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Active));
        Assert.That(instance.ProcessKey, Is.EqualTo("expense"));
        Assert.That(instance.ProcessVersion, Is.EqualTo(1));
        Assert.That(instance.BundleHash, Is.EqualTo(definition.BundleHash));
        Assert.That(instance.CreatedAt, Is.EqualTo(Start));
        Assert.That(instance.HistoryHead, Is.EqualTo(result.HistoryHead));
    }

    [Test]
    public async Task Commit_Create_WhenTheIdIsTaken_IsAConflictAndChangesNothing()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition, "{\"first\":true}");

        var e = Assert.ThrowsAsync<ConcurrencyConflictException>(() => StartAsync(Acme, "i-1", definition, "{\"first\":false}"));
        Assert.That(e!.ExpectedVersion, Is.EqualTo(0));
        Assert.That(e.ActualVersion, Is.EqualTo(1));
        Assert.That((await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None))!.StateJson, Is.EqualTo("{\"first\":true}"));
        Assert.That((await Store.ReadHistoryAsync(Acme, "i-1", CancellationToken.None))!.Events, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Commit_Create_ForAProcessVersionNotDeployed_IsNotFound()
    {
        var definition = await DeployAsync(Acme);
        var e = Assert.ThrowsAsync<ProcessDefinitionNotFoundException>(() =>
            CommitAsync(Acme, new StoreCommit("i-1", new InstanceOrigin("expense", 2), InstanceStatus.Active, "{}")));
        Assert.That(e!.Version, Is.EqualTo(2));
        Assert.ThrowsAsync<ProcessDefinitionNotFoundException>(() => StartAsync(Globex, "i-1", definition));
        Assert.That(await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Commit_Update_AtTheExpectedVersion_ReplacesStateAndIncrementsVersion()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition);
        Clock.Advance(TimeSpan.FromMinutes(3));

        var result = await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Completed, "{\"step\":1}"));

        Assert.That(result.Version, Is.EqualTo(2));
        var instance = await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None);
        Assert.That(instance!.Version, Is.EqualTo(2));
        Assert.That(instance.StateJson, Is.EqualTo("{\"step\":1}"));
        Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(instance.CreatedAt, Is.EqualTo(Start));
        Assert.That(instance.UpdatedAt, Is.EqualTo(Start.AddMinutes(3)));
    }

    [Test]
    public async Task Commit_Update_AtAStaleVersion_IsAConflictAndWritesNothingAtAll()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition);
        await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{\"step\":1}"));

        var stale = new StoreCommit("i-1", 1, InstanceStatus.Active, "{\"step\":\"stale\"}")
        {
            Events = [Event("stale")],
            ScheduleJobs = [new JobSchedule("j-stale", "timer", "t", Start)],
            UpsertTasks = [TaskRow("task-stale")],
            UpsertSubscriptions = [new MessageSubscription("s-stale", "m", "k", "catch")],
        };
        var e = Assert.ThrowsAsync<ConcurrencyConflictException>(() => CommitAsync(Acme, stale));

        Assert.That(e!.ExpectedVersion, Is.EqualTo(1));
        Assert.That(e.ActualVersion, Is.EqualTo(2));
        Assert.That(e.InstanceId, Is.EqualTo("i-1"));
        var instance = await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None);
        Assert.That(instance!.StateJson, Is.EqualTo("{\"step\":1}"));
        Assert.That(instance.Version, Is.EqualTo(2));
        Assert.That((await Store.ReadHistoryAsync(Acme, "i-1", CancellationToken.None))!.Events.Select(x => x.Type), Is.EqualTo(new[] { "instance-started" }));
        Assert.That(await Store.ListJobsAsync(Acme, "i-1", CancellationToken.None), Is.Empty);
        Assert.That(await Store.GetUserTaskAsync(Acme, "task-stale", CancellationToken.None), Is.Null);
        Assert.That(await Store.FindMessageSubscriptionsAsync(Acme, "m", "k", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Commit_Update_OfAnUnknownInstance_IsNotFound()
    {
        var e = Assert.ThrowsAsync<InstanceNotFoundException>(() => CommitAsync(Acme, new StoreCommit("nope", 1, InstanceStatus.Active, "{}")));
        Assert.That(e!.InstanceId, Is.EqualTo("nope"));
    }

    [Test]
    public async Task Commit_Update_OfAnotherTenantsInstance_IsNotFoundExactlyLikeAMissingId()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition);

        var other = Assert.ThrowsAsync<InstanceNotFoundException>(() => CommitAsync(Globex, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}")));
        var missing = Assert.ThrowsAsync<InstanceNotFoundException>(() => CommitAsync(Globex, new StoreCommit("i-2", 1, InstanceStatus.Active, "{}")));

        Assert.That(other!.Message.Replace("i-1", "ID", StringComparison.Ordinal), Is.EqualTo(missing!.Message.Replace("i-2", "ID", StringComparison.Ordinal)));
        Assert.That(await Store.GetInstanceAsync(Globex, "i-1", CancellationToken.None), Is.Null);
        Assert.That(await Store.ReadHistoryAsync(Globex, "i-1", CancellationToken.None), Is.Null);
        Assert.That((await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None))!.Version, Is.EqualTo(1));
    }

    [Test]
    public async Task Commit_TheSameInstanceIdInTwoTenants_AreTwoInstances()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme), "{\"t\":\"acme\"}");
        await StartAsync(Globex, "i-1", await DeployAsync(Globex), "{\"t\":\"globex\"}");
        Assert.That((await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None))!.StateJson, Is.EqualTo("{\"t\":\"acme\"}"));
        Assert.That((await Store.GetInstanceAsync(Globex, "i-1", CancellationToken.None))!.StateJson, Is.EqualTo("{\"t\":\"globex\"}"));
    }

    [Test]
    public async Task Commit_LargeUnicodeState_RoundTripsExactly()
    {
        var definition = await DeployAsync(Acme);
        var big = "{\"note\":\"" + string.Concat(Enumerable.Repeat("Zürich — 東京 ✓ ", 20_000)) + "\",\"n\":1.50}";
        await StartAsync(Acme, "i-1", definition, big);
        Assert.That((await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None))!.StateJson, Is.EqualTo(big));
    }

    [Test]
    public async Task Commit_ThatRemovesATaskTheInstanceDoesNotHave_IsRejectedAndWritesNothing()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition);
        var bad = new StoreCommit("i-1", 1, InstanceStatus.Active, "{\"changed\":true}")
        {
            Events = [Event("changed")],
            ScheduleJobs = [new JobSchedule("j-1", "timer", null, Start)],
            UpsertTasks = [TaskRow("t-new")],
            RemoveTasks = ["t-missing"],
        };

        Assert.ThrowsAsync<StoreCommitRejectedException>(() => CommitAsync(Acme, bad));

        var instance = await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None);
        Assert.That(instance!.Version, Is.EqualTo(1));
        Assert.That(instance.StateJson, Is.EqualTo("{\"step\":0}"));
        Assert.That((await Store.ReadHistoryAsync(Acme, "i-1", CancellationToken.None))!.Events, Has.Count.EqualTo(1));
        Assert.That(await Store.ListJobsAsync(Acme, "i-1", CancellationToken.None), Is.Empty);
        Assert.That(await Store.GetUserTaskAsync(Acme, "t-new", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Commit_ThatCancelsAnotherInstancesJob_IsRejected()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition);
        await StartAsync(Acme, "i-2", definition);
        await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}") { ScheduleJobs = [new JobSchedule("j-1", "timer", null, Start)] });

        Assert.ThrowsAsync<StoreCommitRejectedException>(() => CommitAsync(Acme, new StoreCommit("i-2", 1, InstanceStatus.Active, "{}") { CancelJobs = ["j-1"] }));
        Assert.ThrowsAsync<StoreCommitRejectedException>(() =>
            CommitAsync(Acme, new StoreCommit("i-2", 1, InstanceStatus.Active, "{}") { ScheduleJobs = [new JobSchedule("j-1", "timer", null, Start)] }));
        Assert.That((await Store.ListJobsAsync(Acme, "i-1", CancellationToken.None)).Single().JobId, Is.EqualTo("j-1"));
        Assert.That((await Store.GetInstanceAsync(Acme, "i-2", CancellationToken.None))!.Version, Is.EqualTo(1));
    }

    [Test]
    public void StoreCommit_WithStateThatIsNotJson_IsRefusedBeforeReachingTheStore()
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new StoreCommit("i-1", 1, InstanceStatus.Active, "{\"a\":"));
        Assert.That(e!.ParamName, Is.EqualTo("stateJson"));
    }

    [Test]
    public async Task QueryInstances_FiltersByProcessAndStatusAndPagesInIdOrder()
    {
        var expense = await DeployAsync(Acme);
        var leave = await DeployAsync(Acme, processKey: "leave");
        foreach (var id in new[] { "c", "a", "e", "b", "d" })
        {
            await StartAsync(Acme, id, expense);
        }

        await StartAsync(Acme, "f", leave);
        await StartAsync(Globex, "g", await DeployAsync(Globex));
        await CommitAsync(Acme, new StoreCommit("b", 1, InstanceStatus.Completed, "{}"));

        var firstPage = await Store.QueryInstancesAsync(Acme, new InstanceQuery(ProcessKey: "expense", Limit: 2), CancellationToken.None);
        var secondPage = await Store.QueryInstancesAsync(Acme, new InstanceQuery(ProcessKey: "expense", AfterInstanceId: "b", Limit: 10), CancellationToken.None);
        var completed = await Store.QueryInstancesAsync(Acme, new InstanceQuery(Status: InstanceStatus.Completed), CancellationToken.None);
        var all = await Store.QueryInstancesAsync(Acme, new InstanceQuery(), CancellationToken.None);

        Assert.That(firstPage.Select(i => i.InstanceId), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(secondPage.Select(i => i.InstanceId), Is.EqualTo(new[] { "c", "d", "e" }));
        Assert.That(completed.Select(i => i.InstanceId), Is.EqualTo(new[] { "b" }));
        Assert.That(all.Select(i => i.InstanceId), Is.EqualTo(new[] { "a", "b", "c", "d", "e", "f" }));
    }

    [Test]
    public async Task ListTenants_NamesEveryTenantThatStoredSomething()
    {
        await DeployAsync(Globex);
        await DeployAsync(Acme);
        Assert.That(await Store.ListTenantsAsync(CancellationToken.None), Is.EqualTo(new[] { Acme, Globex }));
    }

    protected static UserTaskEntry TaskRow(string taskId, string filter = "(department=finance)", string? assignee = null, UserTaskState state = UserTaskState.Open) =>
        new(taskId, "approve", "Approve expense", filter, assignee, state, Start, Start.AddDays(2), "approval.form");

    protected static HistoryHead Head(CommitResult result) => result.HistoryHead;
}
