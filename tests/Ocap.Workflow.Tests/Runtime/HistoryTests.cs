using System.Text.Json.Nodes;
using Ocap.Workflow.History;
using Ocap.Workflow.Runtime;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

public sealed class HistoryTests
{
    private TamperingStore _tampering = null!;
    private RuntimeFixture _fx = null!;
    private string _instanceId = null!;

    [SetUp]
    public async Task SetUp()
    {
        _fx = new RuntimeFixture(wrapStore: store => _tampering = new TamperingStore(store));
        await _fx.DeployApprovalAsync();
        _instanceId = (await _fx.StartApprovalAsync()).InstanceId;
        var review = await _fx.SingleTaskAsync("fiona");
        await _fx.Engine.CompleteTaskAsync(Acme, review.TaskId, "fiona", ValidApproval(5000), CancellationToken.None);
        var director = await _fx.SingleTaskAsync("dora");
        await _fx.Engine.ClaimTaskAsync(Acme, director.TaskId, "dora", CancellationToken.None);
        await _fx.Engine.CompleteTaskAsync(Acme, director.TaskId, "dora", null, CancellationToken.None);
    }

    [TearDown]
    public void TearDown() => _fx.Dispose();

    [Test]
    public async Task VerifyHistory_Untouched_IsIntact()
    {
        var verification = await _fx.Engine.VerifyHistoryAsync(Acme, _instanceId, CancellationToken.None);
        Assert.That(verification.IsIntact, Is.True);
        var types = (await _fx.Engine.GetHistoryAsync(Acme, _instanceId, CancellationToken.None)).Select(e => e.Type);
        Assert.That(types, Is.EqualTo(new[] { "instance-started", "task-completed", "script-decision", "task-claimed", "task-completed" }));
    }

    [Test]
    public async Task VerifyHistory_EditedPayload_ReportsTheEditedEventFirst()
    {
        _tampering.Tamper = events => events.Select(e => e.Sequence == 2 ? e with { PayloadJson = e.PayloadJson.Replace("5000", "50", StringComparison.Ordinal) } : e).ToList();
        var verification = await _fx.Engine.VerifyHistoryAsync(Acme, _instanceId, CancellationToken.None);
        Assert.That(verification.FirstBrokenLink!.Sequence, Is.EqualTo(2));
        Assert.That(verification.FirstBrokenLink.Kind, Is.EqualTo(BrokenLinkKind.HashMismatch));
    }

    [Test]
    public async Task VerifyHistory_EditedActor_IsReported()
    {
        _tampering.Tamper = events => events.Select(e => e.Sequence == 5 ? e with { Actor = "mallory" } : e).ToList();
        var verification = await _fx.Engine.VerifyHistoryAsync(Acme, _instanceId, CancellationToken.None);
        Assert.That((verification.FirstBrokenLink!.Sequence, verification.FirstBrokenLink.Kind), Is.EqualTo((5L, BrokenLinkKind.HashMismatch)));
    }

    [Test]
    public async Task VerifyHistory_DeletedEvent_IsReported()
    {
        _tampering.Tamper = events => events.Where(e => e.Sequence != 3).ToList();
        var verification = await _fx.Engine.VerifyHistoryAsync(Acme, _instanceId, CancellationToken.None);
        Assert.That(verification.IsIntact, Is.False);
        Assert.That(verification.FirstBrokenLink!.Position, Is.EqualTo(3));
    }

    [Test]
    public async Task VerifyHistory_ReorderedEvents_AreReported()
    {
        _tampering.Tamper = events => [events[0], events[2], events[1], events[3], events[4]];
        var verification = await _fx.Engine.VerifyHistoryAsync(Acme, _instanceId, CancellationToken.None);
        Assert.That(verification.FirstBrokenLink!.Position, Is.EqualTo(2));
    }

    [Test]
    public async Task VerifyHistory_TruncatedTail_IsReportedAgainstTheRecordedHead()
    {
        _tampering.Tamper = events => events.Take(4).ToList();
        var verification = await _fx.Engine.VerifyHistoryAsync(Acme, _instanceId, CancellationToken.None);
        Assert.That(verification.FirstBrokenLink!.Kind, Is.EqualTo(BrokenLinkKind.HeadMismatch));
    }

    [Test]
    public async Task ReplayDecision_RecordedGatewayDecision_GivesTheRecordedOutput()
    {
        var decision = (await _fx.Engine.GetHistoryAsync(Acme, _instanceId, CancellationToken.None)).Single(e => e.Type == "script-decision");
        var replay = await _fx.Engine.ReplayDecisionAsync(Acme, _instanceId, decision.Sequence, CancellationToken.None);
        Assert.That(replay.Matches, Is.True);
        Assert.That(replay.ReplayedOutputJson, Is.EqualTo("""{"value":true}"""));
        Assert.That(replay.ElementId, Is.EqualTo("big"));
    }

    [Test]
    public async Task ReplayDecision_WithEditedInputs_NoLongerMatchesTheRecordedOutput()
    {
        _tampering.Tamper = events => events.Select(e => e.Type == "script-decision"
            ? e with { PayloadJson = EditAmount(e.PayloadJson, 10) }
            : e).ToList();
        var decision = (await _fx.Engine.GetHistoryAsync(Acme, _instanceId, CancellationToken.None)).Single(e => e.Type == "script-decision");
        var replay = await _fx.Engine.ReplayDecisionAsync(Acme, _instanceId, decision.Sequence, CancellationToken.None);
        Assert.That(replay.Matches, Is.False);
        Assert.That((replay.RecordedOutputJson, replay.ReplayedOutputJson), Is.EqualTo(("""{"value":true}""", """{"value":false}""")));
    }

    [Test]
    public void ReplayDecision_OfAnEventThatIsNotADecision_IsRefused()
    {
        Assert.ThrowsAsync<ArgumentException>(() => _fx.Engine.ReplayDecisionAsync(Acme, _instanceId, 1, CancellationToken.None));
        Assert.ThrowsAsync<ArgumentException>(() => _fx.Engine.ReplayDecisionAsync(Acme, _instanceId, 99, CancellationToken.None));
    }

    private static string EditAmount(string payload, int amount)
    {
        var node = JsonNode.Parse(payload)!;
        node["inputs"]!["amount"] = amount;
        return node.ToJsonString();
    }
}
