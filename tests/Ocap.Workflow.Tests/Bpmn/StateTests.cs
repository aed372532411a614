using System.Text.Json;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using static Ocap.Workflow.Tests.Bpmn.Flow;

namespace Ocap.Workflow.Tests.Bpmn;

public class StateTests
{
    private static readonly string Approval = Definitions("""
        <startEvent id="start" /><sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
        <userTask id="approve" camunda:candidateGroups="finance" />
        <boundaryEvent id="late" attachedToRef="approve" cancelActivity="false"><timerEventDefinition><timeDuration>P2D</timeDuration></timerEventDefinition></boundaryEvent>
        <sequenceFlow id="f3" sourceRef="late" targetRef="lateEnd" /><endEvent id="lateEnd" />
        <sequenceFlow id="f2" sourceRef="approve" targetRef="e" /><endEvent id="e" />
        """);

    [Test]
    public void WaitingApprovalWithTenVariables_SerializesUnder4KB()
    {
        var variables = Enumerable.Range(0, 10).ToDictionary(i => $"field{i}", i => (object)$"value number {i}");
        var flow = Start(Approval, variables: variables);
        var json = flow.State.ToJson();
        TestContext.Out.WriteLine($"waiting approval state: {System.Text.Encoding.UTF8.GetByteCount(json)} bytes");
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(json), Is.LessThanOrEqualTo(4096));
    }

    [Test]
    public void VariableValues_RoundTripExactly_AsWritten()
    {
        var raw = """{"a":1.0,"b":1e3,"c":"\u00e9\u2028","d":[null,true,{"x":-0}],"e":12345678901234567890}""";
        var variables = JsonDocument.Parse(raw).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        var interpreter = new BpmnInterpreter(Read(Approval), new FakeScripts());
        var state = interpreter.Start("p", variables, T0).State;
        var restored = BpmnInstanceState.FromJson(state.ToJson());
        var root = restored.Executions.Single(e => e.ParentId is null).Variables!;
        Assert.That(root["a"].GetRawText(), Is.EqualTo("1.0"));
        Assert.That(root["b"].GetRawText(), Is.EqualTo("1e3"));
        Assert.That(root["e"].GetRawText(), Is.EqualTo("12345678901234567890"));
        Assert.That(root["c"].GetString(), Is.EqualTo("\u00e9\u2028"));
        Assert.That(restored.ToJson(), Is.EqualTo(state.ToJson()));
    }

    [Test]
    public void ToJson_WritesExactlyWhatTheReflectionSerializerWrites_AndReadsItBack()
    {
        var state = new BpmnInstanceState
        {
            ProcessId = "p",
            Status = BpmnInstanceStatus.Failed,
            NextId = 9,
            LastSequence = 42,
            Executions =
            [
                new BpmnExecutionState { Id = 1, ElementId = "p", Kind = BpmnExecutionKind.Scope, ProcessId = "p", Variables = new() { ["a"] = JsonDocument.Parse("""{"x":[1.50,"\u00e9<&>"]}""").RootElement.Clone() } },
                new BpmnExecutionState { Id = 2, ParentId = 1, ElementId = "loop", Kind = BpmnExecutionKind.MultiInstance, Counter = 3, Instances = 4, Completed = 1, Items = JsonDocument.Parse("[1,2]").RootElement.Clone() },
                new BpmnExecutionState { Id = 3, ParentId = 2, ElementId = "t", Phase = "waiting", Flow = "f1", ProcessVersion = "2" },
            ],
            Subscriptions =
            [
                new BpmnSubscriptionState(4, 3, "late", "timer") { DueAt = T0.AddDays(2), Remaining = 2, Interval = "PT10M" },
                new BpmnSubscriptionState(5, 3, "msg", "message") { Name = "paid", CorrelationKey = "c-1" },
            ],
            Incidents = [new BpmnIncidentState(6, 3, "t", "boom")],
            FinalVariables = new() { ["done"] = JsonDocument.Parse("true").RootElement.Clone() },
            Failure = new BpmnFailureState("E1", "t", "uncaught"),
        };

        var json = state.ToJson();
        Assert.That(json, Is.EqualTo(JsonSerializer.Serialize(state, BpmnInstanceState.JsonOptions)));
        Assert.That(BpmnInstanceState.FromJson(json).ToJson(), Is.EqualTo(json));
        Assert.That(JsonSerializer.Deserialize<BpmnInstanceState>(json, BpmnInstanceState.JsonOptions)!.ToJson(), Is.EqualTo(json));
    }

    [Test]
    public void Apply_NeverChangesTheStateItWasGiven()
    {
        var interpreter = new BpmnInterpreter(Read(Approval), new FakeScripts());
        var state = interpreter.Start("p", null, T0).State;
        var before = state.ToJson();
        var after = interpreter.Apply(state, new CompleteTask("approve") { At = T0 });
        Assert.That(state.ToJson(), Is.EqualTo(before));
        Assert.That(after.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    private static readonly string EveryKindOfScope = Definitions("""
        <startEvent id="start" /><sequenceFlow id="f1" sourceRef="start" targetRef="review" />
        <userTask id="review" />
        <boundaryEvent id="remind" attachedToRef="review" cancelActivity="false"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></boundaryEvent>
        <sequenceFlow id="f2" sourceRef="remind" targetRef="nudge" /><scriptTask id="nudge" scriptFormat="javascript"><script>nudge</script></scriptTask>
        <sequenceFlow id="f3" sourceRef="nudge" targetRef="nudged" /><endEvent id="nudged" />
        <sequenceFlow id="f4" sourceRef="review" targetRef="sub" />
        <subProcess id="sub">
          <startEvent id="subStart" /><sequenceFlow id="s1" sourceRef="subStart" targetRef="inner" />
          <userTask id="inner" /><sequenceFlow id="s2" sourceRef="inner" targetRef="subEnd" /><endEvent id="subEnd" />
        </subProcess>
        <boundaryEvent id="slow" attachedToRef="sub"><timerEventDefinition><timeDuration>P1D</timeDuration></timerEventDefinition></boundaryEvent>
        <sequenceFlow id="f5" sourceRef="slow" targetRef="timedOut" /><endEvent id="timedOut" />
        <sequenceFlow id="f6" sourceRef="sub" targetRef="vote" />
        <userTask id="vote">
          <multiInstanceLoopCharacteristics><loopCardinality>3</loopCardinality></multiInstanceLoopCharacteristics>
        </userTask>
        <sequenceFlow id="f7" sourceRef="vote" targetRef="decide" />
        <exclusiveGateway id="decide" default="f9" />
        <sequenceFlow id="f8" sourceRef="decide" targetRef="big"><conditionExpression>big</conditionExpression></sequenceFlow>
        <sequenceFlow id="f9" sourceRef="decide" targetRef="done" /><endEvent id="done" />
        <sequenceFlow id="f10" sourceRef="big" targetRef="done" /><userTask id="big" />
        """);

    [Test]
    public void Apply_NeverChangesAnyEarlierState_ThroughVariablesBoundaryTimersSubProcessesAndMultiInstance()
    {
        var scripts = new FakeScripts().Value("3", "3").Sets("nudge", "nudged", "true").Equals("big", "amount", "5000");
        var interpreter = new BpmnInterpreter(Read(EveryKindOfScope), scripts);
        var seen = new List<(BpmnInstanceState State, string Json)>();
        var state = interpreter.Start("p", new Dictionary<string, JsonElement> { ["amount"] = FakeScripts.Json("10") }, T0).State;
        seen.Add((state, state.ToJson()));

        BpmnInstanceState Step(BpmnCommand command)
        {
            var input = state;
            var before = input.ToJson();
            var result = interpreter.Apply(input, command).State;
            Assert.That(input.ToJson(), Is.EqualTo(before), $"the input of {command.GetType().Name} is unchanged");
            seen.Add((result, result.ToJson()));
            return state = result;
        }

        Step(new AdvanceTime { At = T0.AddHours(2) });
        Step(new CompleteTask("review", new Dictionary<string, JsonElement> { ["amount"] = FakeScripts.Json("250"), ["note"] = FakeScripts.Json("\"ok\"") }) { At = T0.AddHours(3) });
        Step(new CompleteTask("inner", new Dictionary<string, JsonElement> { ["amount"] = FakeScripts.Json("300") }) { At = T0.AddHours(4) });
        foreach (var instance in state.Executions.Where(e => e.ElementId == "vote" && e.Phase == "waiting").ToList())
        {
            Step(new CompleteTask("vote", new Dictionary<string, JsonElement> { ["seen"] = FakeScripts.Json(instance.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) }) { At = T0.AddHours(5), ExecutionId = instance.Id });
        }

        Assert.That(state.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(seen.Select(s => s.State.ToJson()), Is.EqualTo(seen.Select(s => s.Json)), "no step changed a state an earlier step returned");
        Assert.That(seen.Count, Is.EqualTo(7));
    }

    [Test]
    public void StepCopyOfAnExecution_CarriesEveryProperty_AndHasItsOwnVariables()
    {
        var original = new BpmnExecutionState
        {
            Id = 3,
            ParentId = 2,
            ElementId = "t",
            Kind = BpmnExecutionKind.MultiInstance,
            Phase = "waiting",
            Flow = "f1",
            ProcessId = "called",
            ProcessVersion = "2",
            Variables = new() { ["b"] = FakeScripts.Json("1"), ["a"] = FakeScripts.Json("\"x\"") },
            Counter = 4,
            Instances = 5,
            Completed = 1,
            Items = FakeScripts.Json("[1,2]"),
            Assignment = new BpmnUserTaskInfo { Assignee = "sam" },
        };
        var properties = typeof(BpmnExecutionState).GetProperties();
        Assert.That(properties.Where(p => p.GetValue(original) is null).Select(p => p.Name), Is.Empty, "every property is set, so a forgotten one shows");

        var copy = original.CopyForStep(room: 3);

        foreach (var property in properties.Where(p => p.Name != nameof(BpmnExecutionState.Variables)))
        {
            Assert.That(property.GetValue(copy), Is.EqualTo(property.GetValue(original)), property.Name);
        }

        Assert.That(copy.Variables, Is.Not.SameAs(original.Variables));
        Assert.That(copy.Variables!.Keys, Is.EqualTo(new[] { "b", "a" }), "the copy keeps the order, so it serializes identically");
        copy.Variables["c"] = FakeScripts.Json("true");
        Assert.That(original.Variables.ContainsKey("c"), Is.False);
    }

    [Test]
    public void EndedInstance_AcceptsNoMoreCommands()
    {
        var interpreter = new BpmnInterpreter(Read(Approval), new FakeScripts());
        var done = interpreter.Apply(interpreter.Start("p", null, T0).State, new CompleteTask("approve") { At = T0 }).State;
        var e = Assert.Throws<BpmnCommandRejectedException>(() => interpreter.Apply(done, new CompleteTask("approve") { At = T0 }));
        Assert.That(e!.Message, Is.EqualTo("The instance has ended (completed); it accepts no more commands."));
    }

    [Test]
    public void Events_AreNumberedContinuouslyAcrossStepsAndRestores()
    {
        var flow = Start(Approval).AdvanceTo(TimeSpan.FromDays(3)).Complete("approve");
        Assert.That(flow.Events.Select(e => e.Seq), Is.EqualTo(Enumerable.Range(1, flow.Events.Count).Select(i => (long)i)));
    }

    [Test]
    public void UnknownState_FromJsonNull_IsATypedError()
    {
        Assert.Throws<JsonException>(() => BpmnInstanceState.FromJson("null"));
    }
}
