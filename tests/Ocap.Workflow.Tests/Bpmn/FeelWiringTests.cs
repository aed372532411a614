using System.Text.Json;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Expressions.Feel;
using static Ocap.Workflow.Tests.Bpmn.Flow;

namespace Ocap.Workflow.Tests.Bpmn;

/// <summary>
/// FEEL (Camunda 8's <c>=...</c>) at every place the interpreter reads an expression. The script port is a
/// <see cref="FakeScripts"/> with no handlers, so any FEEL text that reached it would fail: these tests show FEEL
/// never goes through JavaScript.
/// </summary>
public class FeelWiringTests
{
    private static string Gateway(string condition, string language = "") => Definitions($"""
        <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="g" />
        <exclusiveGateway id="g" default="toSmall" />
        <sequenceFlow id="toBig" sourceRef="g" targetRef="big"><conditionExpression{language}>{condition}</conditionExpression></sequenceFlow>
        <sequenceFlow id="toSmall" sourceRef="g" targetRef="small" />
        <endEvent id="big" /><endEvent id="small" />
        """);

    public static IEnumerable<TestCaseData> ConditionCases()
    {
        TestCaseData Case(string condition, object vars, string end, string name) =>
            new TestCaseData(condition, vars, end).SetName("Condition_" + name);

        const string Typical = "=amount &gt; 1000 and costCenter in [\"A\", \"B\"]";
        yield return Case(Typical, new { amount = 1500, costCenter = "A" }, "big", "TypicalGatewayTrue_TakesTheFlow");
        yield return Case(Typical, new { amount = 500, costCenter = "A" }, "small", "TypicalGatewayFalse_TakesTheDefault");
        yield return Case(Typical, new { amount = 1500, costCenter = "C" }, "small", "NotInList_TakesTheDefault");
        yield return Case(Typical, new { costCenter = "C" }, "small", "MissingAmountButFalseConjunct_IsFalse");
        yield return Case("=order.total &gt;= 100", new { order = new { total = 100 } }, "big", "PathIntoContext");
        yield return Case("=count(items[price &gt; 10]) = 2", new { items = new[] { new { price = 5 }, new { price = 11 }, new { price = 20 } } }, "big", "FilterAndCount");
        yield return Case("=date(due) &lt; date(\"2026-03-02\")", new { due = "2026-03-01" }, "big", "DateComparison");
        yield return Case("=today() = date(\"2026-03-01\")", new { }, "big", "TodayIsTheCommandsDate");
        yield return Case("=now() &gt;= date and time(\"2026-03-01T08:00:00Z\")", new { }, "big", "NowIsTheCommandsTime");
        yield return Case("=if approved then true else false", new { approved = false }, "small", "IfThenElse");
        yield return Case("=some r in reviews satisfies r = \"reject\"", new { reviews = new[] { "ok", "reject" } }, "big", "Some");
    }

