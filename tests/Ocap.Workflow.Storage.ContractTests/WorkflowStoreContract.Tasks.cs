namespace Ocap.Workflow.Storage.ContractTests;

public abstract partial class WorkflowStoreContract
{
    [Test]
    public async Task Commit_UpsertTasks_AddsRowsToTheTaskIndexExactlyAsWritten()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition);
        var row = TaskRow("t-1", "(&(department=finance)(title=manager))");
        await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}") { UpsertTasks = [row] });

        var read = await Store.GetUserTaskAsync(Acme, "t-1", CancellationToken.None);
        Assert.That(read, Is.EqualTo(new UserTaskRecord("i-1", row)));
    }

    [Test]
    public async Task Commit_UpsertTasks_ReplacesTheRowOfTheSameTask()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition);
        await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}") { UpsertTasks = [TaskRow("t-1")] });
        await CommitAsync(Acme, new StoreCommit("i-1", 2, InstanceStatus.Active, "{}") { UpsertTasks = [TaskRow("t-1", assignee: "carol", state: UserTaskState.Claimed)] });

        var read = await Store.GetUserTaskAsync(Acme, "t-1", CancellationToken.None);
        Assert.That(read!.Task.Assignee, Is.EqualTo("carol"));
        Assert.That(read.Task.State, Is.EqualTo(UserTaskState.Claimed));
    }

    [Test]
    public async Task Commit_RemoveTasks_TakesRowsOutOfTheIndex()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition);
        await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}") { UpsertTasks = [TaskRow("t-1"), TaskRow("t-2")] });
        await CommitAsync(Acme, new StoreCommit("i-1", 2, InstanceStatus.Active, "{}") { RemoveTasks = ["t-1"] });

        Assert.That(await Store.GetUserTaskAsync(Acme, "t-1", CancellationToken.None), Is.Null);
        Assert.That(await Store.GetUserTaskAsync(Acme, "t-2", CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task QueryUserTasks_FiltersByStateAssigneeAndInstanceAndPagesInIdOrder()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition);
        await StartAsync(Acme, "i-2", definition);
        await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}")
        {
            UpsertTasks = [TaskRow("t-3"), TaskRow("t-1", assignee: "dave", state: UserTaskState.Claimed)],
        });
        await CommitAsync(Acme, new StoreCommit("i-2", 1, InstanceStatus.Active, "{}")
        {
            UpsertTasks = [TaskRow("t-2"), TaskRow("t-4", state: UserTaskState.Completed)],
        });
        await StartAsync(Globex, "i-9", await DeployAsync(Globex));
        await CommitAsync(Globex, new StoreCommit("i-9", 1, InstanceStatus.Active, "{}") { UpsertTasks = [TaskRow("t-0")] });

        async Task<string[]> Ids(UserTaskQuery q) => [.. (await Store.QueryUserTasksAsync(Acme, q, CancellationToken.None)).Select(t => t.Task.TaskId)];

        Assert.That(await Ids(new UserTaskQuery()), Is.EqualTo(new[] { "t-1", "t-2", "t-3", "t-4" }));
        Assert.That(await Ids(new UserTaskQuery(States: [UserTaskState.Open, UserTaskState.Claimed])), Is.EqualTo(new[] { "t-1", "t-2", "t-3" }));
        Assert.That(await Ids(new UserTaskQuery(Assignee: "dave")), Is.EqualTo(new[] { "t-1" }));
        Assert.That(await Ids(new UserTaskQuery(InstanceId: "i-2")), Is.EqualTo(new[] { "t-2", "t-4" }));
        Assert.That(await Ids(new UserTaskQuery(Limit: 2)), Is.EqualTo(new[] { "t-1", "t-2" }));
        Assert.That(await Ids(new UserTaskQuery(AfterTaskId: "t-2", Limit: 2)), Is.EqualTo(new[] { "t-3", "t-4" }));
        Assert.That(await Ids(new UserTaskQuery(AfterTaskId: "t-25")), Is.EqualTo(new[] { "t-3", "t-4" }), "a start between two ids");
        Assert.That(await Ids(new UserTaskQuery(AfterTaskId: "t-0")), Is.EqualTo(new[] { "t-1", "t-2", "t-3", "t-4" }), "a start before every id");
        Assert.That(await Ids(new UserTaskQuery(AfterTaskId: "t-4")), Is.Empty, "the last id");
        Assert.That(await Ids(new UserTaskQuery(AfterTaskId: "u")), Is.Empty, "a start after every id");
        Assert.That(await Ids(new UserTaskQuery(States: [UserTaskState.Open], AfterTaskId: "t-1", Limit: 1)), Is.EqualTo(new[] { "t-2" }));

        await CommitAsync(Acme, new StoreCommit("i-1", 2, InstanceStatus.Active, "{}") { RemoveTasks = ["t-3"], UpsertTasks = [TaskRow("t-0a")] });
        Assert.That(await Ids(new UserTaskQuery()), Is.EqualTo(new[] { "t-0a", "t-1", "t-2", "t-4" }), "after a removal and an insertion");
        Assert.That(await Ids(new UserTaskQuery(AfterTaskId: "t-2")), Is.EqualTo(new[] { "t-4" }));
    }

    [Test]
    public async Task UserTasks_OfAnotherTenant_AreNeitherListedNorFound()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition);
        await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}") { UpsertTasks = [TaskRow("t-1")] });

        Assert.That(await Store.GetUserTaskAsync(Globex, "t-1", CancellationToken.None), Is.Null);
        Assert.That(await Store.QueryUserTasksAsync(Globex, new UserTaskQuery(), CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Commit_UpsertOfATaskOwnedByAnotherInstance_IsRejected()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition);
        await StartAsync(Acme, "i-2", definition);
        await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}") { UpsertTasks = [TaskRow("t-1")] });

        Assert.ThrowsAsync<StoreCommitRejectedException>(() => CommitAsync(Acme, new StoreCommit("i-2", 1, InstanceStatus.Active, "{}") { UpsertTasks = [TaskRow("t-1")] }));
        Assert.ThrowsAsync<StoreCommitRejectedException>(() => CommitAsync(Acme, new StoreCommit("i-2", 1, InstanceStatus.Active, "{}") { RemoveTasks = ["t-1"] }));
        Assert.That((await Store.GetUserTaskAsync(Acme, "t-1", CancellationToken.None))!.InstanceId, Is.EqualTo("i-1"));
    }

    [Test]
    public async Task Subscriptions_AreFoundByNameAndCorrelationKeyWithinTheTenant_AndRemovedByTheirInstance()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition);
        await StartAsync(Acme, "i-2", definition);
        await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}")
        {
            UpsertSubscriptions = [new MessageSubscription("s-1", "invoice-paid", "INV-7", "wait-payment")],
        });
        await CommitAsync(Acme, new StoreCommit("i-2", 1, InstanceStatus.Active, "{}")
        {
            UpsertSubscriptions = [new MessageSubscription("s-2", "invoice-paid", "INV-8", "wait-payment")],
        });

        var found = await Store.FindMessageSubscriptionsAsync(Acme, "invoice-paid", "INV-7", CancellationToken.None);
        Assert.That(found, Is.EqualTo(new[] { new MessageSubscriptionRecord("i-1", new MessageSubscription("s-1", "invoice-paid", "INV-7", "wait-payment")) }));
        Assert.That(await Store.FindMessageSubscriptionsAsync(Globex, "invoice-paid", "INV-7", CancellationToken.None), Is.Empty);
        Assert.That(await Store.FindMessageSubscriptionsAsync(Acme, "invoice-paid", "INV-9", CancellationToken.None), Is.Empty);

        Assert.ThrowsAsync<StoreCommitRejectedException>(() => CommitAsync(Acme, new StoreCommit("i-2", 2, InstanceStatus.Active, "{}") { RemoveSubscriptions = ["s-1"] }));
        await CommitAsync(Acme, new StoreCommit("i-1", 2, InstanceStatus.Active, "{}") { RemoveSubscriptions = ["s-1"] });
        Assert.That(await Store.FindMessageSubscriptionsAsync(Acme, "invoice-paid", "INV-7", CancellationToken.None), Is.Empty);
    }
}
