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

        // A state whose text was already written (read before the commit) is kept as that text.
        var other = new LiveState(new Ocap.Workflow.Bpmn.Execution.BpmnInstanceState { ProcessId = "p", Status = "completed", NextId = 9 });
        var text = other.Json;
        await store.CommitAsync(Acme, new StoreCommit("i-2", 0, new InstanceOrigin("p", deployment.Processes.Single().Version), InstanceStatus.Completed, other, null), CancellationToken.None);
        Assert.That((await store.GetInstanceAsync(Acme, "i-2", CancellationToken.None))!.StateJson, Is.EqualTo(text));
    }

    [Test]
    public async Task EndedInstance_KeptAsBytes_ReadsBackAsBeforeAndTakesFurtherCommits()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var store = new InMemoryWorkflowStore(clock);
        var definition = (await DeployAsync(store)).Processes.Single();
        var otherHash = new string('a', 64);
        List<HistoryEventDraft> Batch(int n, params string[] hashes) => [.. Enumerable.Range(0, n).Select(i => new HistoryEventDraft(
            $"e{i}", clock.GetUtcNow().AddTicks(i), i == 0 ? "Zoë" : "system:timer", hashes, $"{{\"i\":{i},\"t\":\"ü\\u003C\"}}"))];
        var drafts = new List<HistoryEventDraft>();
        var first = Batch(2, Hash);
        await store.CommitAsync(Acme, new StoreCommit("ü-1", new InstanceOrigin("p", definition.Version), InstanceStatus.Active, "{\"s\":1}") { Events = first }, CancellationToken.None);
        drafts.AddRange(first);
        var live = (await store.GetInstanceAsync(Acme, "ü-1", CancellationToken.None))!;
        clock.Advance(TimeSpan.FromMinutes(5));
        var second = Batch(3, Hash, otherHash);
        var ended = await store.CommitAsync(Acme, new StoreCommit("ü-1", 1, InstanceStatus.Completed, "{\"s\":\"é\"}") { Events = second }, CancellationToken.None);
        drafts.AddRange(second);

        var record = (await store.GetInstanceAsync(Acme, "ü-1", CancellationToken.None))!;
        Assert.That(record, Is.EqualTo(live with
        {
            Status = InstanceStatus.Completed, StateJson = "{\"s\":\"é\"}", Version = 2, UpdatedAt = clock.GetUtcNow(), HistoryHead = ended.HistoryHead,
        }));
        var expected = HistoryChain.Extend(Acme, "ü-1", HistoryHead.Empty, drafts, out var head);
        var read = (await store.ReadHistoryAsync(Acme, "ü-1", CancellationToken.None))!;
        Assert.That((read.Head, record.HistoryHead), Is.EqualTo((head, head)));
        Assert.That(read.Events, Is.EqualTo(expected).Using<HistoryEvent>(Same));
        Assert.That(ended.Events, Is.EqualTo(expected.Skip(2)).Using<HistoryEvent>(Same));
        Assert.That(live.HistoryHead, Is.EqualTo(expected[1] is var e ? new HistoryHead(2, e.Hash) : default), "a record read while live keeps its head");

        // A commit to the ended instance continues its chain; first it must name the right version.
        Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(
            Acme, new StoreCommit("ü-1", 1, InstanceStatus.Active, "{}") { Events = Batch(1, Hash) }, CancellationToken.None));
        Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(
            Acme, new StoreCommit("ü-1", new InstanceOrigin("p", definition.Version), InstanceStatus.Active, "{}"), CancellationToken.None));
        Assert.That(await store.ReadHistoryAsync(Acme, "ü-1", CancellationToken.None), Has.Property(nameof(InstanceHistory.Head)).EqualTo(head), "refused commits change nothing");
        var third = Batch(1, otherHash);
        await store.CommitAsync(Acme, new StoreCommit("ü-1", 2, InstanceStatus.Active, "{\"s\":3}") { Events = third }, CancellationToken.None);
        drafts.AddRange(third);
        var fourth = Batch(2, Hash);
        await store.CommitAsync(Acme, new StoreCommit("ü-1", 3, InstanceStatus.Cancelled, "{\"s\":4}") { Events = fourth }, CancellationToken.None);
        drafts.AddRange(fourth);

        expected = HistoryChain.Extend(Acme, "ü-1", HistoryHead.Empty, drafts, out head);
        read = (await store.ReadHistoryAsync(Acme, "ü-1", CancellationToken.None))!;
        Assert.That(read.Events, Is.EqualTo(expected).Using<HistoryEvent>(Same));
        Assert.That(HistoryVerifier.Verify(Acme, "ü-1", read.Events, read.Head).IsIntact, Is.True);
        record = (await store.GetInstanceAsync(Acme, "ü-1", CancellationToken.None))!;
        Assert.That((record.Status, record.Version, record.StateJson, record.HistoryHead), Is.EqualTo((InstanceStatus.Cancelled, 4L, "{\"s\":4}", head)));
        Assert.That(await store.QueryInstancesAsync(Acme, new InstanceQuery(), CancellationToken.None), Has.Count.EqualTo(1), "listed once");
        Assert.That(await store.GetInstanceAsync(TenantId.Parse("other"), "ü-1", CancellationToken.None), Is.Null);
        Assert.That(await store.ReadHistoryAsync(TenantId.Parse("other"), "ü-1", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ManyEndedAndLiveInstances_AreAllFound_AndPagedInIdOrder()
    {
        var store = new InMemoryWorkflowStore();
        var definition = (await DeployAsync(store)).Processes.Single();
        var ids = Enumerable.Range(0, 3_000).Select(i => $"{(i * 7919) % 3_000:D5}-{(i % 5 == 0 ? "é" : "x")}").ToList();
        bool Ends(string id) => id[3] != '3' && id[4] != '7';
        foreach (var id in ids)
        {
            var ends = Ends(id);
            await store.CommitAsync(Acme, new StoreCommit(id, new InstanceOrigin("p", definition.Version), ends ? InstanceStatus.Completed : InstanceStatus.Active, $"{{\"id\":\"{id}\"}}")
            {
                Events = [new HistoryEventDraft("started", DateTimeOffset.UnixEpoch, id, [Hash], $"{{\"id\":\"{id}\"}}")],
            }, CancellationToken.None);
        }

        foreach (var id in ids)
        {
            var record = await store.GetInstanceAsync(Acme, id, CancellationToken.None);
            var history = await store.ReadHistoryAsync(Acme, id, CancellationToken.None);
            Assert.That((record?.InstanceId, record?.StateJson, history?.Events.Single().Actor), Is.EqualTo((id, $"{{\"id\":\"{id}\"}}", id)));
        }

        Assert.That(await store.GetInstanceAsync(Acme, "00001-y", CancellationToken.None), Is.Null);
        var paged = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await store.QueryInstancesAsync(Acme, new InstanceQuery { AfterInstanceId = after, Limit = 400 }, CancellationToken.None);
            if (page.Count == 0)
            {
                break;
            }

            paged.AddRange(page.Select(r => r.InstanceId));
            after = page[^1].InstanceId;
        }

        Assert.That(paged, Is.EqualTo(ids.Order(StringComparer.Ordinal)));
        var completed = await store.QueryInstancesAsync(Acme, new InstanceQuery { Status = InstanceStatus.Completed, Limit = 5_000 }, CancellationToken.None);
        Assert.That(completed.Select(r => r.InstanceId), Is.EquivalentTo(ids.Where(Ends)));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task SharedPayloadRuns_AreKeptOnce_AndPayloadsReadBackWhole_LiveEndedAndTakenBack(bool fromPieces)
    {
        var store = new InMemoryWorkflowStore();
        var definition = (await DeployAsync(store)).Processes.Single();
        var run = System.Text.Encoding.UTF8.GetBytes(",\"steps\":[{\"type\":\"elementActivated\",\"element\":\"prüfung\"}]");
        string Payload(int i) => $"{{\"n\":{i}" + System.Text.Encoding.UTF8.GetString(run) + $",\"after\":\"é{i}\"}}";
        HistoryEventDraft Draft(int i)
        {
            var at = $"{{\"n\":{i}".Length;
            if (fromPieces)
            {
                // As the runtime makes them: the bytes around the run, and the process's copy of the run.
                var whole = System.Text.Encoding.UTF8.GetBytes(Payload(i));
                return new HistoryEventDraft("e", DateTimeOffset.UnixEpoch.AddTicks(i), "a", [Hash], [.. whole[..at], .. whole[(at + run.Length)..]], run, at);
            }

            var draft = new HistoryEventDraft("e", DateTimeOffset.UnixEpoch.AddTicks(i), "a", [Hash], Payload(i));
            draft.SharePayloadRun(run, at);
            return draft;
        }

        var drafts = new List<HistoryEventDraft> { Draft(1), Draft(22) };
        await store.CommitAsync(Acme, new StoreCommit("i", new InstanceOrigin("p", definition.Version), InstanceStatus.Active, "{}") { Events = drafts }, CancellationToken.None);
        async Task AssertReadsBackAsync(string state)
        {
            var expected = HistoryChain.Extend(Acme, "i", HistoryHead.Empty, drafts, out var head);
            var read = (await store.ReadHistoryAsync(Acme, "i", CancellationToken.None))!;
            Assert.That(read.Events, Is.EqualTo(expected).Using<HistoryEvent>(Same), state);
            Assert.That(read.Events.Select(e => e.PayloadJson), Is.EqualTo(drafts.Select(d => d.PayloadJson)), state);
            Assert.That(HistoryVerifier.Verify(Acme, "i", read.Events, read.Head).IsIntact && read.Head == head, Is.True, state);
        }

        await AssertReadsBackAsync("live");
        drafts.Add(Draft(333));
        await store.CommitAsync(Acme, new StoreCommit("i", 1, InstanceStatus.Completed, "{}") { Events = [drafts[^1]] }, CancellationToken.None);
        await AssertReadsBackAsync("ended");
        drafts.Add(Draft(4));
        await store.CommitAsync(Acme, new StoreCommit("i", 2, InstanceStatus.Active, "{}") { Events = [drafts[^1]] }, CancellationToken.None);
        await AssertReadsBackAsync("taken back");
    }

    [Test]
    public async Task PayloadsSharingPrefixesWithEarlierOnesOfTheirType_ReadBackExactly_LiveEndedAndTakenBack()
    {
        // Payloads are kept as the prefix they share with a base of their type plus their own rest: random payloads
        // share prefixes of every length (none, under and over the threshold, past a base's end, all of it) with
        // earlier ones of their type, with and without a shared run (placed before, inside and after the shared
        // prefix), non-ASCII text cut anywhere; more types than are given bases; instances read back live, ended
        // (created ended or ending later) and taken back.
        var random = new Random(26_11);
        var store = new InMemoryWorkflowStore();
        var definition = (await DeployAsync(store)).Processes.Single();
        var run = System.Text.Encoding.UTF8.GetBytes(",\"steps\":[{\"type\":\"x\"}]");
        var stems = Enumerable.Range(0, 6).Select(i => $"c{i}-{new string('é', 100 * i)}-id-è€").ToArray();
        string[] tails = ["a", "é", "è", "€", "😀", "\\\"", "\\u003C"];
        var types = Enumerable.Range(0, 80).Select(i => $"type-{i}").ToArray();
        HistoryEventDraft Draft()
        {
            // A JSON text whose string value begins as one of a few stems does, cut anywhere (UTF-8 prefixes may end
            // inside a character: é and è share their first byte), then goes on its own way.
            var stem = stems[random.Next(0, stems.Length)];
            var value = stem[..random.Next(0, stem.Length + 1)] + string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => tails[random.Next(0, tails.Length)]));
            var text = "{\"command\":\"" + value + "\"}";
            var payload = System.Text.Encoding.UTF8.GetBytes(text);
            var type = random.Next(0, 4) == 0 ? types[random.Next(0, types.Length)] : new string(types[random.Next(0, 3)].AsSpan());
            var at = DateTimeOffset.UnixEpoch.AddTicks(random.Next());
            if (random.Next(0, 2) == 0)
            {
                return new HistoryEventDraft(type, at, "a", [Hash], text);
            }

            // The run goes between two characters (the reference chain hashes the payload's text).
            var cut = random.Next(0, text.Length + 1);
            cut -= cut < text.Length && char.IsLowSurrogate(text[cut]) ? 1 : 0;
            return new HistoryEventDraft(type, at, "a", [Hash], payload, run, System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, cut)));
        }

        var histories = new Dictionary<string, List<HistoryEventDraft>>(StringComparer.Ordinal);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var step = 0; step < 600; step++)
        {
            var id = $"i-{random.Next(0, 60)}";
            var drafts = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Draft()).ToList();
            var status = random.Next(0, 3) == 0 ? InstanceStatus.Completed : InstanceStatus.Active;
            var commit = versions.TryGetValue(id, out var version)
                ? new StoreCommit(id, version, status, "{}") { Events = drafts }
                : new StoreCommit(id, new InstanceOrigin("p", definition.Version), status, "{}") { Events = drafts };
            await store.CommitAsync(Acme, commit, CancellationToken.None);
            versions[id] = version + 1;
            (histories.TryGetValue(id, out var all) ? all : histories[id] = []).AddRange(drafts);
        }

        foreach (var (id, drafts) in histories)
        {
            var expected = HistoryChain.Extend(Acme, id, HistoryHead.Empty, drafts, out var head);
            var read = (await store.ReadHistoryAsync(Acme, id, CancellationToken.None))!;
            Assert.That(read.Head, Is.EqualTo(head), id);
            Assert.That(read.Events, Is.EqualTo(expected).Using<HistoryEvent>(Same), id);
        }
    }

    [Test]
    public void DraftFromPieces_IsTheWholePayload_WhenRead()
    {
        var draft = new HistoryEventDraft("e", DateTimeOffset.UnixEpoch, "a", [Hash], "{\"a\":}"u8.ToArray(), "\"é\""u8.ToArray(), 5);

        Assert.That(draft.PayloadJson, Is.EqualTo("{\"a\":\"é\"}"));
        Assert.That(draft.OwnPayload.ToArray(), Is.EqualTo("{\"a\":}"u8.ToArray()));
        Assert.Throws<InvalidOperationException>(() => draft.SharePayloadRun("\"é\""u8.ToArray(), 5), "a draft names one run");
    }

    [Test]
    public void SharePayloadRun_RefusesBytesThePayloadDoesNotHoldThere()
    {
        var draft = new HistoryEventDraft("e", DateTimeOffset.UnixEpoch, "a", [Hash], "{\"a\":\"xyz\"}");

        Assert.Throws<ArgumentException>(() => draft.SharePayloadRun("\"xyz\""u8.ToArray(), 4));
        Assert.Throws<ArgumentException>(() => draft.SharePayloadRun("\"xyz\""u8.ToArray(), 9));
        Assert.Throws<ArgumentException>(() => draft.SharePayloadRun("\"xyz\""u8.ToArray(), -1));
        Assert.That(draft.SharedPayload, Is.Null);
        draft.SharePayloadRun("\"xyz\""u8.ToArray(), 5);
        Assert.That(draft.SharedPayloadAt, Is.EqualTo(5));
    }

    private static Task<DeploymentRecord> DeployAsync(InMemoryWorkflowStore store) => store.DeployAsync(Acme, new DeploymentBundle(
        [new DeploymentArtifact("p.bpmn", ArtifactKind.Bpmn, "<definitions id='v1'/>"u8)], [new ProcessDefinitionDraft("p", "p.bpmn")]), CancellationToken.None);

    private static bool Same(HistoryEvent a, HistoryEvent b) =>
        a.Tenant == b.Tenant && a.InstanceId == b.InstanceId && a.Sequence == b.Sequence && a.Type == b.Type && a.Timestamp == b.Timestamp
        && a.Timestamp.Offset == b.Timestamp.Offset && a.Actor == b.Actor && a.ArtifactHashes.SequenceEqual(b.ArtifactHashes)
        && a.PayloadJson == b.PayloadJson && a.PreviousHash == b.PreviousHash && a.Hash == b.Hash;
}
