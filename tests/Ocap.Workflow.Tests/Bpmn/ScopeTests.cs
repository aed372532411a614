using Ocap.Workflow.Bpmn.Execution;
using static Ocap.Workflow.Tests.Bpmn.Flow;

namespace Ocap.Workflow.Tests.Bpmn;

public class ScopeTests
{
    private const string Roots = """
        <error id="err" errorCode="E1" />
        <error id="other" errorCode="E2" />
        <escalation id="esc" escalationCode="ESC" />
        <message id="m" name="extra" />
        """;

    private static string Sub(string inner, string boundary = "") => Definitions($"""
        <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="sub" />
        <subProcess id="sub">
          <startEvent id="subStart" /><sequenceFlow id="i1" sourceRef="subStart" targetRef="work" />
          {inner}
        </subProcess>
        <sequenceFlow id="f2" sourceRef="sub" targetRef="done" /><endEvent id="done" />
        {boundary}
        """, Roots);

    [Test]
    public void EmbeddedSubProcess_RunsItsOwnTokensAndCompletesWhenTheyEnd()
    {
        var flow = Start(Sub("""<userTask id="work" /><sequenceFlow id="i2" sourceRef="work" targetRef="subEnd" /><endEvent id="subEnd" />"""));
        Assert.That(flow.Waiting, Is.EqualTo(new[] { "work" }));
        flow.Complete("work");
        Assert.That(flow.Completed, Is.SupersetOf(new[] { "subEnd", "sub", "done" }));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void ErrorEndEvent_IsCaughtByTheMatchingBoundaryOfTheSubProcess()
    {
        var flow = Start(Sub(
            """<task id="work" /><sequenceFlow id="i2" sourceRef="work" targetRef="fail" /><endEvent id="fail"><errorEventDefinition errorRef="err" /></endEvent>""",
            """
            <boundaryEvent id="wrong" attachedToRef="sub"><errorEventDefinition errorRef="other" /></boundaryEvent>
            <sequenceFlow id="w1" sourceRef="wrong" targetRef="wrongEnd" /><endEvent id="wrongEnd" />
            <boundaryEvent id="caught" attachedToRef="sub"><errorEventDefinition errorRef="err" camunda:errorCodeVariable="code" /></boundaryEvent>
            <sequenceFlow id="c1" sourceRef="caught" targetRef="handled" /><endEvent id="handled" />
            """));
        Assert.That(flow.Completed, Does.Contain("handled").And.Not.Contain("done").And.Not.Contain("wrongEnd"));
        Assert.That(flow.Variable("code").GetString(), Is.EqualTo("E1"));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void UncaughtError_FailsTheInstanceWithTheErrorRecorded()
    {
        var flow = Start(Sub("""<task id="work" /><sequenceFlow id="i2" sourceRef="work" targetRef="fail" /><endEvent id="fail"><errorEventDefinition errorRef="err" /></endEvent>"""));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Failed));
        Assert.That(flow.State.Failure!.ErrorCode, Is.EqualTo("E1"));
        Assert.That(flow.State.Failure.ElementId, Is.EqualTo("fail"));
        Assert.That(flow.Events.Last().Type, Is.EqualTo("processFailed"));
    }

