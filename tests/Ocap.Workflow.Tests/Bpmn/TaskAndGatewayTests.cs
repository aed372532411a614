using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using static Ocap.Workflow.Tests.Bpmn.Flow;

namespace Ocap.Workflow.Tests.Bpmn;

public class TaskAndGatewayTests
{
    private static readonly string Approval = Definitions("""
        <startEvent id="start" />
        <sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
        <userTask id="approve" name="Approve" camunda:assignee="alice" camunda:candidateUsers="bob, carol" camunda:candidateGroups="finance"
                  camunda:formKey="forms/approve" ocap:candidateFilter="(department=finance)" />
        <sequenceFlow id="f2" sourceRef="approve" targetRef="decide" />
        <exclusiveGateway id="decide" default="no" />
        <sequenceFlow id="yes" sourceRef="decide" targetRef="approved"><conditionExpression language="javascript">approved</conditionExpression></sequenceFlow>
        <sequenceFlow id="no" sourceRef="decide" targetRef="rejected" />
        <endEvent id="approved" />
        <endEvent id="rejected" />
        """);

    [Test]
    public void UserTask_WaitsAndAnnouncesAssignmentAndForm()
    {
        var flow = Start(Approval, new FakeScripts().Equals("approved", "approved", "true"));
        Assert.That(flow.Waiting, Is.EqualTo(new[] { "approve" }));
        var created = flow.Events.Single(e => e.Type == "taskCreated");
        Assert.That(created.Task!.Assignee, Is.EqualTo("alice"));
        Assert.That(created.Task.CandidateUsers, Is.EqualTo(new[] { "bob", "carol" }));
        Assert.That(created.Task.CandidateGroups, Is.EqualTo(new[] { "finance" }));
        Assert.That(created.Task.FormKey, Is.EqualTo("forms/approve"));
        Assert.That(created.Task.CandidateFilter, Is.EqualTo("(department=finance)"));
    }

