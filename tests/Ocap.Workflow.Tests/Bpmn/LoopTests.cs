using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using static Ocap.Workflow.Tests.Bpmn.Flow;

namespace Ocap.Workflow.Tests.Bpmn;

public class LoopTests
{
    private static string MultiInstance(string characteristics, string task = "userTask") => Definitions($"""
        <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="review" />
        <{task} id="review" scriptFormat="javascript">
          {characteristics}
          {(task == "scriptTask" ? "<script>body</script>" : string.Empty)}
        </{task}>
        <sequenceFlow id="f2" sourceRef="review" targetRef="e" /><endEvent id="e" />
        """);

    [Test]
    public void ParallelMultiInstance_OverACollection_CreatesOneTaskPerElementAndCollectsOutputs()
    {
        var xml = MultiInstance("""
            <multiInstanceLoopCharacteristics camunda:collection="reviewers" camunda:elementVariable="reviewer">
              <extensionElements><zeebe:loopCharacteristics outputCollection="verdicts" outputElement="verdict" /></extensionElements>
            </multiInstanceLoopCharacteristics>
            """);
        var scripts = new FakeScripts()
            .On("reviewers", vars => BpmnScriptOutcome.Success(vars["reviewers"]))
            .On("verdict", vars => BpmnScriptOutcome.Success(vars["verdict"]));
        var flow = Start(xml, scripts, new { reviewers = new[] { "ann", "ben", "cy" } });
        var instances = flow.State.Executions.Where(e => e.Phase == "waiting").ToList();
        Assert.That(instances.Select(i => i.Variables!["reviewer"].GetString()), Is.EqualTo(new[] { "ann", "ben", "cy" }));
        Assert.That(instances.Select(i => i.Variables!["loopCounter"].GetInt32()), Is.EqualTo(new[] { 0, 1, 2 }));
        foreach (var (instance, verdict) in instances.Zip(new[] { "yes", "no", "yes" }))
        {
            flow.Apply(new CompleteTask("review", new Dictionary<string, System.Text.Json.JsonElement> { ["verdict"] = FakeScripts.Json($"\"{verdict}\"") }) { At = T0, ExecutionId = instance.Id });
        }

        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Variable("verdicts").GetRawText(), Is.EqualTo("""["yes","no","yes"]"""));
    }

    [Test]
    public void SequentialMultiInstance_RunsOneInstanceAfterTheOther()
    {
        var flow = Start(MultiInstance("""<multiInstanceLoopCharacteristics isSequential="true"><loopCardinality>3</loopCardinality></multiInstanceLoopCharacteristics>"""),
            new FakeScripts().Value("3", "3"));
        for (var i = 0; i < 3; i++)
        {
            Assert.That(flow.Waiting.Count(), Is.EqualTo(1));
            flow.Complete("review");
        }

        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Completed.Count(c => c == "review"), Is.EqualTo(4), "three instances and the body");
    }

    [Test]
    public void MultiInstance_CompletionCondition_EndsEarlyAndTerminatesTheRest()
    {
        var xml = MultiInstance("""
            <multiInstanceLoopCharacteristics><loopCardinality>3</loopCardinality>
              <completionCondition>nrOfCompletedInstances &gt;= 1</completionCondition></multiInstanceLoopCharacteristics>
            """);
        var scripts = new FakeScripts().Value("3", "3")
            .On("nrOfCompletedInstances >= 1", vars => BpmnScriptOutcome.Success(FakeScripts.Json(vars["nrOfCompletedInstances"].GetInt32() >= 1 ? "true" : "false")));
        var flow = Start(xml, scripts).Complete("review");
        Assert.That(flow.Terminated.Count(), Is.EqualTo(2));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void MultiInstance_NegativeCardinalityAtRunTime_IsAnIncident()
    {
        var flow = Start(MultiInstance("""<multiInstanceLoopCharacteristics><loopCardinality>count</loopCardinality></multiInstanceLoopCharacteristics>"""),
            new FakeScripts().Value("count", "-2"));
        Assert.That(flow.State.Incidents.Single().Message, Is.EqualTo("The loop cardinality of 'review' is -2, not a whole number of zero or more."));
    }

    [Test]
    public void StandardLoop_TestAfter_RunsUntilTheConditionIsFalse()
    {
        var xml = MultiInstance("""<standardLoopCharacteristics><loopCondition>more</loopCondition></standardLoopCharacteristics>""", "scriptTask");
        var scripts = new FakeScripts()
            .On("body", vars => BpmnScriptOutcome.Success(null, [new("n", FakeScripts.Json((vars["n"].GetInt32() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))]))
            .On("more", vars => BpmnScriptOutcome.Success(FakeScripts.Json(vars["n"].GetInt32() < 3 ? "true" : "false")));
        var flow = Start(xml, scripts, new { n = 0 });
        Assert.That(flow.Variable("n").GetInt32(), Is.EqualTo(3));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void StandardLoop_TestBeforeFalse_NeverRunsTheBody()
    {
        var xml = MultiInstance("""<standardLoopCharacteristics testBefore="true"><loopCondition>more</loopCondition></standardLoopCharacteristics>""", "scriptTask");
        var scripts = new FakeScripts().Value("more", "false").Sets("body", "ran", "true");
        var flow = Start(xml, scripts);
        Assert.That(flow.State.FinalVariables!.ContainsKey("ran"), Is.False);
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void StandardLoop_LoopMaximum_CapsTheIterations()
    {
        var xml = MultiInstance("""<standardLoopCharacteristics loopMaximum="4"><loopCondition>more</loopCondition></standardLoopCharacteristics>""", "scriptTask");
        var scripts = new FakeScripts().Value("more", "true").Sets("body", "ran", "true");
        var flow = Start(xml, scripts);
        Assert.That(scripts.Requests.Count(r => r.Expression.Text == "body"), Is.EqualTo(4));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void MultiInstanceSubProcess_EachInstanceIsItsOwnScope()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="sub" />
            <subProcess id="sub">
              <multiInstanceLoopCharacteristics><loopCardinality>2</loopCardinality></multiInstanceLoopCharacteristics>
              <startEvent id="ss" /><sequenceFlow id="i1" sourceRef="ss" targetRef="t" /><userTask id="t" />
              <sequenceFlow id="i2" sourceRef="t" targetRef="se" /><endEvent id="se" />
            </subProcess>
            <sequenceFlow id="f2" sourceRef="sub" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml, new FakeScripts().Value("2", "2"));
        Assert.That(flow.Waiting.Count(), Is.EqualTo(2));
        flow.Complete("t").Complete("t");
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void MultiInstance_MoreInstancesThanTheLimit_IsAnIncident()
    {
        var flow = Start(MultiInstance("""<multiInstanceLoopCharacteristics><loopCardinality>count</loopCardinality></multiInstanceLoopCharacteristics>"""),
            new FakeScripts().Value("count", "1000000000"));
        Assert.That(flow.State.Incidents.Single().Message, Is.EqualTo("The multi-instance activity 'review' asks for 1000000000 instances; the limit is 10000."));
        Assert.That(flow.State.Executions.Count, Is.EqualTo(2));
    }
}
