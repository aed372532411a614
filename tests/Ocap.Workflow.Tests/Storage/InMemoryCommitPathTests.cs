using Ocap.Workflow.History;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Storage.ContractTests;
using Ocap.Workflow.Storage.InMemory;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Tests.Storage;

/// <summary>
/// The in-memory store's cheaper commit and read paths (a commit result's head written when read, a live record's
/// read task kept, ended instances recorded without a record object) answer exactly as the plain ones did.
/// </summary>
[TestFixture]
public class InMemoryCommitPathTests
{
    private static readonly TenantId Acme = TenantId.Parse("acme");
    private const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Test]
    public async Task CommitResult_HeadWrittenOnRead_EqualsTheReferenceChainAtEveryCommit_LiveEndedAndCreatedEnded()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var store = new InMemoryWorkflowStore(clock);
        var version = (await DeployAsync(store)).Processes.Single().Version;
        var drafts = new List<HistoryEventDraft>();
        var results = new List<CommitResult>();
        for (var commit = 0; commit < 4; commit++)
        {
            var batch = Drafts(commit, commit == 2 ? 0 : 1 + commit);
            var status = commit == 3 ? InstanceStatus.Completed : InstanceStatus.Active;
            results.Add(await store.CommitAsync(Acme, commit == 0
                ? new StoreCommit("i-1", new InstanceOrigin("p", version), status, "{}") { Events = batch }
                : new StoreCommit("i-1", commit, status, "{}") { Events = batch }, CancellationToken.None));
            drafts.AddRange(batch);
            var expected = HistoryChain.Extend(Acme, "i-1", HistoryHead.Empty, drafts, out var head);
            Assert.That(results[^1].HistoryHead, Is.EqualTo(head), $"commit {commit}");
            Assert.That(results[^1].Version, Is.EqualTo(commit + 1));
            Assert.That(results[^1], Is.EqualTo(results[^1] with { HistoryHead = head }), "a head written on read equals the same head given");
            Assert.That(results[^1], Is.Not.EqualTo(results[^1] with { HistoryHead = HistoryHead.Empty }));
            Assert.That(results[^1].GetHashCode(), Is.EqualTo((results[^1] with { HistoryHead = head }).GetHashCode()));
        }

        Assert.That(results.Select(r => r.HistoryHead.Sequence), Is.EqualTo(new long[] { 1, 3, 3, 7 }), "earlier results keep the head of their own commit");

        var once = await store.CommitAsync(Acme, new StoreCommit("i-2", new InstanceOrigin("p", version), InstanceStatus.Completed, "{\"done\":true}")
        {
            Events = Drafts(9, 2),
        }, CancellationToken.None);
        HistoryChain.Extend(Acme, "i-2", HistoryHead.Empty, Drafts(9, 2), out var onceHead);
        Assert.That((once.Version, once.HistoryHead), Is.EqualTo((1L, onceHead)));
        Assert.That((await store.GetInstanceAsync(Acme, "i-2", CancellationToken.None))!.HistoryHead, Is.EqualTo(onceHead));
    }

    [Test]
    public async Task GetInstance_OfAnUnchangedLiveRecord_ReturnsTheSameRecord_AndAFreshOneAfterEachCommit()
    {
        var store = new InMemoryWorkflowStore();
        var version = (await DeployAsync(store)).Processes.Single().Version;
        // A state committed as the runtime's object is kept live; one committed as text is kept as bytes and read anew.
        var state = new LiveState(new Ocap.Workflow.Bpmn.Execution.BpmnInstanceState { ProcessId = "p", NextId = 1 });
        await store.CommitAsync(Acme, new StoreCommit("i-1", 0, new InstanceOrigin("p", version), InstanceStatus.Active, state, null) { Events = Drafts(0, 1) }, CancellationToken.None);

        var first = await store.GetInstanceAsync(Acme, "i-1", CancellationToken.None);
        var again = await store.GetInstanceAsync(Acme, "i-1", CancellationToken.None);
        Assert.That(again, Is.SameAs(first));
        Assert.That(await store.GetInstanceAsync(TenantId.Parse("other"), "i-1", CancellationToken.None), Is.Null, "another tenant does not see it");

        var next = new LiveState(new Ocap.Workflow.Bpmn.Execution.BpmnInstanceState { ProcessId = "p", NextId = 2 });
        await store.CommitAsync(Acme, new StoreCommit("i-1", 1, null, InstanceStatus.Active, next, null) { Events = Drafts(1, 1) }, CancellationToken.None);
        var second = await store.GetInstanceAsync(Acme, "i-1", CancellationToken.None);
        Assert.That((second!.Version, second.StateJson, first!.Version, first.StateJson), Is.EqualTo((2L, next.Json, 1L, state.Json)));
        Assert.That(await store.GetInstanceAsync(Acme, "i-1", CancellationToken.None), Is.SameAs(second));

        await store.CommitAsync(Acme, new StoreCommit("i-1", 2, InstanceStatus.Active, "{\"s\":2}") { Events = Drafts(1, 1) }, CancellationToken.None);
        var text = await store.GetInstanceAsync(Acme, "i-1", CancellationToken.None);
        Assert.That((text!.Version, text.StateJson, text.Live), Is.EqualTo((3L, "{\"s\":2}", (LiveState?)null)));

        await store.CommitAsync(Acme, new StoreCommit("i-1", 3, InstanceStatus.Completed, "{\"s\":3}") { Events = Drafts(2, 1) }, CancellationToken.None);
        var ended = await store.GetInstanceAsync(Acme, "i-1", CancellationToken.None);
        Assert.That((ended!.Version, ended.Status, ended.StateJson, ended.CreatedAt), Is.EqualTo((4L, InstanceStatus.Completed, "{\"s\":3}", first.CreatedAt)));
        Assert.That(await store.GetInstanceAsync(Acme, "i-1", CancellationToken.None), Is.EqualTo(ended), "an ended record reads back equal");
    }

    private static List<HistoryEventDraft> Drafts(int commit, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new HistoryEventDraft($"e{commit}-{i}", DateTimeOffset.UnixEpoch.AddTicks(i), "system", [Hash], $"{{\"c\":{commit},\"i\":{i}}}"))];

    private static Task<DeploymentRecord> DeployAsync(InMemoryWorkflowStore store) => store.DeployAsync(Acme, new DeploymentBundle(
        [new DeploymentArtifact("p.bpmn", ArtifactKind.Bpmn, "<definitions id='v1'/>"u8)], [new ProcessDefinitionDraft("p", "p.bpmn")]), CancellationToken.None);
}