    [Test]
    public void ExclusiveGateway_TrueConditionWins_OtherwiseTheDefaultFlow()
    {
        var scripts = new FakeScripts().Equals("approved", "approved", "true");
        var yes = Start(Approval, scripts).Complete("approve", new { approved = true });
        Assert.That(yes.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(yes.Completed, Does.Contain("approved").And.Not.Contain("rejected"));

        var no = Start(Approval, scripts).Complete("approve", new { approved = false });
        Assert.That(no.Completed, Does.Contain("rejected").And.Not.Contain("approved"));
        Assert.That(no.Variable("approved").GetBoolean(), Is.False);
    }

    [Test]
    public void Condition_ReturningANonBoolean_IsAnIncidentNotAFalse()
    {
        var flow = Start(Approval, new FakeScripts().Value("approved", "\"yes\"")).Complete("approve");
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Active));
        Assert.That(flow.State.Incidents.Single().Message, Is.EqualTo("The condition of 'yes' returned \"yes\", not a boolean."));
        Assert.That(flow.State.Executions.Single(e => e.Phase == "incident").ElementId, Is.EqualTo("decide"));
    }

    [Test]
    public void Condition_ThatThrows_IsAnIncidentWithTheScriptError()
    {
        var flow = Start(Approval, new FakeScripts().On("approved", _ => BpmnScriptOutcome.Failure("TypeError: x is not a function"))).Complete("approve");
        Assert.That(flow.State.Incidents.Single().Message, Is.EqualTo("The condition of 'yes' failed: TypeError: x is not a function"));
        Assert.That(flow.Events.Last().Type, Is.EqualTo("incident"));
    }

    [Test]
    public void ExclusiveGateway_NoTrueConditionAndNoDefault_IsAnIncident()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="g" />
            <exclusiveGateway id="g" />
            <sequenceFlow id="a" sourceRef="g" targetRef="e1"><conditionExpression>isA</conditionExpression></sequenceFlow>
            <sequenceFlow id="b" sourceRef="g" targetRef="e2"><conditionExpression>isB</conditionExpression></sequenceFlow>
            <endEvent id="e1" /><endEvent id="e2" />
            """);
        var flow = Start(xml, new FakeScripts().Value("isA", "false").Value("isB", "false"));
        Assert.That(flow.State.Incidents.Single().Message, Does.Contain("No outgoing sequence flow of the exclusiveGateway 'g' has a true condition"));
    }

    [Test]
    public void ParallelGateway_ForksAndJoinsOnceEveryBranchArrived()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="fork" />
            <parallelGateway id="fork" />
            <sequenceFlow id="a" sourceRef="fork" targetRef="t1" /><sequenceFlow id="b" sourceRef="fork" targetRef="t2" />
            <userTask id="t1" /><userTask id="t2" />
            <sequenceFlow id="a2" sourceRef="t1" targetRef="join" /><sequenceFlow id="b2" sourceRef="t2" targetRef="join" />
            <parallelGateway id="join" /><sequenceFlow id="f9" sourceRef="join" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml);
        Assert.That(flow.Waiting, Is.EquivalentTo(new[] { "t1", "t2" }));
        flow.Complete("t2");
        Assert.That(flow.State.Executions.Count(e => e.Phase == "joining"), Is.EqualTo(1));
        flow.Complete("t1");
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Completed.Count(c => c == "join"), Is.EqualTo(1));
    }

    private static readonly string Inclusive = Definitions("""
        <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="fork" />
        <inclusiveGateway id="fork" />
        <sequenceFlow id="a" sourceRef="fork" targetRef="t1"><conditionExpression>wantA</conditionExpression></sequenceFlow>
        <sequenceFlow id="b" sourceRef="fork" targetRef="t2"><conditionExpression>wantB</conditionExpression></sequenceFlow>
        <userTask id="t1" /><userTask id="t2" />
        <sequenceFlow id="a2" sourceRef="t1" targetRef="join" /><sequenceFlow id="b2" sourceRef="t2" targetRef="join" />
        <inclusiveGateway id="join" /><sequenceFlow id="f9" sourceRef="join" targetRef="after" />
        <userTask id="after" /><sequenceFlow id="f10" sourceRef="after" targetRef="e" /><endEvent id="e" />
        """);

    [Test]
    public void InclusiveJoin_WaitsForTokensThatCanStillArrive()
    {
        var flow = Start(Inclusive, new FakeScripts().Value("wantA", "true").Value("wantB", "true"));
        flow.Complete("t1");
        Assert.That(flow.Waiting, Is.EqualTo(new[] { "t2" }), "t2 can still reach the join, so it waits");
        flow.Complete("t2");
        Assert.That(flow.Waiting, Is.EqualTo(new[] { "after" }));
        Assert.That(flow.Completed.Count(c => c == "join"), Is.EqualTo(1));
    }

    [Test]
    public void InclusiveJoin_FiresAtOnceWhenNoOtherTokenCanArrive()
    {
        var flow = Start(Inclusive, new FakeScripts().Value("wantA", "false").Value("wantB", "true"));
        Assert.That(flow.Waiting, Is.EqualTo(new[] { "t2" }));
        flow.Complete("t2");
        Assert.That(flow.Waiting, Is.EqualTo(new[] { "after" }));
    }

    [Test]
    public void ScriptTask_WritesVariablesAndStoresItsResultVariable()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="calc" />
            <scriptTask id="calc" scriptFormat="JavaScript" camunda:resultVariable="total"><script>compute()</script></scriptTask>
            <sequenceFlow id="f2" sourceRef="calc" targetRef="e" /><endEvent id="e" />
            """);
        var scripts = new FakeScripts().On("compute()", vars => BpmnScriptOutcome.Success(FakeScripts.Json("42"), [new("seen", vars["amount"])]));
        var flow = Start(xml, scripts, new { amount = 7 });
        Assert.That(flow.Variable("total").GetInt32(), Is.EqualTo(42));
        Assert.That(flow.Variable("seen").GetInt32(), Is.EqualTo(7));
        Assert.That(scripts.Requests.Single().Purpose, Is.EqualTo(BpmnScriptPurpose.Script));
        Assert.That(flow.Events.Count(e => e.Type == "variableChanged"), Is.EqualTo(2));
    }

    [TestCase("serviceTask")]
    [TestCase("manualTask")]
    [TestCase("businessRuleTask")]
    [TestCase("sendTask")]
    [TestCase("receiveTask")]
    public void ServiceLikeTasks_WaitUntilCompleted(string type)
    {
        var xml = Definitions($"""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="t" />
            <{type} id="t" camunda:topic="charge-card" /><sequenceFlow id="f2" sourceRef="t" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml);
        Assert.That(flow.Events.Single(e => e.Type == "taskCreated").TaskType, Is.EqualTo("charge-card"));
        flow.Complete("t", new { done = true });
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void Complete_OfATaskThatIsNotWaiting_IsRejectedAndNothingChanges()
    {
        var flow = Start(Approval, new FakeScripts());
        var before = flow.State.ToJson();
        var interpreter = new BpmnInterpreter(Read(Approval), new FakeScripts());
        var e = Assert.Throws<BpmnCommandRejectedException>(() => interpreter.Apply(flow.State, new CompleteTask("decide") { At = T0 }));
        Assert.That(e!.ElementId, Is.EqualTo("decide"));
        Assert.That(flow.State.ToJson(), Is.EqualTo(before));
    }

    [Test]
    public void TokenQuantities_CompletionQuantityMultipliesAndStartQuantityGathers()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="a" />
            <task id="a" completionQuantity="2" /><sequenceFlow id="f2" sourceRef="a" targetRef="b" />
            <task id="b" /><sequenceFlow id="f3" sourceRef="b" targetRef="c" />
            <task id="c" startQuantity="2" /><sequenceFlow id="f4" sourceRef="c" targetRef="e" /><endEvent id="e" />
            """);
        var flow = Start(xml);
        Assert.That(flow.Completed.Count(c => c == "b"), Is.EqualTo(2));
        Assert.That(flow.Completed.Count(c => c == "c"), Is.EqualTo(1));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void ComplexJoin_FiresOnceItsActivationConditionHolds_AndSwallowsTheRestOfTheWave()
    {
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="fork" />
            <parallelGateway id="fork" />
            <sequenceFlow id="a" sourceRef="fork" targetRef="t1" /><sequenceFlow id="b" sourceRef="fork" targetRef="t2" /><sequenceFlow id="c" sourceRef="fork" targetRef="t3" />
            <userTask id="t1" /><userTask id="t2" /><userTask id="t3" />
            <sequenceFlow id="a2" sourceRef="t1" targetRef="join" /><sequenceFlow id="b2" sourceRef="t2" targetRef="join" /><sequenceFlow id="c2" sourceRef="t3" targetRef="join" />
            <complexGateway id="join"><activationCondition>activationCount &gt;= 2</activationCondition></complexGateway>
            <sequenceFlow id="f9" sourceRef="join" targetRef="after" /><userTask id="after" />
            <sequenceFlow id="f10" sourceRef="after" targetRef="e" /><endEvent id="e" />
            """);
        var scripts = new FakeScripts().On("activationCount >= 2", vars => BpmnScriptOutcome.Success(FakeScripts.Json(vars["activationCount"].GetInt32() >= 2 ? "true" : "false")));
        var flow = Start(xml, scripts).Complete("t1");
        Assert.That(flow.Waiting, Is.EquivalentTo(new[] { "t2", "t3" }));
        flow.Complete("t3");
        Assert.That(flow.Waiting, Is.EquivalentTo(new[] { "t2", "after" }), "two arrivals activate the gateway");
        flow.Complete("t2");
        Assert.That(flow.Waiting, Is.EqualTo(new[] { "after" }), "the third arrival is swallowed");
        flow.Complete("after");
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Activated.Count(a => a == "after"), Is.EqualTo(1));
    }
}
