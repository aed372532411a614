using System.Diagnostics.Metrics;
using System.Text.Json;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Telemetry;
using Ocap.Workflow.Tests.Bpmn;

namespace Ocap.Workflow.Tests.Runtime;

public sealed class RecordingScriptEvaluatorTests
{
    private static readonly Dictionary<string, JsonElement> NoVariables = [];

    private static BpmnScriptRequest Request(string text) =>
        new(BpmnScriptPurpose.Condition, new BpmnExpression(text, "javascript", BpmnExpressionLanguage.JavaScript, null, 1, 1), "flow", NoVariables);

    private static RecordingScriptEvaluator Recorder(WorkflowTelemetry telemetry) =>
        new(new FakeScripts().Value("a", "true").Value("b", "false").Value("c", "1"), telemetry);

    [Test]
    public void EndRecording_OfAStepThatDecidedNothing_IsNull()
    {
        using var telemetry = new WorkflowTelemetry();
        var scripts = Recorder(telemetry);

        Assert.That(RecordingScriptEvaluator.EndRecording(scripts.BeginRecording()), Is.Null);
    }

    [Test]
    public void Evaluate_OutsideARecording_IsNotCaptured_AndInsideOneIsCapturedInOrder()
    {
        using var telemetry = new WorkflowTelemetry();
        var scripts = Recorder(telemetry);
        scripts.Evaluate(Request("a"));

        var scope = scripts.BeginRecording();
        scripts.Evaluate(Request("b"));
        scripts.Evaluate(Request("c"));
        var decisions = RecordingScriptEvaluator.EndRecording(scope);
        scripts.Evaluate(Request("a"));

        Assert.That(decisions!.Select(d => (d.Request.Expression.Text, d.Outcome.Value!.Value.GetRawText())), Is.EqualTo(new[] { ("b", "false"), ("c", "1") }));
        Assert.That(RecordingScriptEvaluator.EndRecording(scripts.BeginRecording()), Is.Null, "a new recording starts empty");
    }

    [Test]
    public void BeginRecording_InsideAnother_KeepsTheOuterDecisionsApartAndGivesThemBack()
    {
        using var telemetry = new WorkflowTelemetry();
        var scripts = Recorder(telemetry);

        var outer = scripts.BeginRecording();
        scripts.Evaluate(Request("a"));
        var inner = scripts.BeginRecording();
        scripts.Evaluate(Request("b"));
        var innerDecisions = RecordingScriptEvaluator.EndRecording(inner);
        scripts.Evaluate(Request("c"));
        var outerDecisions = RecordingScriptEvaluator.EndRecording(outer);

        Assert.That(innerDecisions!.Select(d => d.Request.Expression.Text), Is.EqualTo(new[] { "b" }));
        Assert.That(outerDecisions!.Select(d => d.Request.Expression.Text), Is.EqualTo(new[] { "a", "c" }));
    }

    [Test]
    public void Recordings_OnTwoThreadsAtOnce_EachSeeOnlyTheirOwnDecisions()
    {
        using var telemetry = new WorkflowTelemetry();
        var scripts = Recorder(telemetry);
        using var bothBegun = new Barrier(2);
        var results = new string[2];
        var threads = new[] { "a", "b" }.Select((text, index) => new Thread(() =>
        {
            var scope = scripts.BeginRecording();
            bothBegun.SignalAndWait();
            scripts.Evaluate(Request(text));
            bothBegun.SignalAndWait();
            results[index] = string.Join(",", RecordingScriptEvaluator.EndRecording(scope)!.Select(d => d.Request.Expression.Text));
        })).ToArray();

        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.That(results, Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Evaluate_IsTimedOnlyWhileSomeoneListensToTheDuration()
    {
        using var telemetry = new WorkflowTelemetry();
        var scripts = Recorder(telemetry);
        Assert.That(telemetry.TimesScriptEvaluations, Is.False);
        scripts.Evaluate(Request("a"));

        var durations = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, telemetry.Meter) && instrument.Name == "ocap.workflow.scripts.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => durations.Add(value));
        listener.Start();
        scripts.Evaluate(Request("b"));

        Assert.That(telemetry.TimesScriptEvaluations, Is.True);
        Assert.That(durations, Has.Count.EqualTo(1));
        Assert.That(durations[0], Is.GreaterThanOrEqualTo(0).And.LessThan(60_000));
    }
}
