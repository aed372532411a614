using Ocap.Workflow.History;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Storage.ContractTests;
using Ocap.Workflow.Storage.InMemory;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Tests.Storage;

/// <summary>
/// The in-memory store keeps history compactly (raw hashes, UTF-8 payloads, fields implied by position); what it
/// hands back must be exactly what <see cref="HistoryChain.Extend"/> gives for the same drafts.
/// </summary>
[TestFixture]
public class InMemoryHistoryTests
{
    private static readonly TenantId Acme = TenantId.Parse("acme");
    private const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Test]
    public async Task ManyCommits_ReadBackAndCommitResults_EqualTheReferenceChain()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var store = new InMemoryWorkflowStore(clock);
        var deployment = await store.DeployAsync(Acme, new DeploymentBundle(
            [new DeploymentArtifact("p.bpmn", ArtifactKind.Bpmn, "<definitions id='v1'/>"u8)], [new ProcessDefinitionDraft("p", "p.bpmn")]), CancellationToken.None);
        var definition = deployment.Processes.Single();
        var drafts = new List<HistoryEventDraft>();
        var returned = new List<HistoryEvent>();
        var records = new List<(InstanceRecord Record, HistoryHead Head)>();
        for (var commit = 0; commit < 12; commit++)
        {
            // Commits of 1, 2 and 3 events, so the stored array grows exactly, then by doubling.
            var batch = Enumerable.Range(0, 1 + (commit % 3)).Select(i => new HistoryEventDraft(
                $"event-{commit}-{i}", clock.GetUtcNow().AddTicks(i), i == 1 ? "Zoë" : "system:timer", [Hash], $"{{\"n\":{commit},\"text\":\"é\\u003C{i}\"}}")).ToList();
            var result = commit == 0
                ? await store.CommitAsync(Acme, new StoreCommit("i-1", new InstanceOrigin("p", definition.Version), InstanceStatus.Active, "{}") { Events = batch }, CancellationToken.None)
                : await store.CommitAsync(Acme, new StoreCommit("i-1", commit, InstanceStatus.Active, "{}") { Events = batch }, CancellationToken.None);
            drafts.AddRange(batch);
            returned.AddRange(result.Events);
            records.Add(((await store.GetInstanceAsync(Acme, "i-1", CancellationToken.None))!, result.HistoryHead));
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var expected = HistoryChain.Extend(Acme, "i-1", HistoryHead.Empty, drafts, out var head);
        var read = await store.ReadHistoryAsync(Acme, "i-1", CancellationToken.None);

        Assert.That(read!.Head, Is.EqualTo(head));
        Assert.That(read.Events, Is.EqualTo(expected).Using<HistoryEvent>(Same));
        Assert.That(returned, Is.EqualTo(expected).Using<HistoryEvent>(Same));
        Assert.That(HistoryVerifier.Verify(Acme, "i-1", read.Events, read.Head).IsIntact, Is.True);
        Assert.That(records.Select(r => r.Record.HistoryHead), Is.EqualTo(records.Select(r => r.Head)), "a record read earlier keeps the head of its own commit");
        Assert.That(records[^1].Head, Is.EqualTo(head));
    }

    [TestCase(10)]
    [TestCase(3_000)]
    [TestCase(70_000)]
    [TestCase(300_000)]
    public async Task Payloads_AcrossArenaChunksAndLargerThanAChunk_ReadBackExactly(int size)
    {
        var store = new InMemoryWorkflowStore();
        var deployment = await store.DeployAsync(Acme, new DeploymentBundle(
            [new DeploymentArtifact("p.bpmn", ArtifactKind.Bpmn, "<definitions id='v1'/>"u8)], [new ProcessDefinitionDraft("p", "p.bpmn")]), CancellationToken.None);
        var payloads = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var payload = $"{{\"i\":{i},\"text\":\"{new string((char)('a' + i), size)}ü\"}}";
            payloads.Add(payload);
            var draft = new HistoryEventDraft("e", DateTimeOffset.UnixEpoch, "a", [Hash], payload);
            var commit = i == 0
                ? new StoreCommit($"i-{i}", new InstanceOrigin("p", deployment.Processes.Single().Version), InstanceStatus.Completed, $"{{\"ended\":\"{new string('z', size)}é\"}}") { Events = [draft] }
                : new StoreCommit($"i-{i}", new InstanceOrigin("p", deployment.Processes.Single().Version), InstanceStatus.Active, "{}") { Events = [draft] };
            await store.CommitAsync(Acme, commit, CancellationToken.None);
        }

        for (var i = 0; i < 6; i++)
        {
            var history = await store.ReadHistoryAsync(Acme, $"i-{i}", CancellationToken.None);
            Assert.That(history!.Events.Single().PayloadJson, Is.EqualTo(payloads[i]));
            Assert.That(HistoryVerifier.Verify(Acme, $"i-{i}", history.Events, history.Head).IsIntact, Is.True);
        }

        var ended = await store.GetInstanceAsync(Acme, "i-0", CancellationToken.None);
        Assert.That(ended!.StateJson, Is.EqualTo($"{{\"ended\":\"{new string('z', size)}é\"}}"));
    }

    [Test]
    public async Task StateCommittedAsObject_IsKeptWhileActive_AndReadsBackAsItsJson()
    {
        var store = new InMemoryWorkflowStore();
        var deployment = await store.DeployAsync(Acme, new DeploymentBundle(
            [new DeploymentArtifact("p.bpmn", ArtifactKind.Bpmn, "<definitions id='v1'/>"u8)], [new ProcessDefinitionDraft("p", "p.bpmn")]), CancellationToken.None);
        var waiting = new Ocap.Workflow.Bpmn.Execution.BpmnInstanceState { ProcessId = "p", NextId = 3 };
        await store.CommitAsync(Acme, new StoreCommit("i-1", 0, new InstanceOrigin("p", deployment.Processes.Single().Version), InstanceStatus.Active, new LiveState(waiting), null), CancellationToken.None);

        var active = (await store.GetInstanceAsync(Acme, "i-1", CancellationToken.None))!;
        Assert.That(active.Live?.State, Is.SameAs(waiting), "a waiting instance keeps the object");
        Assert.That(active.StateJson, Is.EqualTo(waiting.ToJson()));
        Assert.That(active, Is.EqualTo(active with { Live = null, StateJson = waiting.ToJson() }), "equality compares the text");
        var edited = active with { StateJson = "{\"processId\":\"edited\"}" };
        Assert.That((edited.Live, edited.StateJson), Is.EqualTo(((LiveState?)null, "{\"processId\":\"edited\"}")), "new text replaces the kept object");

        var ended = new Ocap.Workflow.Bpmn.Execution.BpmnInstanceState { ProcessId = "p", Status = "completed", NextId = 4 };
        await store.CommitAsync(Acme, new StoreCommit("i-1", 1, null, InstanceStatus.Completed, new LiveState(ended), null), CancellationToken.None);
        var completed = (await store.GetInstanceAsync(Acme, "i-1", CancellationToken.None))!;
        Assert.That(completed.Live, Is.Null, "an ended instance keeps its text");
        Assert.That(completed.StateJson, Is.EqualTo(ended.ToJson()));
    }

    private static bool Same(HistoryEvent a, HistoryEvent b) =>
        a.Tenant == b.Tenant && a.InstanceId == b.InstanceId && a.Sequence == b.Sequence && a.Type == b.Type && a.Timestamp == b.Timestamp
        && a.Timestamp.Offset == b.Timestamp.Offset && a.Actor == b.Actor && a.ArtifactHashes.SequenceEqual(b.ArtifactHashes)
        && a.PayloadJson == b.PayloadJson && a.PreviousHash == b.PreviousHash && a.Hash == b.Hash;
}
