namespace Ocap.Workflow.Storage.ContractTests;

public abstract partial class WorkflowStoreContract
{
    private BufferedMessage Message(string id, string name = "paid", string key = "A-1", TimeSpan? ttl = null, string variables = "{\"amount\":12}") =>
        new(id, name, key, variables, Clock.GetUtcNow() + (ttl ?? TimeSpan.FromMinutes(10)), "psp");

    private Task BufferAsync(BufferedMessage message) => Store.BufferMessageAsync(Acme, message, CancellationToken.None);

    private Task<IReadOnlyList<BufferedMessageRecord>> FindMessagesAsync(string name = "paid", string key = "A-1") =>
        Store.FindBufferedMessagesAsync(Acme, name, key, CancellationToken.None);

    [Test]
    public async Task BufferMessage_IsFoundByNameAndKeyUntilItExpires_OldestFirst()
    {
        await BufferAsync(Message("m-2", ttl: TimeSpan.FromMinutes(5)));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await BufferAsync(Message("m-1", ttl: TimeSpan.FromMinutes(10)));
        await BufferAsync(Message("m-3", key: "B-2"));

        var found = await FindMessagesAsync();
        Assert.That(found.Select(m => m.Message.MessageId), Is.EqualTo(new[] { "m-2", "m-1" }));
        Assert.That(found[0].Message, Is.EqualTo(Message("m-2", ttl: TimeSpan.FromMinutes(4))));
        Assert.That(found[0].BufferedAt, Is.EqualTo(Start));
        Assert.That(await Store.FindBufferedMessagesAsync(Globex, "paid", "A-1", CancellationToken.None), Is.Empty);
        Assert.That(await Store.ListTenantsAsync(CancellationToken.None), Is.EqualTo(new[] { Acme }));

        Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.That((await FindMessagesAsync()).Select(m => m.Message.MessageId), Is.EqualTo(new[] { "m-1" }), "m-2 expired at its instant");
    }

    [Test]
    public async Task BufferMessage_WithAnIdTheTenantAlreadyHas_IsRefused()
    {
        await BufferAsync(Message("m-1"));
        Assert.ThrowsAsync<ArgumentException>(() => BufferAsync(Message("m-1", key: "other")));
        await Store.BufferMessageAsync(Globex, Message("m-1"), CancellationToken.None);
        Assert.That((await FindMessagesAsync()).Single().Message.CorrelationKey, Is.EqualTo("A-1"));
    }

    [Test]
    public async Task Commit_ConsumingABufferedMessage_RemovesItWithTheStep()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));
        await BufferAsync(Message("m-1"));

        await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{\"got\":1}") { ConsumeMessages = ["m-1"], Events = [Event("message-correlated")] });

        Assert.That(await FindMessagesAsync(), Is.Empty);
        Assert.That((await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None))!.Version, Is.EqualTo(2));
    }

    [Test]
    public async Task Commit_ConsumingAMessageAnotherCommitConsumed_ConflictsAndWritesNothing()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition);
        await StartAsync(Acme, "i-2", definition);
        await BufferAsync(Message("m-1"));
        await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}") { ConsumeMessages = ["m-1"] });

        Assert.ThrowsAsync<ConcurrencyConflictException>(() => CommitAsync(Acme, new StoreCommit("i-2", 1, InstanceStatus.Active, "{\"got\":1}")
        {
            ConsumeMessages = ["m-1"],
            UpsertSubscriptions = [new MessageSubscription("s-1", "next", "", "catch")],
        }));
        Assert.ThrowsAsync<ConcurrencyConflictException>(() => CommitAsync(Acme, new StoreCommit("i-3", new InstanceOrigin(definition.ProcessKey, definition.Version), InstanceStatus.Active, "{}")
        {
            ConsumeMessages = ["m-1"],
        }));

        var untouched = (await Store.GetInstanceAsync(Acme, "i-2", CancellationToken.None))!;
        Assert.That((untouched.Version, untouched.StateJson), Is.EqualTo((1L, "{\"step\":0}")));
        Assert.That(await Store.FindMessageSubscriptionsAsync(Acme, "next", "", CancellationToken.None), Is.Empty);
        Assert.That(await Store.GetInstanceAsync(Acme, "i-3", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Commit_ConsumingAnExpiredMessage_Conflicts()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));
        await BufferAsync(Message("m-1", ttl: TimeSpan.FromSeconds(5)));
        Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.ThrowsAsync<ConcurrencyConflictException>(() => CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}") { ConsumeMessages = ["m-1"] }));
        Assert.That((await Store.GetInstanceAsync(Acme, "i-1", CancellationToken.None))!.Version, Is.EqualTo(1));
    }

    [Test]
    public async Task PurgeExpiredMessages_RemovesOnlyExpiredMessagesOfTheTenant()
    {
        await BufferAsync(Message("short", ttl: TimeSpan.FromSeconds(5)));
        await BufferAsync(Message("long", ttl: TimeSpan.FromHours(1)));
        await Store.BufferMessageAsync(Globex, Message("short", ttl: TimeSpan.FromSeconds(5)), CancellationToken.None);
        Assert.That(await Store.PurgeExpiredMessagesAsync(Acme, CancellationToken.None), Is.Zero);

        Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.That(await Store.PurgeExpiredMessagesAsync(Acme, CancellationToken.None), Is.EqualTo(1));
        Assert.That(await Store.PurgeExpiredMessagesAsync(Acme, CancellationToken.None), Is.Zero);
        Clock.Advance(-TimeSpan.FromSeconds(5));
        Assert.That((await FindMessagesAsync()).Select(m => m.Message.MessageId), Is.EqualTo(new[] { "long" }), "the expired one is gone, not merely hidden");
        Assert.That(await Store.FindBufferedMessagesAsync(Globex, "paid", "A-1", CancellationToken.None), Has.Count.EqualTo(1), "another tenant's messages are its own");
    }
}
