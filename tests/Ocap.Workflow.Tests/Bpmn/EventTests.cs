using Ocap.Workflow.Bpmn.Execution;
using static Ocap.Workflow.Tests.Bpmn.Flow;

namespace Ocap.Workflow.Tests.Bpmn;

public class EventTests
{
    private const string Roots = """
        <message id="m" name="paid"><extensionElements><zeebe:subscription correlationKey="=orderId" /></extensionElements></message>
        <message id="m2" name="cancel" />
        <signal id="s" name="go" />
        """;

    [Test]
    public void TimerCatch_IsAScheduledWaitThatFiresOnlyWhenTheVirtualClockPassesIt()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="wait" />
            <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>PT1H30M</timeDuration></timerEventDefinition></intermediateCatchEvent>
            <sequenceFlow id="f2" sourceRef="wait" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml);
        Assert.That(flow.Events.Single(e => e.Type == "timerScheduled").DueAt, Is.EqualTo(T0.AddMinutes(90)));
        flow.AdvanceTo(TimeSpan.FromMinutes(89));
        Assert.That(flow.Last.Handled, Is.False);
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Active));
        flow.AdvanceTo(TimeSpan.FromHours(2));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void TimerCycle_NonInterruptingBoundary_FiresEachRepetitionWhileTheTaskWaits()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="t" />
            <userTask id="t" /><sequenceFlow id="f2" sourceRef="t" targetRef="e" /><endEvent id="e" />
            <boundaryEvent id="nag" attachedToRef="t" cancelActivity="false"><timerEventDefinition><timeCycle>R3/PT10M</timeCycle></timerEventDefinition></boundaryEvent>
            <sequenceFlow id="f3" sourceRef="nag" targetRef="reminder" /><endEvent id="reminder" />
            """);
        var flow = Start(xml).AdvanceTo(TimeSpan.FromHours(5));
        Assert.That(flow.Completed.Count(c => c == "reminder"), Is.EqualTo(3));
        Assert.That(flow.Waiting, Is.EqualTo(new[] { "t" }));
        flow.Complete("t", minutes: 301);
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void TimerCycle_WithAStart_FiresFirstAtTheStartThenEachPeriod()
    {
        // T0 is 2026-03-01T08:00Z: the cycle fires at 09:00, 09:30 and 10:00, as Camunda 7 and timer start events fire it.
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="t" />
            <userTask id="t" /><sequenceFlow id="f2" sourceRef="t" targetRef="e" /><endEvent id="e" />
            <boundaryEvent id="nag" attachedToRef="t" cancelActivity="false"><timerEventDefinition><timeCycle>R3/2026-03-01T09:00:00Z/PT30M</timeCycle></timerEventDefinition></boundaryEvent>
            <sequenceFlow id="f3" sourceRef="nag" targetRef="reminder" /><endEvent id="reminder" />
            """);
        var flow = Start(xml);
        Assert.That(flow.State.Subscriptions.Single().DueAt, Is.EqualTo(T0.AddHours(1)));
        flow.AdvanceTo(TimeSpan.FromMinutes(59));
        Assert.That(flow.Completed.Count(c => c == "reminder"), Is.Zero);
        flow.AdvanceTo(TimeSpan.FromMinutes(60));
        Assert.That(flow.Completed.Count(c => c == "reminder"), Is.EqualTo(1));
        flow.AdvanceTo(TimeSpan.FromHours(5));
        Assert.That(flow.Completed.Count(c => c == "reminder"), Is.EqualTo(3));
        Assert.That(flow.Waiting, Is.EqualTo(new[] { "t" }));
    }

    [Test]
    public void InterruptingTimerBoundary_TerminatesTheTaskAndTakesTheBoundaryPath()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="t" />
            <userTask id="t" /><sequenceFlow id="f2" sourceRef="t" targetRef="e" /><endEvent id="e" />
            <boundaryEvent id="late" attachedToRef="t"><timerEventDefinition><timeDuration>P1D</timeDuration></timerEventDefinition></boundaryEvent>
            <sequenceFlow id="f3" sourceRef="late" targetRef="escalated" /><endEvent id="escalated" />
            """);
        var flow = Start(xml).AdvanceTo(TimeSpan.FromDays(2));
        Assert.That(flow.Terminated, Is.EqualTo(new[] { "t" }));
        Assert.That(flow.Completed, Does.Contain("escalated").And.Not.Contain("e"));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void MessageCatch_CorrelatesByKeyAndSetsItsData()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="wait" />
            <intermediateCatchEvent id="wait"><messageEventDefinition messageRef="m" /></intermediateCatchEvent>
            <sequenceFlow id="f2" sourceRef="wait" targetRef="e" /><endEvent id="e" />
            """, Roots);
        var flow = Start(xml, variables: new { orderId = "A-17" });
        Assert.That(flow.State.Subscriptions.Single().CorrelationKey, Is.EqualTo("A-17"));
        flow.Message("paid", "B-99");
        Assert.That(flow.Last.Handled, Is.False);
        flow.Apply(new CorrelateMessage("paid", "A-17", new Dictionary<string, System.Text.Json.JsonElement> { ["amount"] = FakeScripts.Json("10") }) { At = T0 });
        Assert.That(flow.Last.Handled, Is.True);
        Assert.That(flow.Variable("amount").GetInt32(), Is.EqualTo(10));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void ThrownSignal_ReachesTheInstancesOwnCatchersAtOnce()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="fork" />
            <parallelGateway id="fork" />
            <sequenceFlow id="a" sourceRef="fork" targetRef="catch" /><sequenceFlow id="b" sourceRef="fork" targetRef="t" />
            <intermediateCatchEvent id="catch"><signalEventDefinition signalRef="s" /></intermediateCatchEvent>
            <sequenceFlow id="a2" sourceRef="catch" targetRef="e1" /><endEvent id="e1" />
            <userTask id="t" /><sequenceFlow id="b2" sourceRef="t" targetRef="throw" />
            <intermediateThrowEvent id="throw"><signalEventDefinition signalRef="s" /></intermediateThrowEvent>
            <sequenceFlow id="b3" sourceRef="throw" targetRef="e2" /><endEvent id="e2" />
            """, Roots);
        var flow = Start(xml).Complete("t");
        Assert.That(flow.Events.Any(e => e.Type == "signalThrown" && e.Ref == "go"), Is.True);
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void EventBasedGateway_FirstEventWinsAndTheOthersAreWithdrawn()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="g" />
            <eventBasedGateway id="g" />
            <sequenceFlow id="a" sourceRef="g" targetRef="paid" /><sequenceFlow id="b" sourceRef="g" targetRef="timeout" />
            <intermediateCatchEvent id="paid"><messageEventDefinition messageRef="m2" /></intermediateCatchEvent>
            <intermediateCatchEvent id="timeout"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
            <sequenceFlow id="a2" sourceRef="paid" targetRef="e1" /><endEvent id="e1" />
            <sequenceFlow id="b2" sourceRef="timeout" targetRef="e2" /><endEvent id="e2" />
            """, Roots);
        var flow = Start(xml);
        Assert.That(flow.State.Subscriptions.Select(s => s.Kind), Is.EquivalentTo(new[] { "message", "timer" }));
        flow.Message("cancel");
        Assert.That(flow.Completed, Does.Contain("e1").And.Not.Contain("e2"));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void ConditionalCatch_WaitsUntilAVariableChangeMakesItTrue()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="fork" />
            <parallelGateway id="fork" />
            <sequenceFlow id="a" sourceRef="fork" targetRef="until" /><sequenceFlow id="b" sourceRef="fork" targetRef="t" />
            <intermediateCatchEvent id="until"><conditionalEventDefinition><condition>ready</condition></conditionalEventDefinition></intermediateCatchEvent>
            <sequenceFlow id="a2" sourceRef="until" targetRef="e1" /><endEvent id="e1" />
            <userTask id="t" /><sequenceFlow id="b2" sourceRef="t" targetRef="e2" /><endEvent id="e2" />
            """);
        var flow = Start(xml, new FakeScripts().Equals("ready", "ready", "true"));
        Assert.That(flow.State.Subscriptions.Single().Kind, Is.EqualTo("conditional"));
        flow.Complete("t", new { ready = true });
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void LinkEvents_JumpWithinTheScope()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="go" />
            <intermediateThrowEvent id="go"><linkEventDefinition name="L" /></intermediateThrowEvent>
            <intermediateCatchEvent id="land"><linkEventDefinition name="L" /></intermediateCatchEvent>
            <sequenceFlow id="f2" sourceRef="land" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml);
        Assert.That(flow.Activated, Is.EqualTo(new[] { "s", "go", "land", "e" }));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void MessageAndSignalEndEvents_AreAnnouncedForTheHostToRoute()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="fork" />
            <parallelGateway id="fork" /><sequenceFlow id="a" sourceRef="fork" targetRef="e1" /><sequenceFlow id="b" sourceRef="fork" targetRef="e2" />
            <endEvent id="e1"><messageEventDefinition messageRef="m2" /></endEvent>
            <endEvent id="e2"><signalEventDefinition signalRef="s" /></endEvent>
            """, Roots);
        var flow = Start(xml);
        Assert.That(flow.Events.Where(e => e.Type is "messageSent" or "signalThrown").Select(e => e.Ref), Is.EquivalentTo(new[] { "cancel", "go" }));
    }

    [Test]
    public void TerminateEndEvent_AtTheTopLevel_TerminatesTheInstance()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="fork" />
            <parallelGateway id="fork" /><sequenceFlow id="a" sourceRef="fork" targetRef="t" /><sequenceFlow id="b" sourceRef="fork" targetRef="stop" />
            <userTask id="t" /><endEvent id="stop"><terminateEventDefinition /></endEvent>
            """);
        var flow = Start(xml);
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Terminated));
        Assert.That(flow.Terminated, Is.EqualTo(new[] { "t" }));
        Assert.That(flow.State.Executions, Is.Empty);
    }

    [Test]
    public void StartFromAMessageStartEvent_WhenTheHostNamesIt()
    {
        var xml = Definitions("""
            <startEvent id="byMessage"><messageEventDefinition messageRef="m2" /></startEvent>
            <sequenceFlow id="f1" sourceRef="byMessage" targetRef="e" /><endEvent id="e" />
            """, Roots);
        var interpreter = new BpmnInterpreter(Read(xml), new FakeScripts());
        var result = interpreter.Start("p", null, T0, "byMessage");
        Assert.That(result.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.Throws<BpmnCommandRejectedException>(() => interpreter.Start("p", null, T0, "nope"));
    }

    [Test]
    public void UnboundedTimerCycle_AdvancedFarAhead_FiresABoundedNumberOfTimesPerStep()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="t" />
            <userTask id="t" /><sequenceFlow id="f2" sourceRef="t" targetRef="e" /><endEvent id="e" />
            <boundaryEvent id="tick" attachedToRef="t" cancelActivity="false"><timerEventDefinition><timeCycle>R/PT1S</timeCycle></timerEventDefinition></boundaryEvent>
            <sequenceFlow id="f3" sourceRef="tick" targetRef="tock" /><endEvent id="tock" />
            """);
        var interpreter = new BpmnInterpreter(Read(xml), new FakeScripts());
        var state = interpreter.Start("p", null, T0).State;
        var result = interpreter.Apply(state, new AdvanceTime { At = T0.AddYears(1) });
        var fired = result.Events.Count(e => e.Type == "timerFired");
        Assert.That(fired, Is.GreaterThan(0).And.LessThanOrEqualTo(10_000));
        Assert.That(result.State.Subscriptions.Single().DueAt, Is.LessThan(T0.AddYears(1)), "the rest stay due");
        Assert.That(result.State.Incidents, Is.Empty);
    }
}
