using System.Text.Json.Nodes;
using Ocap.Workflow.History;
using Ocap.Workflow.Runtime;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>Decisions that read the clock or randomness store what they read, and replay serves it back.</summary>
public sealed class HostEffectsReplayTests
{
    private TamperingStore _tampering = null!;
    private RuntimeFixture _fx = null!;
    private string _instanceId = null!;

    private static readonly string Stamping = Definitions("""
        <startEvent id="start" />
        <sequenceFlow id="f1" sourceRef="start" targetRef="stamp" />
        <scriptTask id="stamp" scriptFormat="javascript"><script>
          execution.setVariable('stampedAt', Date.now());
          execution.setVariable('ticket', Math.floor(Math.random() * 1000000));
          execution.setVariable('draw', Math.random());
        </script></scriptTask>
        <sequenceFlow id="f2" sourceRef="stamp" targetRef="wait" />
        <userTask id="wait" ocap:candidateFilter="(department=finance)" />
        <sequenceFlow id="f3" sourceRef="wait" targetRef="done" />
        <endEvent id="done" />
        """, processId: "stamping");

    [SetUp]
    public async Task SetUp()
    {
        _fx = new RuntimeFixture(wrapStore: store => _tampering = new TamperingStore(store));
        await _fx.Engine.DeployAsync(Acme, [BpmnFile("stamping.bpmn", Stamping)], CancellationToken.None);
        _instanceId = (await _fx.Engine.StartAsync(Acme, new StartInstanceRequest("stamping"), CancellationToken.None)).InstanceId;
    }

    [TearDown]
    public void TearDown() => _fx.Dispose();

    private async Task<HistoryEvent> DecisionAsync() =>
        (await _fx.Engine.GetHistoryAsync(Acme, _instanceId, CancellationToken.None)).Single(e => e.Type == "script-decision");

    [Test]
    public async Task Decision_ThatReadTheClockAndRandomness_RecordsEveryValueItRead()
    {
        var payload = JsonNode.Parse((await DecisionAsync()).PayloadJson)!;
        var effects = payload["hostEffects"]!;
        Assert.That(effects["clock"]!.ToJsonString(), Is.EqualTo($"[{_fx.Clock.GetUtcNow().ToUnixTimeMilliseconds()}]"));
        Assert.That(effects["random"]!.AsArray(), Has.Count.EqualTo(2));
        var variables = (await _fx.Engine.GetInstanceAsync(Acme, _instanceId, CancellationToken.None)).Variables;
        Assert.That(variables["draw"]!.GetValue<double>(), Is.EqualTo(effects["random"]![1]!.GetValue<double>()));
    }

    [Test]
    public async Task ReplayDecision_AfterTheClockMoved_ServesTheRecordedTimeAndRandomnessAndMatches()
    {
        _fx.Clock.Advance(TimeSpan.FromDays(3));
        var decision = await DecisionAsync();

        var replay = await _fx.Engine.ReplayDecisionAsync(Acme, _instanceId, decision.Sequence, CancellationToken.None);

        Assert.That(replay.Matches, Is.True, $"{replay.RecordedOutputJson} vs {replay.ReplayedOutputJson}");
        Assert.That(replay.ReplayedOutputJson, Does.Contain($"[\"stampedAt\",{new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()}]"));
    }

    [Test]
    public async Task ReplayDecision_WithATamperedRecordedOutput_IsReportedAsAMismatch()
    {
        _tampering.Tamper = events => events.Select(e => e.Type == "script-decision" ? e with { PayloadJson = Edit(e.PayloadJson, p => p["output"]!["writes"]![0]![1] = 1) } : e).ToList();
        var decision = await DecisionAsync();

        var replay = await _fx.Engine.ReplayDecisionAsync(Acme, _instanceId, decision.Sequence, CancellationToken.None);

        Assert.That(replay.Matches, Is.False);
        Assert.That(replay.RecordedOutputJson, Does.Contain("[\"stampedAt\",1]"));
        Assert.That(replay.ReplayedOutputJson, Does.Not.Contain("[\"stampedAt\",1]"));
        Assert.That((await _fx.Engine.VerifyHistoryAsync(Acme, _instanceId, CancellationToken.None)).IsIntact, Is.False, "the edit also breaks the hash chain");
    }

