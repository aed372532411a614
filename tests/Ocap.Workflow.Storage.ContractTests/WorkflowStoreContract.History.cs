using Ocap.Workflow.History;

namespace Ocap.Workflow.Storage.ContractTests;

public abstract partial class WorkflowStoreContract
{
    [Test]
    public async Task Commit_AppendsEventsChainedAcrossCommits_AndTheChainVerifies()
    {
        var definition = await DeployAsync(Acme);
        var started = await StartAsync(Acme, "i-1", definition);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}")
        {
            Events = [Event("task-completed", "{\"amount\":120}"), Event("script-decision", "{\"inputs\":{\"amount\":120},\"output\":true}", "system:script")],
        });

        Assert.That(started.Events.Single().Sequence, Is.EqualTo(1));
        Assert.That(started.Events.Single().PreviousHash, Is.EqualTo(HistoryHash.Genesis));
        Assert.That(second.Events.Select(e => e.Sequence), Is.EqualTo(new[] { 2L, 3L }));
        Assert.That(second.Events[0].PreviousHash, Is.EqualTo(started.Events[0].Hash));
        Assert.That(second.Events[1].PreviousHash, Is.EqualTo(second.Events[0].Hash));
        Assert.That(second.HistoryHead, Is.EqualTo(new HistoryHead(3, second.Events[1].Hash)));

        var verification = await HistoryVerifier.VerifyAsync(Store, Acme, "i-1", CancellationToken.None);
        Assert.That(verification.IsIntact, Is.True, () => string.Join("; ", verification.BrokenLinks));
        Assert.That(verification.EventCount, Is.EqualTo(3));
    }

    [Test]
    public async Task ReadHistory_ReturnsEveryFieldExactlyAsAppended()
    {
        var definition = await DeployAsync(Acme);
        await StartAsync(Acme, "i-1", definition);
        var at = new DateTimeOffset(2026, 3, 1, 10, 15, 30, TimeSpan.FromHours(2)).AddTicks(1234567);
        var payload = "{ \"inputs\" : {\"amount\": 1e3, \"who\": \"Zoë\"},\n \"output\": \"manager\" }";
        var draft = new HistoryEventDraft("script-decision", at, "bob@example", [ScriptHash, definition.ArtifactHash], payload);
        var appended = (await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}") { Events = [draft] })).Events.Single();

        var history = await Store.ReadHistoryAsync(Acme, "i-1", CancellationToken.None);
        var read = history!.Events[^1];

        Assert.That(read.Tenant, Is.EqualTo(Acme));
        Assert.That(read.InstanceId, Is.EqualTo("i-1"));
        Assert.That(read.Sequence, Is.EqualTo(2));
        Assert.That(read.Type, Is.EqualTo("script-decision"));
        Assert.That(read.Timestamp, Is.EqualTo(at));
        Assert.That(read.Timestamp.UtcTicks, Is.EqualTo(at.UtcTicks));
        Assert.That(read.Actor, Is.EqualTo("bob@example"));
        Assert.That(read.ArtifactHashes, Is.EqualTo(new[] { ScriptHash, definition.ArtifactHash }));
        Assert.That(read.PayloadJson, Is.EqualTo(payload));
        Assert.That(read.PreviousHash, Is.EqualTo(appended.PreviousHash));
        Assert.That(read.Hash, Is.EqualTo(appended.Hash));
        Assert.That(read.Hash, Is.EqualTo(HistoryHash.Compute(read)));
        Assert.That(history.Head, Is.EqualTo(new HistoryHead(2, appended.Hash)));
    }

    [Test]
    public async Task Commit_WithoutEvents_KeepsTheHead()
    {
        var definition = await DeployAsync(Acme);
        var started = await StartAsync(Acme, "i-1", definition);
        var result = await CommitAsync(Acme, new StoreCommit("i-1", 1, InstanceStatus.Active, "{}"));
        Assert.That(result.HistoryHead, Is.EqualTo(started.HistoryHead));
        Assert.That(result.Events, Is.Empty);
    }

    [Test]
    public async Task VerifyHistory_OfAnotherTenantsInstance_IsNotFound()
    {
        await StartAsync(Acme, "i-1", await DeployAsync(Acme));
        Assert.ThrowsAsync<InstanceNotFoundException>(() => HistoryVerifier.VerifyAsync(Store, Globex, "i-1", CancellationToken.None));
    }
}