    [Test]
    public void Error_PropagatesOutwardsThroughNestedScopesToTheNearestCatcher()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="outer" />
            <subProcess id="outer">
              <startEvent id="os" /><sequenceFlow id="o1" sourceRef="os" targetRef="inner" />
              <subProcess id="inner">
                <startEvent id="is" /><sequenceFlow id="n1" sourceRef="is" targetRef="charge" />
                <serviceTask id="charge" /><sequenceFlow id="n2" sourceRef="charge" targetRef="ie" /><endEvent id="ie" />
              </subProcess>
              <sequenceFlow id="o2" sourceRef="inner" targetRef="oe" /><endEvent id="oe" />
            </subProcess>
            <sequenceFlow id="f2" sourceRef="outer" targetRef="done" /><endEvent id="done" />
            <boundaryEvent id="catchAll" attachedToRef="outer"><errorEventDefinition /></boundaryEvent>
            <sequenceFlow id="c1" sourceRef="catchAll" targetRef="handled" /><endEvent id="handled" />
            """, Roots);
        var flow = Start(xml).Apply(new ThrowBpmnError("charge", "DECLINED") { At = T0 });
        Assert.That(flow.Terminated, Is.EqualTo(new[] { "charge", "inner", "outer" }));
        Assert.That(flow.Completed, Does.Contain("handled").And.Not.Contain("done"));
    }

    [Test]
    public void ErrorEventSubProcess_CatchesInsideTheScopeBeforeBoundaryEvents()
    {
        var flow = Start(Sub("""
            <userTask id="work" /><sequenceFlow id="i2" sourceRef="work" targetRef="subEnd" /><endEvent id="subEnd" />
            <subProcess id="onError" triggeredByEvent="true">
              <startEvent id="es"><errorEventDefinition errorRef="err" /></startEvent>
              <sequenceFlow id="e1" sourceRef="es" targetRef="fix" /><endEvent id="fix" />
            </subProcess>
            """));
        flow.Apply(new ThrowBpmnError("work", "E1") { At = T0 });
        Assert.That(flow.Completed, Is.SupersetOf(new[] { "fix", "onError", "sub", "done" }));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void NonInterruptingEscalationBoundary_RunsAlongsideTheSubProcess()
    {
        var flow = Start(Sub(
            """
            <intermediateThrowEvent id="work"><escalationEventDefinition escalationRef="esc" /></intermediateThrowEvent>
            <sequenceFlow id="i2" sourceRef="work" targetRef="wait" /><userTask id="wait" />
            <sequenceFlow id="i3" sourceRef="wait" targetRef="subEnd" /><endEvent id="subEnd" />
            """,
            """
            <boundaryEvent id="told" attachedToRef="sub" cancelActivity="false"><escalationEventDefinition escalationRef="esc" /></boundaryEvent>
            <sequenceFlow id="t1" sourceRef="told" targetRef="notify" /><endEvent id="notify" />
            """));
        Assert.That(flow.Completed, Does.Contain("notify"));
        Assert.That(flow.Waiting, Is.EqualTo(new[] { "wait" }));
        flow.Complete("wait");
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void UncaughtEscalation_DoesNotFailTheInstance()
    {
        var flow = Start(Sub("""<intermediateThrowEvent id="work"><escalationEventDefinition escalationRef="esc" /></intermediateThrowEvent><sequenceFlow id="i2" sourceRef="work" targetRef="subEnd" /><endEvent id="subEnd" />"""));
        Assert.That(flow.Events.Any(e => e.Type == "escalationThrown"), Is.True);
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void NonInterruptingMessageEventSubProcess_RunsBesideTheMainFlow()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="t" />
            <userTask id="t" /><sequenceFlow id="f2" sourceRef="t" targetRef="e" /><endEvent id="e" />
            <subProcess id="onExtra" triggeredByEvent="true">
              <startEvent id="xs" isInterrupting="false"><messageEventDefinition messageRef="m" /></startEvent>
              <sequenceFlow id="x1" sourceRef="xs" targetRef="note" /><userTask id="note" />
              <sequenceFlow id="x2" sourceRef="note" targetRef="xe" /><endEvent id="xe" />
            </subProcess>
            """, Roots);
        var flow = Start(xml).Message("extra");
        Assert.That(flow.Waiting, Is.EquivalentTo(new[] { "t", "note" }));
        flow.Complete("t");
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Active), "the event sub-process still runs");
        flow.Complete("note");
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void InterruptingTimerEventSubProcess_CancelsTheScope()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="t" />
            <userTask id="t" /><sequenceFlow id="f2" sourceRef="t" targetRef="e" /><endEvent id="e" />
            <subProcess id="onTimeout" triggeredByEvent="true">
              <startEvent id="ts"><timerEventDefinition><timeDuration>PT5M</timeDuration></timerEventDefinition></startEvent>
              <sequenceFlow id="x1" sourceRef="ts" targetRef="xe" /><endEvent id="xe" />
            </subProcess>
            """);
        var flow = Start(xml).AdvanceTo(TimeSpan.FromMinutes(5));
        Assert.That(flow.Terminated, Is.EqualTo(new[] { "t" }));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void TerminateEndEvent_InASubProcess_EndsOnlyTheSubProcess()
    {
        var flow = Start(Sub("""
            <parallelGateway id="work" /><sequenceFlow id="i2" sourceRef="work" targetRef="wait" /><sequenceFlow id="i3" sourceRef="work" targetRef="stop" />
            <userTask id="wait" /><endEvent id="stop"><terminateEventDefinition /></endEvent>
            """));
        Assert.That(flow.Terminated, Is.EqualTo(new[] { "wait" }));
        Assert.That(flow.Completed, Does.Contain("done"));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    private const string Called = """
        <process id="child" isExecutable="true">
          <startEvent id="cs" /><sequenceFlow id="c1" sourceRef="cs" targetRef="review" />
          <userTask id="review" /><sequenceFlow id="c2" sourceRef="review" targetRef="ce" /><endEvent id="ce" />
        </process>
        <process id="failing" isExecutable="true">
          <startEvent id="fs" /><sequenceFlow id="d1" sourceRef="fs" targetRef="fe" />
          <endEvent id="fe"><errorEventDefinition errorRef="err" /></endEvent>
        </process>
        """;

    [Test]
    public void CallActivity_RunsTheCalledProcessWithMappedVariablesInAndOut()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="call" />
            <callActivity id="call" calledElement="child">
              <extensionElements><camunda:in source="amount" target="amount" /><camunda:out source="verdict" target="verdict" /></extensionElements>
            </callActivity>
            <sequenceFlow id="f2" sourceRef="call" targetRef="e" /><endEvent id="e" />
            """, Roots, more: Called);
        var flow = Start(xml, variables: new { amount = 5, secret = "x" });
        var child = flow.State.Executions.Single(e => e.ProcessId == "child");
        Assert.That(child.Variables!.Keys, Is.EqualTo(new[] { "amount" }), "only mapped variables go in");
        flow.Complete("review", new { verdict = "ok", scratch = 1 });
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Variable("verdict").GetString(), Is.EqualTo("ok"));
        Assert.That(flow.State.FinalVariables!.ContainsKey("scratch"), Is.False, "only mapped variables come out");
    }

    [Test]
    public void CallActivity_ErrorInTheCalledProcess_IsCaughtOnTheCallActivity()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="call" />
            <callActivity id="call" calledElement="failing" />
            <sequenceFlow id="f2" sourceRef="call" targetRef="e" /><endEvent id="e" />
            <boundaryEvent id="b" attachedToRef="call"><errorEventDefinition errorRef="err" /></boundaryEvent>
            <sequenceFlow id="f3" sourceRef="b" targetRef="handled" /><endEvent id="handled" />
            """, Roots, more: Called);
        var flow = Start(xml);
        Assert.That(flow.Completed, Does.Contain("handled").And.Not.Contain("e"));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void ProcessThatCallsItself_StopsWithAnIncidentInsteadOfHanging()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="again" />
            <callActivity id="again" calledElement="p" /><sequenceFlow id="f2" sourceRef="again" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml);
        Assert.That(flow.State.Incidents.Single().Message, Does.StartWith("Call activities are nested more than 32 deep"));
    }

    [Test]
    public void LoopWithoutAWaitState_StopsWithAnIncidentInsteadOfHanging()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="a" />
            <task id="a" /><sequenceFlow id="f2" sourceRef="a" targetRef="g" />
            <exclusiveGateway id="g" default="out" />
            <sequenceFlow id="back" sourceRef="g" targetRef="a"><conditionExpression>forever</conditionExpression></sequenceFlow>
            <sequenceFlow id="out" sourceRef="g" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml, new FakeScripts().Value("forever", "true"));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Active));
        Assert.That(flow.State.Incidents.Single().Message, Does.Contain("without waiting"));
    }
}
