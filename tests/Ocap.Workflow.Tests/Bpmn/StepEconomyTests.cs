using System.Text.Json;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Tests.Bpmn;

/// <summary>
/// Property: what a step saves (a condition reads the variables of its scope without a copy of them; an event carries
/// its rarely used properties in a detail of its own) changes nothing anyone can observe: the variables an evaluation
/// was handed stay as they were when it ran, whatever the step does after it, and events compare, copy and read as
/// plain records.
/// </summary>
public class StepEconomyTests
{
    [Test]
    public void AConditionsVariables_StayAsTheyWereWhenItRan_WhenTheSameStepChangesThemLater()
    {
        var scripts = new FakeScripts().Equals("isSmall", "amount", "5").Sets("bump", "amount", "6");
        var xml = Flow.Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="g" />
            <exclusiveGateway id="g" />
            <sequenceFlow id="f2" sourceRef="g" targetRef="t"><conditionExpression>isSmall</conditionExpression></sequenceFlow>
            <scriptTask id="t" scriptFormat="javascript"><script>bump</script></scriptTask>
            <sequenceFlow id="f3" sourceRef="t" targetRef="e" />
            <endEvent id="e" />
            """);

        var flow = Flow.Start(xml, scripts, new { amount = 5, note = "x" });

        var condition = scripts.Requests.Single(r => r.Expression.Text == "isSmall");
        Assert.That(condition.Variables.Select(v => $"{v.Key}={v.Value.GetRawText()}"), Is.EqualTo(new[] { "amount=5", "note=\"x\"" }));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.State.FinalVariables!["amount"].GetRawText(), Is.EqualTo("6"));
    }

    [Test]
    public void AConditionInAScopeWithLocalVariables_SeesThemOverTheProcessOnes_InTheProcessOrder()
    {
        var scripts = new FakeScripts().Equals("isLocal", "who", "\"inner\"");
        var xml = Flow.Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="sub" />
            <subProcess id="sub">
              <extensionElements><zeebe:ioMapping><zeebe:input source="=&quot;inner&quot;" target="who" /></zeebe:ioMapping></extensionElements>
              <startEvent id="ss" /><sequenceFlow id="sf1" sourceRef="ss" targetRef="g" />
              <exclusiveGateway id="g" default="sf3" />
              <sequenceFlow id="sf2" sourceRef="g" targetRef="inner"><conditionExpression>isLocal</conditionExpression></sequenceFlow>
              <sequenceFlow id="sf3" sourceRef="g" targetRef="outer" />
              <userTask id="inner" /><userTask id="outer" />
            </subProcess>
            """);

        var flow = Flow.Start(xml, scripts, new { who = "outer", amount = 1 });

