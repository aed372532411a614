using System.Text.Json;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Tests.Bpmn;

/// <summary>
/// An expression that names no capability and does not read <c>ctx</c> binds its variables straight from the request
/// (no input object, no variable scope). Its outcome must be the one the general path gives: the engine records every
/// decision's output in history and replays it. The general path is reached by the same expression reading <c>ctx</c>.
/// </summary>
public class SandboxBpmnScriptEvaluatorPlainExpressionTests
{
    private static readonly IReadOnlyDictionary<string, JsonElement> Vars = new Dictionary<string, JsonElement>
    {
        ["amount"] = FakeScripts.Json("1200"),
        ["big"] = FakeScripts.Json("123456789012345678901234567890"),
        ["ratio"] = FakeScripts.Json("0.1"),
        ["owner"] = FakeScripts.Json("{\"name\":\"ann\",\"tags\":[\"a\",null,true]}"),
        ["region"] = FakeScripts.Json("\"EU\""),
        ["none"] = FakeScripts.Json("null"),
        ["flag"] = FakeScripts.Json("false"),
    };

    private static BpmnScriptOutcome Evaluate(SandboxBpmnScriptEvaluator evaluator, string text, HostEffects? replay = null) =>
        evaluator.Evaluate(new BpmnScriptRequest(BpmnScriptPurpose.Condition,
            new BpmnExpression(text, "javascript", BpmnExpressionLanguage.JavaScript, null, 1, 1), "flow", Vars) { Replay = replay });

    private static string Describe(BpmnScriptOutcome outcome) =>
        $"value={outcome.Value?.GetRawText() ?? "none"} error={StripPosition(outcome.Error)} writes={outcome.VariableWrites.Count} "
        + $"clock={outcome.HostEffects?.ClockReadings.Count.ToString() ?? "none"} random={outcome.HostEffects?.RandomValues.Count.ToString() ?? "none"} bpmnError={outcome.BpmnErrorCode ?? "none"}";

    // The general path's wrapper shifts columns; the error itself must be the same.
    private static string? StripPosition(string? error) => error is null ? null : error.Split(" (line ")[0];

    [TestCase("amount > 1000")]
    [TestCase("amount > 5000")]
    [TestCase("amount")]
    [TestCase("big")]
    [TestCase("ratio * 3")]
    [TestCase("owner")]
    [TestCase("owner.tags")]
    [TestCase("region === 'EU' && !flag")]
    [TestCase("none")]
    [TestCase("undefined")]
    [TestCase("amount / 0")]
    [TestCase("missing > 1")]
    [TestCase("owner.nothing.deeper")]
    [TestCase("Promise.resolve(amount + 1)")]
    [TestCase("Promise.reject(new RangeError('no'))")]
    [TestCase("() => amount")]
    [TestCase("typeof amount")]
    public void PlainExpression_GivesTheOutcomeOfTheGeneralPath(string expression)
    {
        var evaluator = new SandboxBpmnScriptEvaluator();
        var plain = Evaluate(evaluator, expression);
        var general = Evaluate(evaluator, $"(void ctx, {expression})");
        Assert.That(Describe(plain), Is.EqualTo(Describe(general)));
    }

    [Test]
    public void PlainExpression_RecordsTheClockItReads_AndReplayServesTheRecording()
    {
        var evaluator = new SandboxBpmnScriptEvaluator();
        var live = Evaluate(evaluator, "Date.now() > 0 && Math.random() < 2");
        Assert.That(live.Value!.Value.GetBoolean(), Is.True);
        Assert.That((live.HostEffects!.ClockReadings.Count, live.HostEffects.RandomValues.Count), Is.EqualTo((1, 1)));

        var replayed = Evaluate(evaluator, "Date.now() + Math.random()", new HostEffects([1000], [0.5]));
        Assert.That(replayed.Value!.Value.GetDouble(), Is.EqualTo(1000.5));
        Assert.That(replayed.HostEffects, Is.EqualTo(new HostEffects([1000], [0.5])).Using<HostEffects>((a, b) =>
            a.ClockReadings.SequenceEqual(b.ClockReadings) && a.RandomValues.SequenceEqual(b.RandomValues)));
    }

    [Test]
    public void PlainExpression_AfterOneThatReadTheClock_RecordsNothing()
    {
        var evaluator = new SandboxBpmnScriptEvaluator();
        Evaluate(evaluator, "Date.now() > 0");
        var next = Evaluate(evaluator, "amount > 1000");
        Assert.That((next.Value!.Value.GetBoolean(), next.HostEffects), Is.EqualTo((true, (HostEffects?)null)));
    }

    [Test]
    public void PlainExpression_ReadingMoreThanTheRecordingHolds_IsAReplayError()
    {
        var outcome = Evaluate(new SandboxBpmnScriptEvaluator(), "Date.now() > 0", new HostEffects([], []));
        Assert.That(outcome.Error, Does.StartWith("ReplayError"));
    }

    [Test]
    public void PlainExpression_ThatRunsAway_IsStoppedByALimit() =>
        Assert.That(Evaluate(new SandboxBpmnScriptEvaluator(), "(() => { for (;;) {} })()").Error, Does.StartWith("the script exceeded a limit"));

    [Test]
    public void PlainExpression_ResultLargerThanTheLimit_IsALimitError()
    {
        var evaluator = new SandboxBpmnScriptEvaluator(new SandboxOptions { Limits = new SandboxLimits { MaxResultBytes = 4 } });
        Assert.That(Evaluate(evaluator, "amount > 1").Error, Does.StartWith("the script exceeded a limit (ResultSize)"));
    }
}