    [Test]
    public async Task ReplayDecision_WithTamperedRecordedRandomness_IsReportedAsAMismatch()
    {
        _tampering.Tamper = events => events.Select(e => e.Type == "script-decision" ? e with { PayloadJson = Edit(e.PayloadJson, p => p["hostEffects"]!["random"]![1] = 0.5) } : e).ToList();
        var decision = await DecisionAsync();

        var replay = await _fx.Engine.ReplayDecisionAsync(Acme, _instanceId, decision.Sequence, CancellationToken.None);

        Assert.That(replay.Matches, Is.False);
        Assert.That(replay.ReplayedOutputJson, Does.Contain("[\"draw\",0.5]"));
    }

    [Test]
    public async Task ReplayDecision_WithRecordedEffectsRemoved_FailsInsteadOfReadingTheLiveHost()
    {
        _tampering.Tamper = events => events.Select(e => e.Type == "script-decision" ? e with { PayloadJson = Edit(e.PayloadJson, p => p.AsObject().Remove("hostEffects")) } : e).ToList();
        var decision = await DecisionAsync();

        var replay = await _fx.Engine.ReplayDecisionAsync(Acme, _instanceId, decision.Sequence, CancellationToken.None);

        Assert.That(replay.Matches, Is.False);
        Assert.That(replay.ReplayedOutputJson, Does.Contain("ReplayError"));
    }

    [Test]
    public async Task ReplayDecision_WithRecordedEffectsThatAreNotNumbers_IsRefused()
    {
        _tampering.Tamper = events => events.Select(e => e.Type == "script-decision" ? e with { PayloadJson = Edit(e.PayloadJson, p => p["hostEffects"]!["clock"] = "yesterday") } : e).ToList();
        var decision = await DecisionAsync();

        var e = Assert.ThrowsAsync<ArgumentException>(() => _fx.Engine.ReplayDecisionAsync(Acme, _instanceId, decision.Sequence, CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("'clock' is not a list of numbers"));
    }

    [Test]
    public async Task ReplayDecision_OfAScriptThatFailedAfterReadingTheClock_GivesTheSameRecordedError()
    {
        using var fx = new RuntimeFixture();
        var xml = Definitions("""
            <startEvent id="start" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="stamp" />
            <scriptTask id="stamp" scriptFormat="javascript"><script>throw new Error('too late at ' + Date.now());</script></scriptTask>
            <sequenceFlow id="f2" sourceRef="stamp" targetRef="done" />
            <endEvent id="done" />
            """, processId: "failing");
        await fx.Engine.DeployAsync(Acme, [BpmnFile("failing.bpmn", xml)], CancellationToken.None);
        var instance = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("failing"), CancellationToken.None);
        Assert.That(instance.Incidents.Single(), Does.Contain("too late at " + fx.Clock.GetUtcNow().ToUnixTimeMilliseconds()));
        fx.Clock.Advance(TimeSpan.FromHours(5));
        var decision = (await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None)).Single(e => e.Type == "script-decision");

        var replay = await fx.Engine.ReplayDecisionAsync(Acme, instance.InstanceId, decision.Sequence, CancellationToken.None);

        Assert.That(replay.Matches, Is.True, $"{replay.RecordedOutputJson} vs {replay.ReplayedOutputJson}");
        Assert.That(replay.RecordedOutputJson, Does.Contain("too late at"));
    }

    [Test]
    public async Task Decision_WhenTheEngineRefusesHostTime_ReadsNothingAndRecordsNoEffects()
    {
        using var fx = new RuntimeFixture(options: new WorkflowEngineOptions { AllowScriptHostTimeAndRandomness = false });
        var xml = Definitions("""
            <startEvent id="start" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="stamp" />
            <scriptTask id="stamp" scriptFormat="javascript"><script>execution.setVariable('now', String(Date.now()));</script></scriptTask>
            <sequenceFlow id="f2" sourceRef="stamp" targetRef="done" />
            <endEvent id="done" />
            """, processId: "clockless");
        await fx.Engine.DeployAsync(Acme, [BpmnFile("clockless.bpmn", xml)], CancellationToken.None);
        var instance = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("clockless"), CancellationToken.None);

        Assert.That(instance.Variables["now"]!.GetValue<string>(), Is.EqualTo("NaN"));
        var decision = (await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None)).Single(e => e.Type == "script-decision");
        Assert.That(JsonNode.Parse(decision.PayloadJson)!.AsObject().ContainsKey("hostEffects"), Is.False);
        Assert.That((await fx.Engine.ReplayDecisionAsync(Acme, instance.InstanceId, decision.Sequence, CancellationToken.None)).Matches, Is.True);
    }

    private static string Edit(string payload, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(payload)!;
        edit(node);
        return node.ToJsonString();
    }
}