        Assert.That(flow.Waiting, Is.EqualTo(new[] { "inner" }));
        var request = scripts.Requests.Single();
        Assert.That(request.Variables.Select(v => $"{v.Key}={v.Value.GetRawText()}"), Is.EqualTo(new[] { "who=\"inner\"", "amount=1" }));
        Assert.That(flow.State.Executions.Single(e => e.ProcessId is not null).Variables!["who"].GetRawText(), Is.EqualTo("\"outer\""));
    }

    [Test]
    public void AnEvent_ReadsComparesAndCopies_AsARecordOfItsProperties()
    {
        var task = new BpmnUserTaskInfo { Assignee = "sam" };
        var written = new BpmnEvent { Type = "taskCreated", Seq = 3, ElementId = "review", Task = task, TaskType = "approval" };
        var withNulls = written with { Ref = null, Message = null, DueAt = null, CorrelationKey = null };
        var changed = written with { TaskType = "other" };
        var plain = new BpmnEvent { Type = "elementActivated", Seq = 1, ElementId = "review" };

        Assert.That((written.Task, written.TaskType, written.Ref, written.DueAt), Is.EqualTo((task, "approval", (string?)null, (DateTimeOffset?)null)));
        Assert.That(withNulls, Is.EqualTo(written));
        Assert.That(withNulls.GetHashCode(), Is.EqualTo(written.GetHashCode()));
        Assert.That((changed.TaskType, written.TaskType), Is.EqualTo(("other", "approval")), "a 'with' never changes the event it copies");
        Assert.That(changed, Is.Not.EqualTo(written));
        Assert.That(plain with { Ref = null }, Is.EqualTo(plain));
        Assert.That(plain with { Ref = "x" }, Is.Not.EqualTo(plain));
        Assert.That(written.ToString(), Does.Contain("TaskType = approval").And.Contain("Ref = "));

        var onlyTask = new BpmnEvent { Type = "taskCreated", Seq = 3, ElementId = "review", Task = task };
        Assert.That(written with { TaskType = null }, Is.EqualTo(onlyTask), "a detail emptied down to the task compares as the task form");
        Assert.That((written with { TaskType = null }).GetHashCode(), Is.EqualTo(onlyTask.GetHashCode()));
        Assert.That((onlyTask.Task, onlyTask.TaskType, onlyTask.Message, onlyTask.Variable, onlyTask.Value), Is.EqualTo((task, (string?)null, (string?)null, (string?)null, (JsonElement?)null)));
        Assert.That(onlyTask with { Message = "m" }, Has.Property("Task").SameAs(task).And.Property("Message").EqualTo("m"));
        Assert.That(onlyTask with { Message = "m" } with { Message = null }, Is.EqualTo(onlyTask));
        Assert.That(onlyTask with { Task = null }, Is.EqualTo(new BpmnEvent { Type = "taskCreated", Seq = 3, ElementId = "review" }));
        Assert.That(onlyTask with { Task = new BpmnUserTaskInfo { Assignee = "kim" } }, Is.Not.EqualTo(onlyTask));
        Assert.That(onlyTask.ToString(), Does.Contain("Task = ").And.Contain("sam"));

        var value = FakeScripts.Json("5");
        var changed5 = new BpmnEvent { Type = "variableChanged", Seq = 4, Variable = "amount", Value = value };
        var alsoMessage = changed5 with { Message = "m" };
        Assert.That((changed5.Variable, changed5.Value!.Value.GetRawText(), changed5.Message), Is.EqualTo(("amount", "5", (string?)null)));
        Assert.That((alsoMessage.Variable, alsoMessage.Value!.Value.GetRawText(), alsoMessage.Message), Is.EqualTo(("amount", "5", "m")));
        Assert.That(alsoMessage with { Message = null }, Is.EqualTo(changed5), "a detail emptied back compares as the small form");
        Assert.That(changed5 with { Variable = null, Value = null }, Is.EqualTo(changed5 with { Variable = null, Value = null, Ref = null }));
        Assert.That(changed5 with { Value = FakeScripts.Json("6") }, Is.Not.EqualTo(changed5));
    }

    [Test]
    public void TheInterpretersEvents_EqualTheSameEventsWrittenPropertyByProperty()
    {
        var xml = Flow.Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="w" />
            <intermediateCatchEvent id="w"><timerEventDefinition><timeDuration>PT5M</timeDuration></timerEventDefinition></intermediateCatchEvent>
            <sequenceFlow id="f2" sourceRef="w" targetRef="e" />
            <endEvent id="e" />
            """);

        var flow = Flow.Start(xml);
        var scheduled = flow.Events.Single(e => e.Type == "timerScheduled");
        var written = new BpmnEvent
        {
            Type = "timerScheduled",
            Seq = scheduled.Seq,
            ElementId = "w",
            ElementType = "intermediateCatchEvent",
            ExecutionId = scheduled.ExecutionId,
            DueAt = Flow.T0.AddMinutes(5),
        };

        Assert.That(scheduled, Is.EqualTo(written));

        var task = Flow.Start(Flow.Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="t" />
            <userTask id="t" /><sequenceFlow id="f2" sourceRef="t" targetRef="e" />
            <endEvent id="e" />
            """)).Complete("t", new { amount = 5 });
        var change = task.Events.Single(e => e.Type == "variableChanged");
        var writtenChange = new BpmnEvent
        {
            Type = "variableChanged",
            Seq = change.Seq,
            ElementId = "p",
            ExecutionId = change.ExecutionId,
            Variable = "amount",
            Value = change.Value,
        };
        Assert.That(change, Is.EqualTo(writtenChange));
        Assert.That(change.Value!.Value.GetRawText(), Is.EqualTo("5"));
        Assert.That(flow.Events.Where(e => e.Type != "timerScheduled").Select(e => (e.Ref, e.DueAt, e.Message, e.Task, e.TaskType, e.CorrelationKey)),
            Has.All.EqualTo(((string?)null, (DateTimeOffset?)null, (string?)null, (BpmnUserTaskInfo?)null, (string?)null, (string?)null)));
    }

    [Test]
    public void AnExecutionsRareProperties_AreCopiedNeverShared_AndSerializeAsPlainProperties()
    {
        var body = new BpmnExecutionState
        {
            Id = 4,
            ParentId = 1,
            ElementId = "each",
            Kind = BpmnExecutionKind.MultiInstance,
            Counter = 2,
            Instances = 3,
            Completed = 1,
            Items = FakeScripts.Json("[1,2,3]"),
            ProcessVersion = "7",
            Assignment = new BpmnUserTaskInfo { Assignee = "sam" },
        };

        var clone = body.Clone();
        var stepCopy = body.CopyForStep(0);
        clone.Counter = 9;
        stepCopy.Completed = 3;
        stepCopy.ProcessVersion = null;

        Assert.That((body.Counter, body.Completed, body.ProcessVersion), Is.EqualTo(((int?)2, (int?)1, "7")));
        Assert.That((clone.Counter, stepCopy.Completed, stepCopy.ProcessVersion), Is.EqualTo(((int?)9, (int?)3, (string?)null)));
        Assert.That(body.Items!.Value.GetRawText(), Is.EqualTo("[1,2,3]"));

        var state = new BpmnInstanceState { ProcessId = "p", Executions = [body, stepCopy, new BpmnExecutionState { Id = 5, ElementId = "t" }] };
        var json = state.ToJson();
        Assert.That(json, Does.Contain("\"counter\":2,\"instances\":3,\"completed\":1,\"items\":[1,2,3],\"assignment\""));
        Assert.That(json, Does.Contain("\"processVersion\":\"7\""));
        Assert.That(BpmnInstanceState.FromJson(json).ToJson(), Is.EqualTo(json));
        var plain = BpmnInstanceState.FromJson(json).Executions[2];
        Assert.That((plain.Counter, plain.Instances, plain.Completed, plain.Items, plain.ProcessVersion, plain.Assignment),
            Is.EqualTo(((int?)null, (int?)null, (int?)null, (JsonElement?)null, (string?)null, (BpmnUserTaskInfo?)null)));
    }

    [Test]
    public void AStepsEvents_ReadOnManyThreadsAtOnce_AreOneSetOfObjects()
    {
        var interpreter = new BpmnInterpreter(Flow.Read(TaskThenEnd), new FakeScripts());
        var started = interpreter.Start("p", null, Flow.T0);
        var step = interpreter.Apply(started.State, new CompleteTask("t", new Dictionary<string, JsonElement> { ["amount"] = FakeScripts.Json("5") }) { At = Flow.T0 });

        var seen = new BpmnEvent[8][];
        using var go = new ManualResetEventSlim();
        var readers = Enumerable.Range(0, seen.Length).Select(i => Task.Run(() =>
        {
            go.Wait();
            seen[i] = [.. step.Events];
        })).ToArray();
        go.Set();
        Task.WaitAll(readers);

        Assert.That(seen[0].Select(e => e.Type), Is.EqualTo(new[] { "variableChanged", "elementCompleted", "elementActivated", "elementCompleted", "processCompleted" }));
        for (var i = 1; i < seen.Length; i++)
        {
            Assert.That(Enumerable.Range(0, seen[0].Length).All(j => ReferenceEquals(seen[i][j], seen[0][j])), $"reader {i}");
        }
    }

    [Test]
    public void AStepsEvents_ReadOutsideTheirRange_ThrowArgumentOutOfRange()
    {
        var interpreter = new BpmnInterpreter(Flow.Read(TaskThenEnd), new FakeScripts());
        var started = interpreter.Start("p", null, Flow.T0);
        var log = (BpmnEventLog)started.Events;

        Assert.That(() => started.Events[-1], Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => started.Events[started.Events.Count], Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => log.TypeAt(log.Count), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => log.ElementIdAt(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => log.MessageAt(log.Count), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void AStepThatEmitsNothing_HasNoEvents_AndKeepsTheSequence()
    {
        var interpreter = new BpmnInterpreter(Flow.Read(TaskThenEnd), new FakeScripts());
        var started = interpreter.Start("p", null, Flow.T0);
        var idle = interpreter.Apply(started.State, new AdvanceTime { At = Flow.T0.AddHours(1) });

        Assert.That(idle.Handled, Is.False);
        Assert.That(idle.Events, Is.Empty);
        Assert.That(idle.Events.Count, Is.Zero);
        Assert.That(((BpmnEventLog)idle.Events).LastSequence, Is.EqualTo(started.State.LastSequence));
        EventLogOracle.AssertConsistent(idle, started.State.LastSequence);
    }

    [Test]
    public void AStepWithMoreEventsThanExpected_KeepsThemAllInOrder()
    {
        // A start through twelve script-free tasks emits far more events than a start is expected to (eight).
        var nodes = string.Concat(Enumerable.Range(1, 12).Select(i => $"""<task id="t{i}" /><sequenceFlow id="f{i}" sourceRef="t{i}" targetRef="t{i + 1}" />"""));
        var xml = Flow.Definitions($"""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t1" />
            {nodes}<task id="t13" /><sequenceFlow id="f13" sourceRef="t13" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Flow.Start(xml);

        Assert.That(flow.Events, Has.Count.EqualTo(1 + 2 * 15 + 1));
        Assert.That(flow.Events.Where(e => e.Type == "elementActivated").Select(e => e.ElementId),
            Is.EqualTo(new[] { "s" }.Concat(Enumerable.Range(1, 13).Select(i => $"t{i}")).Append("e")));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void ATokenMovedAlongAFlow_HasEveryPropertyOfANewToken_AndNothingOfTheOldOne()
    {
        var token = new BpmnExecutionState
        {
            Id = 4,
            ParentId = 1,
            ElementId = "t",
            Kind = BpmnExecutionKind.Scope,
            Phase = "waiting",
            Flow = "f0",
            ProcessId = "p",
            ProcessVersion = "2",
            Variables = new() { ["a"] = FakeScripts.Json("1") },
            Counter = 1,
            Instances = 2,
            Completed = 1,
            Items = FakeScripts.Json("[1]"),
            Assignment = new BpmnUserTaskInfo { Assignee = "sam" },
        };
        var properties = typeof(BpmnExecutionState).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance);
        Assert.That(properties, Has.Length.EqualTo(14), "a property added to executions must be set above and reset by MoveTo");

        token.MoveTo(9, "next", "f1");

        var fresh = new BpmnExecutionState { Id = 9, ParentId = 1, ElementId = "next", Kind = BpmnExecutionKind.Token, Flow = "f1" };
        foreach (var property in properties)
        {
            Assert.That(property.GetValue(token), Is.EqualTo(property.GetValue(fresh)), property.Name);
        }
    }

    [Test]
    public void ATokenLeavingAlongOneFlow_TakesANewIdAndTheLastPlace_AsANewTokenWould()
    {
        var flow = Flow.Start(Flow.Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="fork" />
            <parallelGateway id="fork" />
            <sequenceFlow id="fa" sourceRef="fork" targetRef="a" /><sequenceFlow id="fb" sourceRef="fork" targetRef="b" />
            <userTask id="a" /><sequenceFlow id="fa2" sourceRef="a" targetRef="a2" /><userTask id="a2" />
            <userTask id="b" />
            """));
        Assert.That(flow.State.Executions.Select(e => (e.Id, e.ElementId)), Is.EqualTo(new[] { (1, "p"), (4, "a"), (5, "b") }));

        flow.Complete("a", new { amount = 5 });

        Assert.That(flow.State.Executions.Select(e => (e.Id, e.ElementId, e.Flow, e.Phase)),
            Is.EqualTo(new[] { (1, "p", (string?)null, (string?)null), (5, "b", "fb", "waiting"), (6, "a2", "fa2", "waiting") }));
        Assert.That(flow.Last.Events.Where(e => e.Type == "elementActivated").Select(e => (e.ElementId, e.ExecutionId)),
            Is.EqualTo(new[] { ("a2", (int?)6) }));
        Assert.That(flow.State.NextId, Is.EqualTo(7));
    }

    [Test]
    public void TaskData_GoesToTheInnermostScopeHoldingEachName_AndNewNamesToTheProcess_WithOrWithoutLocalsOnTheWay()
    {
        var xml = Flow.Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="sub" />
            <subProcess id="sub">
              <extensionElements><zeebe:ioMapping><zeebe:input source="=1" target="x" /></zeebe:ioMapping></extensionElements>
              <startEvent id="ss" /><sequenceFlow id="sf0" sourceRef="ss" targetRef="inner" />
              <userTask id="inner" /><sequenceFlow id="sf1" sourceRef="inner" targetRef="se" /><endEvent id="se" />
            </subProcess>
            <sequenceFlow id="f1" sourceRef="sub" targetRef="outer" />
            <userTask id="outer" /><sequenceFlow id="f2" sourceRef="outer" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Flow.Start(xml, variables: new { y = 0 });

        flow.Complete("inner", new { x = 5, y = 6, z = 7 });
        var changes = flow.Last.Events.Where(e => e.Type == "variableChanged").Select(e => (e.Variable, e.ElementId, e.Value!.Value.GetRawText()));
        Assert.That(changes, Is.EqualTo(new[] { ("x", "sub", "5"), ("y", "p", "6"), ("z", "p", "7") }), "a local of the sub-process on the way");

        flow.Complete("outer", new { x = 8, y = 9 });
        changes = flow.Last.Events.Where(e => e.Type == "variableChanged").Select(e => (e.Variable, e.ElementId, e.Value!.Value.GetRawText()));
        Assert.That(changes, Is.EqualTo(new[] { ("x", "p", "8"), ("y", "p", "9") }), "no scope with variables between the task and the process");
        Assert.That(flow.State.FinalVariables!.Select(v => $"{v.Key}={v.Value.GetRawText()}"), Is.EqualTo(new[] { "y=9", "z=7", "x=8" }));
    }

    private static string TaskThenEnd => Flow.Definitions("""
        <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="t" />
        <userTask id="t" /><sequenceFlow id="f2" sourceRef="t" targetRef="e" />
        <endEvent id="e" />
        """);
}