    [TestCaseSource(nameof(ConditionCases))]
    public void Condition_IsEvaluatedAsFeel(string condition, object vars, string end)
    {
        var flow = Start(Gateway(condition), variables: vars);
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed), string.Join("; ", flow.Events.Select(e => e.Message).Where(m => m is not null)));
        Assert.That(flow.Completed, Does.Contain(end));
    }

    [Test]
    public void Condition_LanguageFeelWithoutEqualsSign_IsFeel()
    {
        var flow = Start(Gateway("amount &gt; 10", " language=\"feel\""), variables: new { amount = 11 });
        Assert.That(flow.Completed, Does.Contain("big"));
    }

    [TestCase("=limit &gt; 1000", "null")]
    [TestCase("=amount + 1", "2")]
    [TestCase("=\"yes\"", "\"yes\"")]
    public void Condition_NotABoolean_IsAnIncidentNeverASilentFalse(string condition, string shown)
    {
        var flow = Start(Gateway(condition), variables: new { amount = 1 });
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Active));
        Assert.That(flow.State.Incidents, Has.Count.EqualTo(1));
        Assert.That(flow.State.Incidents[0].Message, Does.Contain($"returned {shown}, not a boolean"));
        Assert.That(flow.Completed, Does.Not.Contain("small"));
    }

    [Test]
    public void Condition_OnAnInclusiveGateway_TakesEveryTrueFlow()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="g" />
            <inclusiveGateway id="g" />
            <sequenceFlow id="a" sourceRef="g" targetRef="ea"><conditionExpression>=amount &gt; 10</conditionExpression></sequenceFlow>
            <sequenceFlow id="b" sourceRef="g" targetRef="eb"><conditionExpression>=amount &gt; 100</conditionExpression></sequenceFlow>
            <sequenceFlow id="c" sourceRef="g" targetRef="ec"><conditionExpression>=amount &gt; 5</conditionExpression></sequenceFlow>
            <endEvent id="ea" /><endEvent id="eb" /><endEvent id="ec" />
            """);
        var flow = Start(xml, variables: new { amount = 50 });
        Assert.That(flow.Completed, Does.Contain("ea").And.Contain("ec").And.Not.Contain("eb"));
    }

    [Test]
    public void Condition_OnAFlowLeavingATask_IsAConditionalFlow()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t" />
            <task id="t" default="d" />
            <sequenceFlow id="c" sourceRef="t" targetRef="ec"><conditionExpression>=vip</conditionExpression></sequenceFlow>
            <sequenceFlow id="d" sourceRef="t" targetRef="ed" />
            <endEvent id="ec" /><endEvent id="ed" />
            """);
        Assert.That(Start(xml, variables: new { vip = true }).Completed, Does.Contain("ec").And.Not.Contain("ed"));
        Assert.That(Start(xml, variables: new { vip = false }).Completed, Does.Contain("ed").And.Not.Contain("ec"));
    }

    [Test]
    public void Condition_FeelStepLimit_IsAnIncidentNamingTheLimit()
    {
        var interpreter = new BpmnInterpreter(Read(Gateway("=count(for i in 1..1000 return i) &gt; 0")), new FakeScripts(), feel: new FeelEvaluationOptions { MaxSteps = 50 });
        var result = interpreter.Start("p", null, T0);
        Assert.That(result.State.Incidents, Has.Count.EqualTo(1));
        Assert.That(result.State.Incidents[0].Message, Does.Contain("Steps limit of 50"));
    }

    private const string MappedTask = """
        <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t" />
        <serviceTask id="t">
          <extensionElements>
            <zeebe:taskDefinition type="pricing" />
            <zeebe:ioMapping>
              <zeebe:input source="=order.total * 2" target="request.doubled" />
              <zeebe:input source="=request.doubled + 1" target="request.plusOne" />
              <zeebe:input source="fixed text" target="label" />
              <zeebe:output source="=result.price" target="order.price" />
              <zeebe:output source="=label" target="copiedLabel" />
              <zeebe:output source="=request" target="sentRequest" />
            </zeebe:ioMapping>
          </extensionElements>
        </serviceTask>
        <sequenceFlow id="f1" sourceRef="t" targetRef="e" /><endEvent id="e" />
        """;

    [Test]
    public void IoMapping_InputsBecomeLocalVariablesOfTheTask()
    {
        var flow = Start(Definitions(MappedTask), variables: new { order = new { id = 7, total = 10 } });
        var task = flow.State.Executions.Single(e => e.ElementId == "t");
        Assert.That(task.Variables!["request"].GetRawText(), Is.EqualTo("""{"doubled":20,"plusOne":21}"""));
        Assert.That(task.Variables["label"].GetString(), Is.EqualTo("fixed text"));
        Assert.That(flow.State.Executions.Single(e => e.ParentId is null).Variables!.ContainsKey("request"), Is.False);
    }

    [Test]
    public void IoMapping_OutputsMergeIntoExistingContextsAndOnlyMappedValuesLeaveTheTask()
    {
        var flow = Start(Definitions(MappedTask), variables: new { order = new { id = 7, total = 10 } })
            .Complete("t", new { result = new { price = 99.5 } });
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Variable("order").GetRawText(), Is.EqualTo("""{"id":7,"total":10,"price":99.5}"""));
        Assert.That(flow.Variable("copiedLabel").GetString(), Is.EqualTo("fixed text"));
        Assert.That(flow.Variable("sentRequest").GetRawText(), Is.EqualTo("""{"doubled":20,"plusOne":21}"""));
        Assert.That(flow.State.FinalVariables!.ContainsKey("result"), Is.False, "job data is local when output mappings exist");
        Assert.That(flow.State.FinalVariables.ContainsKey("label"), Is.False, "input mappings stay local");
    }

    [Test]
    public void IoMapping_OutputIntoAVariableThatIsNotAContext_IsAnIncident()
    {
        var flow = Start(Definitions(MappedTask), variables: new { order = 5 }).Complete("t", new { result = new { price = 1 } });
        Assert.That(flow.State.Incidents.Select(i => i.Message), Has.Some.Contain("writes into 'order', which is number, not a context"));
    }

    [Test]
    public void IoMapping_WithoutOutputs_TaskDataIsPropagatedAsBefore()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t" />
            <userTask id="t"><extensionElements><zeebe:ioMapping><zeebe:input source="=1" target="local" /></zeebe:ioMapping></extensionElements></userTask>
            <sequenceFlow id="f1" sourceRef="t" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml).Complete("t", new { decision = "ok" });
        Assert.That(flow.Variable("decision").GetString(), Is.EqualTo("ok"));
        Assert.That(flow.State.FinalVariables!.ContainsKey("local"), Is.False);
    }

    [Test]
    public void IoMapping_SubProcessInputsAreVisibleInsideAndOutputsComeBack()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="sub" />
            <subProcess id="sub">
              <extensionElements><zeebe:ioMapping>
                <zeebe:input source="=base + 1" target="inner" />
                <zeebe:output source="=inner * 10" target="outer" />
              </zeebe:ioMapping></extensionElements>
              <startEvent id="ss" /><sequenceFlow id="sf" sourceRef="ss" targetRef="sg" />
              <exclusiveGateway id="sg" default="sd" />
              <sequenceFlow id="sc" sourceRef="sg" targetRef="se"><conditionExpression>=inner = 2</conditionExpression></sequenceFlow>
              <sequenceFlow id="sd" sourceRef="sg" targetRef="sx" />
              <endEvent id="se" /><endEvent id="sx" />
            </subProcess>
            <sequenceFlow id="f1" sourceRef="sub" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml, variables: new { @base = 1 });
        Assert.That(flow.Completed, Does.Contain("se"));
        Assert.That(flow.Variable("outer").GetInt32(), Is.EqualTo(20));
        Assert.That(flow.State.FinalVariables!.ContainsKey("inner"), Is.False);
    }

    [Test]
    public void IoMapping_CatchEventOutputsMapTheMessagePayload()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="c" />
            <intermediateCatchEvent id="c">
              <extensionElements><zeebe:ioMapping><zeebe:output source="=payload.status" target="status" /></zeebe:ioMapping></extensionElements>
              <messageEventDefinition messageRef="m" />
            </intermediateCatchEvent>
            <sequenceFlow id="f1" sourceRef="c" targetRef="e" /><endEvent id="e" />
            """, """<message id="m" name="paid" />""");
        var data = new Dictionary<string, JsonElement> { ["payload"] = FakeScripts.Json("""{"status":"paid","raw":1}""") };
        var flow = Start(xml).Apply(new CorrelateMessage("paid", null, data) { At = T0 });
        Assert.That(flow.Variable("status").GetString(), Is.EqualTo("paid"));
        Assert.That(flow.State.FinalVariables!.ContainsKey("payload"), Is.False);
    }

    public static IEnumerable<TestCaseData> TimerCases()
    {
        TestCaseData Case(string kind, string value, object vars, int expectedMinutes, string name) =>
            new TestCaseData(kind, value, vars, expectedMinutes).SetName("Timer_" + name);

        yield return Case("timeDuration", "=duration(\"PT\" + string(minutes) + \"M\")", new { minutes = 15 }, 15, "DurationValue");
        yield return Case("timeDuration", "=\"PT30M\"", new { }, 30, "DurationText");
        yield return Case("timeDate", "=now() + duration(\"PT2H\")", new { }, 120, "DateAndTimeFromNow");
        yield return Case("timeDate", "=date and time(deadline)", new { deadline = "2026-03-01T09:00:00Z" }, 60, "DateAndTimeFromVariable");
        yield return Case("timeDate", "=date and time(\"2026-03-01T10:30:00@Europe/Berlin\")", new { }, 90, "ZonedDateAndTime");
        yield return Case("timeCycle", "=\"R2/PT\" + string(n) + \"M\"", new { n = 10 }, 10, "Cycle");
    }

    [TestCaseSource(nameof(TimerCases))]
    public void Timer_FeelValueSchedulesTheTimer(string kind, string value, object vars, int expectedMinutes)
    {
        var xml = Definitions($"""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="w" />
            <intermediateCatchEvent id="w"><timerEventDefinition><{kind}>{value}</{kind}></timerEventDefinition></intermediateCatchEvent>
            <sequenceFlow id="f1" sourceRef="w" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml, variables: vars);
        var scheduled = flow.Events.Single(e => e.Type == "timerScheduled");
        Assert.That(scheduled.DueAt, Is.EqualTo(T0.AddMinutes(expectedMinutes)));
        flow.AdvanceTo(TimeSpan.FromMinutes(expectedMinutes));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void Timer_FeelValueOfTheWrongType_IsAnIncident()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="w" />
            <intermediateCatchEvent id="w"><timerEventDefinition><timeDuration>=minutes</timeDuration></timerEventDefinition></intermediateCatchEvent>
            <sequenceFlow id="f1" sourceRef="w" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml, variables: new { minutes = 5 });
        Assert.That(flow.State.Incidents.Single().Message, Does.Contain("evaluated to 5; it must be a string"));
    }

    public static IEnumerable<TestCaseData> CorrelationCases()
    {
        yield return new TestCaseData("=orderId", new { orderId = "A-1" }, "A-1").SetName("CorrelationKey_FeelString");
        yield return new TestCaseData("=order.id", new { order = new { id = 42 } }, "42").SetName("CorrelationKey_FeelNumber");
        yield return new TestCaseData("=\"order-\" + string(n)", new { n = 3 }, "order-3").SetName("CorrelationKey_FeelConcatenation");
        yield return new TestCaseData("static-key", new { }, "static-key").SetName("CorrelationKey_StaticText");
    }

    [TestCaseSource(nameof(CorrelationCases))]
    public void CorrelationKey_IsEvaluatedWhenTheSubscriptionOpens(string key, object vars, string expected)
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="c" />
            <intermediateCatchEvent id="c"><messageEventDefinition messageRef="m" /></intermediateCatchEvent>
            <sequenceFlow id="f1" sourceRef="c" targetRef="e" /><endEvent id="e" />
            """, $"""<message id="m" name="paid"><extensionElements><zeebe:subscription correlationKey="{key.Replace("\"", "&quot;", StringComparison.Ordinal)}" /></extensionElements></message>""");
        var flow = Start(xml, variables: vars);
        Assert.That(flow.State.Subscriptions.Single().CorrelationKey, Is.EqualTo(expected));
        flow.Message("paid", "other");
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Active), "a different key does not correlate");
        flow.Message("paid", expected);
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void CorrelationKey_NullOrAList_IsAnIncident()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="c" />
            <receiveTask id="c" messageRef="m" />
            <sequenceFlow id="f1" sourceRef="c" targetRef="e" /><endEvent id="e" />
            """, """<message id="m" name="paid"><extensionElements><zeebe:subscription correlationKey="=ids" /></extensionElements></message>""");
        Assert.That(Start(xml).State.Incidents.Single().Message, Does.Contain("evaluated to null; it must be a string or a number"));
        Assert.That(Start(xml, variables: new { ids = new[] { 1 } }).State.Incidents.Single().Message, Does.Contain("evaluated to [1]"));
    }

    [Test]
    public void MessageName_FeelIsEvaluatedWhenTheSubscriptionOpens()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="c" />
            <intermediateCatchEvent id="c"><messageEventDefinition messageRef="m" /></intermediateCatchEvent>
            <sequenceFlow id="f1" sourceRef="c" targetRef="e" /><endEvent id="e" />
            """, """<message id="m" name="=&quot;paid-&quot; + region" />""");
        var flow = Start(xml, variables: new { region = "eu" });
        Assert.That(flow.State.Subscriptions.Single().Name, Is.EqualTo("paid-eu"));
        flow.Message("paid-eu");
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void CalledElement_FeelProcessIdChoosesTheCalledProcess()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="call" />
            <callActivity id="call"><extensionElements><zeebe:calledElement processId="=&quot;child-&quot; + kind" /></extensionElements></callActivity>
            <sequenceFlow id="f1" sourceRef="call" targetRef="e" /><endEvent id="e" />
            """, more: """
            <process id="child-b" isExecutable="true"><startEvent id="cs" /><sequenceFlow id="cf" sourceRef="cs" targetRef="ce" /><endEvent id="ce" /></process>
            """);
        var flow = Start(xml, variables: new { kind = "b" });
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Completed, Does.Contain("ce"));
        Assert.That(Start(xml, variables: new { kind = "z" }).State.Incidents.Single().Message, Does.Contain("'child-z' is not deployed"));
    }

    [Test]
    public void CalledElement_ZeebeMappingsAndPropagation()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="call" />
            <callActivity id="call"><extensionElements>
              <zeebe:calledElement processId="child" propagateAllChildVariables="false" propagateAllParentVariables="false" />
              <zeebe:ioMapping><zeebe:input source="=x * 2" target="y" /><zeebe:output source="=z" target="fromChild" /></zeebe:ioMapping>
            </extensionElements></callActivity>
            <sequenceFlow id="f1" sourceRef="call" targetRef="e" /><endEvent id="e" />
            """, more: """
            <process id="child" isExecutable="true">
              <startEvent id="cs" /><sequenceFlow id="cf" sourceRef="cs" targetRef="ct" />
              <scriptTask id="ct"><extensionElements><zeebe:script expression="=y + (if x = null then 100 else 0)" resultVariable="z" /></extensionElements></scriptTask>
              <sequenceFlow id="cf2" sourceRef="ct" targetRef="ce" /><endEvent id="ce" />
            </process>
            """);
        var flow = Start(xml, variables: new { x = 3 });
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Variable("fromChild").GetInt32(), Is.EqualTo(106), "the child saw only y (x was not propagated)");
        Assert.That(flow.State.FinalVariables!.ContainsKey("z"), Is.False, "only the output mapping comes back");
    }

    [Test]
    public void ScriptTask_ZeebeScriptStoresTheResultVariable()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t" />
            <scriptTask id="t"><extensionElements><zeebe:script expression="=sum(amounts)" resultVariable="total" /></extensionElements></scriptTask>
            <sequenceFlow id="f1" sourceRef="t" targetRef="e" /><endEvent id="e" />
            """);
        Assert.That(Start(xml, variables: new { amounts = new[] { 1.5, 2.25 } }).Variable("total").GetDecimal(), Is.EqualTo(3.75m));
    }

    [Test]
    public void MultiInstance_FeelCollectionElementAndOutput()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="review" />
            <userTask id="review">
              <extensionElements><zeebe:ioMapping><zeebe:input source="=reviewer.name" target="who" /></zeebe:ioMapping></extensionElements>
              <multiInstanceLoopCharacteristics>
                <extensionElements>
                  <zeebe:loopCharacteristics inputCollection="=reviewers[active]" inputElement="reviewer" outputCollection="votes" outputElement="={who: who, vote: vote}" />
                </extensionElements>
              </multiInstanceLoopCharacteristics>
            </userTask>
            <sequenceFlow id="f1" sourceRef="review" targetRef="e" /><endEvent id="e" />
            """);
        var reviewers = new[] { new { name = "ann", active = true }, new { name = "bob", active = false }, new { name = "cy", active = true } };
        var flow = Start(xml, variables: new { reviewers });
        var waiting = flow.State.Executions.Where(e => e.ElementId == "review" && e.Phase == "waiting").ToList();
        Assert.That(waiting, Has.Count.EqualTo(2));
        Assert.That(waiting.Select(w => w.Variables!["who"].GetString()), Is.EqualTo(new[] { "ann", "cy" }));
        flow.Apply(new CompleteTask("review", Vars(new { vote = "yes" })) { At = T0, ExecutionId = waiting[1].Id });
        flow.Apply(new CompleteTask("review", Vars(new { vote = "no" })) { At = T0, ExecutionId = waiting[0].Id });
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Variable("votes").GetRawText(), Is.EqualTo("""[{"who":"ann","vote":"no"},{"who":"cy","vote":"yes"}]"""));
    }

    [Test]
    public void MultiInstance_FeelCompletionConditionReadsZeebeCounters()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t" />
            <userTask id="t">
              <multiInstanceLoopCharacteristics>
                <extensionElements><zeebe:loopCharacteristics inputCollection="=[1, 2, 3]" inputElement="i" /></extensionElements>
                <completionCondition xsi:type="tFormalExpression">=numberOfCompletedInstances &gt;= 2</completionCondition>
              </multiInstanceLoopCharacteristics>
            </userTask>
            <sequenceFlow id="f1" sourceRef="t" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml).Complete("t").Complete("t");
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Terminated.Count(e => e == "t"), Is.EqualTo(1));
    }

    [Test]
    public void MultiInstance_OutputMappingsApplyPerInstanceNotAgainOnTheBody()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t" />
            <userTask id="t">
              <extensionElements><zeebe:ioMapping><zeebe:output source="=item.name" target="lastName" /></zeebe:ioMapping></extensionElements>
              <multiInstanceLoopCharacteristics isSequential="true">
                <extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item" /></extensionElements>
              </multiInstanceLoopCharacteristics>
            </userTask>
            <sequenceFlow id="f1" sourceRef="t" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml, variables: new { items = new[] { new { name = "a" }, new { name = "b" } } }).Complete("t");
        Assert.That(flow.Variable("lastName").GetString(), Is.EqualTo("a"));
        flow.Complete("t");
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Variable("lastName").GetString(), Is.EqualTo("b"));
    }

    [Test]
    public void MultiInstance_CollectionThatIsNotAList_IsAnIncident()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t" />
            <task id="t"><multiInstanceLoopCharacteristics><extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="i" /></extensionElements></multiInstanceLoopCharacteristics></task>
            <sequenceFlow id="f1" sourceRef="t" targetRef="e" /><endEvent id="e" />
            """);
        Assert.That(Start(xml, variables: new { items = "abc" }).State.Incidents.Single().Message, Does.Contain("not an array"));
    }

    public static IEnumerable<TestCaseData> AssignmentCases()
    {
        TestCaseData Case(string attributes, object vars, string? assignee, string[] users, string[] groups, string name) =>
            new TestCaseData(attributes, vars, assignee, users, groups).SetName("Assignment_" + name);

        yield return Case("assignee=\"=starter\"", new { starter = "ann" }, "ann", [], [], "AssigneeFromVariable");
        yield return Case("candidateGroups=\"=[&quot;finance&quot;, dept]\"", new { dept = "hr" }, null, [], ["finance", "hr"], "GroupsFromAList");
        yield return Case("candidateGroups=\"=&quot;a, b&quot;\"", new { }, null, [], ["a", "b"], "GroupsFromACommaString");
        yield return Case("candidateUsers=\"=approvers\"", new { approvers = new[] { "x", "y" } }, null, ["x", "y"], [], "UsersFromAVariable");
        yield return Case("candidateUsers=\"anna, ben\" candidateGroups=\"=null\"", new { }, null, ["anna", "ben"], [], "StaticUsersStayStatic");
    }

    [TestCaseSource(nameof(AssignmentCases))]
    public void Assignment_IsEvaluatedWhenTheTaskIsCreated(string attributes, object vars, string? assignee, string[] users, string[] groups)
    {
        var xml = Definitions($"""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t" />
            <userTask id="t"><extensionElements><zeebe:userTask /><zeebe:assignmentDefinition {attributes} /></extensionElements></userTask>
            <sequenceFlow id="f1" sourceRef="t" targetRef="e" /><endEvent id="e" />
            """);
        var created = Start(xml, variables: vars).Events.Single(e => e.Type == "taskCreated").Task!;
        Assert.That(created.Assignee, Is.EqualTo(assignee));
        Assert.That(created.CandidateUsers, Is.EqualTo(users));
        Assert.That(created.CandidateGroups, Is.EqualTo(groups));
        Assert.That(created.HasExpressions, Is.False);
    }

    [Test]
    public void Assignment_IsKeptOnTheWaitingTaskAndSurvivesTheStateRoundTrip()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t" />
            <userTask id="t"><extensionElements><zeebe:assignmentDefinition assignee="=starter" candidateGroups="=[dept]" /></extensionElements></userTask>
            <sequenceFlow id="f1" sourceRef="t" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml, variables: new { starter = "ann", dept = "hr" });
        var restored = BpmnInstanceState.FromJson(flow.State.ToJson());
        var assignment = restored.Executions.Single(e => e.ElementId == "t").Assignment!;
        Assert.That(assignment.Assignee, Is.EqualTo("ann"));
        Assert.That(assignment.CandidateGroups, Is.EqualTo(new[] { "hr" }));
        Assert.That(assignment.HasExpressions, Is.False);
        Assert.That(flow.Complete("t").State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void Assignment_EvaluatedCandidatesTranslateToTheRuntimesLdapFilter()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t" />
            <userTask id="t"><extensionElements><zeebe:assignmentDefinition assignee="=starter" candidateGroups="=[&quot;finance&quot;, dept]" /></extensionElements></userTask>
            <sequenceFlow id="f1" sourceRef="t" targetRef="e" /><endEvent id="e" />
            """);
        var created = Start(xml, variables: new { starter = "ann", dept = "h(r)" }).Events.Single(e => e.Type == "taskCreated").Task!;
        var filter = Ocap.Workflow.Runtime.CandidateFilters.Translate(created, new Ocap.Workflow.Runtime.WorkflowEngineOptions(), out var problem);
        Assert.That(problem, Is.Null);
        Assert.That(filter, Is.EqualTo("(|(uid=ann)(memberOf=cn=finance,ou=groups)(memberOf=cn=h\\28r\\29,ou=groups))"));
    }

    [Test]
    public void Assignment_StillFeelAtDeployment_IsRefusedByTheRuntimeTranslationWithTheReason()
    {
        var task = Read(Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t" />
            <userTask id="t"><extensionElements><zeebe:assignmentDefinition candidateUsers="=approvers" /></extensionElements></userTask>
            <sequenceFlow id="f1" sourceRef="t" targetRef="e" /><endEvent id="e" />
            """)).Processes[0].FindNode("t")!.UserTask!;
        Assert.That(Ocap.Workflow.Runtime.CandidateFilters.Translate(task, new Ocap.Workflow.Runtime.WorkflowEngineOptions(), out var problem), Is.Null);
        Assert.That(problem, Does.Contain("'=approvers' is a FEEL expression, known only when the task is created"));
    }

    [Test]
    public void Assignment_OfTheWrongType_IsAnIncident()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t" />
            <userTask id="t"><extensionElements><zeebe:assignmentDefinition candidateGroups="=[1, 2]" /></extensionElements></userTask>
            <sequenceFlow id="f1" sourceRef="t" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml);
        Assert.That(flow.State.Incidents.Single().Message, Does.Contain("must be a list of strings or a comma-separated string"));
        Assert.That(flow.Events.Any(e => e.Type == "taskCreated"), Is.False);
    }

    public static IEnumerable<TestCaseData> DeployCases()
    {
        TestCaseData Case(string elementId, string body, string roots, string name) =>
            new TestCaseData(elementId, body, roots).SetName("Deploy_BrokenFeel_" + name);

        const string Start = """<startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="x" />""";
        yield return Case("f1", Start + """<exclusiveGateway id="x" default="f2" /><sequenceFlow id="f1" sourceRef="x" targetRef="e"><conditionExpression>=a &gt;</conditionExpression></sequenceFlow><sequenceFlow id="f2" sourceRef="x" targetRef="e" /><endEvent id="e" />""", "", "Condition");
        yield return Case("x", Start + """<serviceTask id="x"><extensionElements><zeebe:ioMapping><zeebe:output source="=upper case(" target="a" /></zeebe:ioMapping></extensionElements></serviceTask>""", "", "OutputMapping");
        yield return Case("x", Start + """<intermediateCatchEvent id="x"><timerEventDefinition><timeDuration>=duration(</timeDuration></timerEventDefinition></intermediateCatchEvent>""", "", "Timer");
        yield return Case("x", Start + """<userTask id="x"><extensionElements><zeebe:assignmentDefinition assignee="=no such fn(1)" /></extensionElements></userTask>""", "", "Assignee");
        yield return Case("x", Start + """<callActivity id="x"><extensionElements><zeebe:calledElement processId="=[" /></extensionElements></callActivity>""", "", "CalledElement");
        yield return Case("x", Start + """<task id="x"><multiInstanceLoopCharacteristics><extensionElements><zeebe:loopCharacteristics inputCollection="=items[" /></extensionElements></multiInstanceLoopCharacteristics></task>""", "", "InputCollection");
        yield return Case("x", Start + """<intermediateCatchEvent id="x"><messageEventDefinition messageRef="m" /></intermediateCatchEvent>""",
            """<message id="m" name="=1 +" />""", "MessageName");
        yield return Case("x", Start + """<scriptTask id="x"><extensionElements><zeebe:script expression="=)" resultVariable="r" /></extensionElements></scriptTask>""", "", "ZeebeScript");
    }

    [TestCaseSource(nameof(DeployCases))]
    public void Deploy_BrokenFeelIsALocatedDiagnosticWithTheFeelPosition(string elementId, string body, string roots)
    {
        var e = Assert.Throws<BpmnValidationException>(() => _ = new BpmnInterpreter(Read(Definitions(body, roots)), new FakeScripts()));
        var diagnostic = e!.Errors.SingleOrDefault(d => d.Code == "BPMN407");
        Assert.That(diagnostic, Is.Not.Null, string.Join(Environment.NewLine, e.Errors.Select(d => d.Format("x"))));
        Assert.That(diagnostic!.ElementId, Is.EqualTo(elementId));
        Assert.That(diagnostic.Line, Is.GreaterThan(0));
        Assert.That(diagnostic.Column, Is.GreaterThan(0));
        Assert.That(diagnostic.Message, Does.Match(@"does not parse at line 1, column \d+ of the expression \(offset \d+\): .+\."));
    }

    [Test]
    public void Deploy_FeelTaskType_IsRefusedBecauseHandlersBindByType()
    {
        var body = """<startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t" /><serviceTask id="t"><extensionElements><zeebe:taskDefinition type="=kind" /></extensionElements></serviceTask>""";
        var e = Assert.Throws<BpmnValidationException>(() => _ = new BpmnInterpreter(Read(Definitions(body)), new FakeScripts()));
        Assert.That(e!.Errors.Single().Code, Is.EqualTo("BPMN409"));
    }

    [Test]
    public void Deploy_CamundaSevenInputOutputOnATask_IsStillRefused()
    {
        var body = """<startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="t" /><serviceTask id="t"><extensionElements><camunda:inputOutput><camunda:inputParameter name="a">1</camunda:inputParameter></camunda:inputOutput></extensionElements></serviceTask>""";
        var e = Assert.Throws<BpmnValidationException>(() => _ = new BpmnInterpreter(Read(Definitions(body)), new FakeScripts()));
        Assert.That(e!.Errors.Select(d => d.Code), Does.Contain("BPMN205"));
    }

    private static Dictionary<string, JsonElement> Vars(object value) =>
        JsonSerializer.SerializeToElement(value).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
}
