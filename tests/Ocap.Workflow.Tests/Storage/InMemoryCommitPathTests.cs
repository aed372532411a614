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
            Assert.That(results[^1].Events, Is.EqualTo(expected.Skip(drafts.Count - batch.Count)).Using<HistoryEvent>(Same), $"commit {commit}");
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

    [TestCase(0, 0)]
    [TestCase(0, 2)]
    [TestCase(1, 0)]
    [TestCase(1, 3)]
    [TestCase(3, 2)]
    public async Task EndingCommitOfALiveInstance_ReturnsItsEventsAndHead_ReadFromTheEndedRecord(int earlierEvents, int endingEvents)
    {
        var store = new InMemoryWorkflowStore();
        var version = (await DeployAsync(store)).Processes.Single().Version;
        var state = new LiveState(new Ocap.Workflow.Bpmn.Execution.BpmnInstanceState { ProcessId = "p", NextId = 1 });
        var first = Drafts(0, earlierEvents);
        var started = await store.CommitAsync(Acme, new StoreCommit("i", 0, new InstanceOrigin("p", version), InstanceStatus.Active, state, null) { Events = first }, CancellationToken.None);
        var ending = Drafts(1, endingEvents);
        var ended = await store.CommitAsync(Acme, new StoreCommit("i", 1, null, InstanceStatus.Completed, state, null) { Events = ending }, CancellationToken.None);

        var expected = HistoryChain.Extend(Acme, "i", HistoryHead.Empty, [.. first, .. ending], out var head);
        HistoryChain.Extend(Acme, "i", HistoryHead.Empty, first, out var startedHead);
        Assert.That((ended.Version, ended.HistoryHead, started.HistoryHead), Is.EqualTo((2L, head, startedHead)));
        Assert.That(ended.Events, Is.EqualTo(expected.Skip(earlierEvents)).Using<HistoryEvent>(Same));
        Assert.That(started.Events, Is.EqualTo(expected.Take(earlierEvents)).Using<HistoryEvent>(Same), "the live commit's events are unchanged by the ending");
        Assert.That((await store.ReadHistoryAsync(Acme, "i", CancellationToken.None))!.Events, Is.EqualTo(expected).Using<HistoryEvent>(Same));
    }

    [Test]
    public async Task EndingCommits_OnManyThreads_ReturnEventsThatReadBackWhileOthersCommit()
    {
        var store = new InMemoryWorkflowStore();
        var version = (await DeployAsync(store)).Processes.Single().Version;
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            var ended = new List<(string Id, CommitResult Result)>();
            for (var i = 0; i < 200; i++)
            {
                var id = $"t{t}-{i}";
                var state = new LiveState(new Ocap.Workflow.Bpmn.Execution.BpmnInstanceState { ProcessId = "p", NextId = i });
                await store.CommitAsync(Acme, new StoreCommit(id, 0, new InstanceOrigin("p", version), InstanceStatus.Active, state, null) { Events = Drafts(i, 1) }, CancellationToken.None);
                ended.Add((id, await store.CommitAsync(Acme, new StoreCommit(id, 1, null, InstanceStatus.Completed, state, null) { Events = Drafts(i + 1, 2) }, CancellationToken.None)));
                if (i % 20 == 19)
                {
                    // Read back earlier results while the other threads keep committing.
                    foreach (var (earlierId, result) in ended)
                    {
                        var expected = HistoryChain.Extend(Acme, earlierId, HistoryHead.Empty, [.. Drafts(int.Parse(earlierId[(earlierId.IndexOf('-') + 1)..]), 1), .. Drafts(int.Parse(earlierId[(earlierId.IndexOf('-') + 1)..]) + 1, 2)], out var head);
                        if (!result.Events.SequenceEqual(expected.Skip(1), EqualityComparer<HistoryEvent>.Create(Same)) || result.HistoryHead != head)
                        {
                            return earlierId;
                        }
                    }
                }
            }

            return null;
        })));

        Assert.That(results, Is.All.Null, "every thread read back what it committed");
    }

    [Test]
    public async Task GetProcessDefinition_RepeatedAcrossTenantsAndVersions_AnswersEachExactly()
    {
        var store = new InMemoryWorkflowStore();
        var other = TenantId.Parse("other");
        var v1 = (await DeployAsync(store)).Processes.Single();
        var theirs = (await store.DeployAsync(other, new DeploymentBundle(
            [new DeploymentArtifact("p.bpmn", ArtifactKind.Bpmn, "<definitions id='v1'/>"u8)], [new ProcessDefinitionDraft("p", "p.bpmn")]), CancellationToken.None)).Processes.Single();

        var first = store.GetProcessDefinitionAsync(Acme, "p", null, CancellationToken.None);
        Assert.That(store.GetProcessDefinitionAsync(Acme, "p", 1, CancellationToken.None), Is.SameAs(first), "the same definition's task is kept");
        Assert.That(await first, Is.EqualTo(v1));
        Assert.That(await store.GetProcessDefinitionAsync(other, "p", null, CancellationToken.None), Is.SameAs(theirs));
        Assert.That(await store.GetProcessDefinitionAsync(Acme, "p", null, CancellationToken.None), Is.SameAs(await first));
        Assert.That(await store.GetProcessDefinitionAsync(Acme, "p", 2, CancellationToken.None), Is.Null);
        Assert.That(await store.GetProcessDefinitionAsync(Acme, "q", null, CancellationToken.None), Is.Null);

        var v2 = (await store.DeployAsync(Acme, new DeploymentBundle(
            [new DeploymentArtifact("p.bpmn", ArtifactKind.Bpmn, "<definitions id='v2'/>"u8)], [new ProcessDefinitionDraft("p", "p.bpmn")]), CancellationToken.None)).Processes.Single();
        Assert.That(await store.GetProcessDefinitionAsync(Acme, "p", null, CancellationToken.None), Is.EqualTo(v2).And.Not.EqualTo(v1));
        Assert.That(await store.GetProcessDefinitionAsync(Acme, "p", 1, CancellationToken.None), Is.EqualTo(v1));
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

    [TestCase("0f29d90f7a88489095eb06b1569a5f40")]
    [TestCase("0F29D90F7A88489095EB06B1569A5F40")]
    [TestCase("0f29d90f7a88489095eb06b1569a5f4g")]
    [TestCase("0f29d90f7a88489095eb06b1569a5f4")]
    [TestCase("0f29d90f7a88489095eb06b1569a5f400")]
    [TestCase("ü-0f29d90f7a88489095eb06b1569a5f")]
    [TestCase("i")]
    public async Task EndedInstance_WithAnyIdAndExtremeTimes_ReadsBackItsRecordAndHistoryExactly(string id)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var store = new InMemoryWorkflowStore(clock);
        var version = (await DeployAsync(store)).Processes.Single().Version;
        var run = System.Text.Encoding.UTF8.GetBytes(",\"steps\":[1,2,3]");
        HistoryEventDraft Draft(int i, DateTimeOffset at, bool shared)
        {
            var draft = new HistoryEventDraft($"type-{i % 2}", at, i % 3 == 0 ? "Zoë" : "system", [Hash], $"{{\"n\":{i}" + (shared ? ",\"steps\":[1,2,3]" : string.Empty) + ",\"ü\":\"\u003C\"}");
            if (shared)
            {
                draft.SharePayloadRun(run, $"{{\"n\":{i}".Length);
            }

            return draft;
        }

        var now = clock.GetUtcNow();
        var first = new List<HistoryEventDraft> { Draft(0, now, false), Draft(1, DateTimeOffset.MinValue, true), Draft(2, now.AddTicks(-1), false) };
        await store.CommitAsync(Acme, new StoreCommit(id, new InstanceOrigin("p", version), InstanceStatus.Active, "{\"s\":1}") { Events = first }, CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(3));
        var second = new List<HistoryEventDraft> { Draft(3, DateTimeOffset.MaxValue, true), Draft(4, DateTimeOffset.MinValue, false), Draft(5, now, true) };
        var live = new LiveState(new Ocap.Workflow.Bpmn.Execution.BpmnInstanceState { ProcessId = "p", Status = "completed", NextId = 7 });
        await store.CommitAsync(Acme, new StoreCommit(id, 1, null, InstanceStatus.Completed, live, null) { Events = second }, CancellationToken.None);

        var expected = HistoryChain.Extend(Acme, id, HistoryHead.Empty, [.. first, .. second], out var head);
        var record = (await store.GetInstanceAsync(Acme, id, CancellationToken.None))!;
        Assert.That(record, Is.EqualTo(new InstanceRecord(id, "p", version, record.BundleHash, InstanceStatus.Completed, live.Json, 2, now, clock.GetUtcNow(), head)));
        var history = (await store.ReadHistoryAsync(Acme, id, CancellationToken.None))!;
        Assert.That(history.Head, Is.EqualTo(head));
        Assert.That(history.Events, Is.EqualTo(expected).Using<HistoryEvent>(Same));
        Assert.That(history.Events.Select(e => e.PayloadJson), Is.EqualTo(first.Concat(second).Select(d => d.PayloadJson)));

        // Ids that differ only in case or in one digit are other ids.
        foreach (var other in new[] { id.ToUpperInvariant(), id.ToLowerInvariant(), id[..^1] + (id[^1] == '0' ? '1' : '0'), id + "0" })
        {
            if (other != id)
            {
                Assert.That(await store.GetInstanceAsync(Acme, other, CancellationToken.None), Is.Null, other);
            }
        }

        // Taken back and ended again, with the ended table asked on the way.
        await store.CommitAsync(Acme, new StoreCommit(id, 2, InstanceStatus.Cancelled, "{\"s\":3}") { Events = [Draft(6, now, false)] }, CancellationToken.None);
        expected = HistoryChain.Extend(Acme, id, HistoryHead.Empty, [.. first, .. second, Draft(6, now, false)], out head);
        history = (await store.ReadHistoryAsync(Acme, id, CancellationToken.None))!;
        Assert.That((history.Head, history.Events.Count), Is.EqualTo((head, 7)));
        Assert.That(history.Events, Is.EqualTo(expected).Using<HistoryEvent>(Same));
        Assert.That((await store.GetInstanceAsync(Acme, id, CancellationToken.None))!.StateJson, Is.EqualTo("{\"s\":3}"));
    }

    [Test]
    public async Task EndedInstances_WithRandomIdsNearTheHexForm_AreEachFoundUnderTheirOwnIdOnly()
    {
        // Ids of 32 lowercase hex digits are kept as 16 bytes; ids that are almost that (a capital letter, a letter past
        // f, a full-width or Arabic-Indic digit, one character more or less) must be kept and found as themselves.
        var random = new Random(11_26);
        var store = new InMemoryWorkflowStore();
        var version = (await DeployAsync(store)).Processes.Single().Version;
        const string Hex = "0123456789abcdef";
        string Near()
        {
            var id = string.Concat(Enumerable.Range(0, 32).Select(_ => Hex[random.Next(0, 16)]));
            var at = random.Next(0, 32);
            return random.Next(0, 8) switch
            {
                0 => id[..at] + char.ToUpperInvariant("abcdef"[random.Next(0, 6)]) + id[(at + 1)..],
                1 => id[..at] + "gxzG:/@`"[random.Next(0, 8)] + id[(at + 1)..],
                2 => id[..at] + "\uFF10\u0660\u00E9\u0130"[random.Next(0, 4)] + id[(at + 1)..],
                3 => random.Next(0, 2) == 0 ? id[..^1] : id + Hex[random.Next(0, 16)],
                _ => id,
            };
        }

        var ids = Enumerable.Range(0, 600).Select(_ => Near()).Distinct().ToList();
        foreach (var id in ids)
        {
            await store.CommitAsync(Acme, new StoreCommit(id, new InstanceOrigin("p", version), InstanceStatus.Completed, $"{{\"id\":\"{id}\"}}"), CancellationToken.None);
        }

        var kept = ids.ToHashSet(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var record = await store.GetInstanceAsync(Acme, id, CancellationToken.None);
            Assert.That((record?.InstanceId, record?.StateJson), Is.EqualTo((id, $"{{\"id\":\"{id}\"}}")));
            foreach (var other in new[] { id.ToUpperInvariant(), id.ToLowerInvariant(), id[..^1] + (id[^1] == '0' ? '1' : '0') })
            {
                if (!kept.Contains(other))
                {
                    Assert.That(await store.GetInstanceAsync(Acme, other, CancellationToken.None), Is.Null, other);
                }
            }
        }
    }

    [Test]
    public async Task EndedInstance_WithCountsAndVersionsPastOneByte_ReadsBackExactly()
    {
        var store = new InMemoryWorkflowStore();
        ProcessDefinitionRecord definition = null!;
        for (var v = 0; v < 130; v++)
        {
            definition = (await store.DeployAsync(Acme, new DeploymentBundle(
                [new DeploymentArtifact("p.bpmn", ArtifactKind.Bpmn, System.Text.Encoding.UTF8.GetBytes($"<definitions id='v{v}'/>"))], [new ProcessDefinitionDraft("p", "p.bpmn")]), CancellationToken.None)).Processes.Single();
        }

        var drafts = new List<HistoryEventDraft>();
        for (var commit = 0; commit < 140; commit++)
        {
            var batch = Drafts(commit, 1 + (commit % 2));
            drafts.AddRange(batch);
            await store.CommitAsync(Acme, commit == 0
                ? new StoreCommit("i", new InstanceOrigin("p", definition.Version), InstanceStatus.Completed, $"{{\"c\":{commit}}}") { Events = batch }
                : new StoreCommit("i", commit, InstanceStatus.Completed, $"{{\"c\":{commit}}}") { Events = batch }, CancellationToken.None);
        }

        var expected = HistoryChain.Extend(Acme, "i", HistoryHead.Empty, drafts, out var head);
        var record = (await store.GetInstanceAsync(Acme, "i", CancellationToken.None))!;
        Assert.That((record.ProcessVersion, record.Version, record.StateJson, record.HistoryHead), Is.EqualTo((130, 140L, "{\"c\":139}", head)));
        var history = (await store.ReadHistoryAsync(Acme, "i", CancellationToken.None))!;
        Assert.That(history.Events, Is.EqualTo(expected).Using<HistoryEvent>(Same));
        Assert.That(await store.QueryInstancesAsync(Acme, new InstanceQuery(), CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task EndedInstance_WhoseRecordNeedsRoomOfItsOwn_ReadsBackExactly_AsDoRecordsAroundIt()
    {
        // 3,300 events reserve more room than a quarter of the arena's largest chunk: the record gets an array of its own.
        var store = new InMemoryWorkflowStore();
        var version = (await DeployAsync(store)).Processes.Single().Version;
        await store.CommitAsync(Acme, new StoreCommit("before", new InstanceOrigin("p", version), InstanceStatus.Completed, "{\"b\":1}") { Events = Drafts(0, 2) }, CancellationToken.None);
        var many = Drafts(1, 3_300);
        await store.CommitAsync(Acme, new StoreCommit("big", new InstanceOrigin("p", version), InstanceStatus.Completed, "{\"big\":true}") { Events = many }, CancellationToken.None);
        await store.CommitAsync(Acme, new StoreCommit("after", new InstanceOrigin("p", version), InstanceStatus.Completed, "{\"a\":1}") { Events = Drafts(2, 2) }, CancellationToken.None);

        foreach (var (id, drafts, state) in new[] { ("before", Drafts(0, 2), "{\"b\":1}"), ("big", many, "{\"big\":true}"), ("after", Drafts(2, 2), "{\"a\":1}") })
        {
            var expected = HistoryChain.Extend(Acme, id, HistoryHead.Empty, drafts, out var head);
            var history = (await store.ReadHistoryAsync(Acme, id, CancellationToken.None))!;
            Assert.That(history.Events, Is.EqualTo(expected).Using<HistoryEvent>(Same), id);
            var record = (await store.GetInstanceAsync(Acme, id, CancellationToken.None))!;
            Assert.That((record.StateJson, record.HistoryHead, history.Head), Is.EqualTo((state, head, head)), id);
        }
    }

    [Test]
    public async Task EndedStates_SharingPrefixesOfEveryLengthWithEarlierStates_ReadBackExactly()
    {
        var store = new InMemoryWorkflowStore();
        var bundle = await store.DeployAsync(Acme, new DeploymentBundle(
            [new DeploymentArtifact("p.bpmn", ArtifactKind.Bpmn, "<definitions id='two'/>"u8)], [new ProcessDefinitionDraft("p", "p.bpmn"), new ProcessDefinitionDraft("q", "p.bpmn")]), CancellationToken.None);
        var head = "{\"processId\":\"p\",\"status\":\"completed\",\"finalVariables\":{\"name\":\"";
        var states = new List<string>
        {
            head + "Zoë\"}}", head + "Zoë\"}}", head + "Zoe\"}}", head + "Z\"}}", head[..31], head[..32], head[..33], head, "{}", "{\"other\":1}",
            head + new string('x', 2_000) + "\"}}", head + new string('x', 2_000) + "y\"}}", head + new string('x', 1_000) + "\"}}",
            "{\"processId\":\"p\",\"status\":\"cancelled\",\"x\":[1]}", "{\"processId\":\"p\",\"status\":\"cancelled\",\"x\":[2]}",
            "{\"processId\":\"p\",\"status\":\"terminated\",\"somethingLonger\":true}", "{\"processId\":\"p\",\"status\":\"other\",\"more\":\"ü€😀\"}",
            "[\"a completely different state that shares nothing with the rest\"]", head + "Zoë\"}}",
        };
        var ids = new List<(string Id, string State)>();
        for (var i = 0; i < states.Count * 2; i++)
        {
            var (key, state) = (i % 2 == 0 ? "p" : "q", states[i / 2]);
            var id = $"i-{i}";
            // Text as the runtime hands it back (not re-parsed), so that prefixes of any length can be tried.
            await store.CommitAsync(Acme, new StoreCommit(id, 0, new InstanceOrigin(key, bundle.Processes.Single(p => p.ProcessKey == key).Version), InstanceStatus.Completed, null, state)
            {
                Events = Drafts(i, 1),
            }, CancellationToken.None);
            ids.Add((id, state));
            foreach (var (earlierId, earlierState) in ids)
            {
                Assert.That((await store.GetInstanceAsync(Acme, earlierId, CancellationToken.None))!.StateJson, Is.EqualTo(earlierState), $"{earlierId} after {id}");
            }
        }

        // Taken back and ended again with another state, and once with a live state object.
        await store.CommitAsync(Acme, new StoreCommit("i-0", 1, null, InstanceStatus.Cancelled, null, head + "again\"}}") { Events = Drafts(99, 1) }, CancellationToken.None);
        Assert.That((await store.GetInstanceAsync(Acme, "i-0", CancellationToken.None))!.StateJson, Is.EqualTo(head + "again\"}}"));
        var live = new LiveState(new Ocap.Workflow.Bpmn.Execution.BpmnInstanceState { ProcessId = "p", Status = "completed", NextId = 5 });
        await store.CommitAsync(Acme, new StoreCommit("i-0", 2, null, InstanceStatus.Completed, live, null) { Events = Drafts(100, 1) }, CancellationToken.None);
        Assert.That((await store.GetInstanceAsync(Acme, "i-0", CancellationToken.None))!.StateJson, Is.EqualTo(live.Json));
        var listed = await store.QueryInstancesAsync(Acme, new InstanceQuery { Limit = 1_000 }, CancellationToken.None);
        Assert.That(listed.Where(r => r.InstanceId != "i-0").Select(r => (r.InstanceId, r.StateJson)), Is.EquivalentTo(ids.Skip(1)));
    }

    private static bool Same(HistoryEvent? a, HistoryEvent? b) => a is not null && b is not null && SameEvent(a, b);

    private static bool SameEvent(HistoryEvent a, HistoryEvent b) =>
        a.Tenant == b.Tenant && a.InstanceId == b.InstanceId && a.Sequence == b.Sequence && a.Type == b.Type && a.Timestamp == b.Timestamp
        && a.Timestamp.Offset == b.Timestamp.Offset && a.Actor == b.Actor && a.ArtifactHashes.SequenceEqual(b.ArtifactHashes)
        && a.PayloadJson == b.PayloadJson && a.PreviousHash == b.PreviousHash && a.Hash == b.Hash;

    private static List<HistoryEventDraft> Drafts(int commit, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new HistoryEventDraft($"e{commit}-{i}", DateTimeOffset.UnixEpoch.AddTicks(i), "system", [Hash], $"{{\"c\":{commit},\"i\":{i}}}"))];

    private static Task<DeploymentRecord> DeployAsync(InMemoryWorkflowStore store) => store.DeployAsync(Acme, new DeploymentBundle(
        [new DeploymentArtifact("p.bpmn", ArtifactKind.Bpmn, "<definitions id='v1'/>"u8)], [new ProcessDefinitionDraft("p", "p.bpmn")]), CancellationToken.None);
}
