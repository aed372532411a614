using System.Text.Json.Nodes;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>
/// Camunda 8 assignments written in FEEL: evaluated when the task is created, translated into that task's candidate
/// filter (ADR 0007's translation), and checked again at claim and completion.
/// </summary>
public sealed class FeelAssignmentTests
{
    private static string Process(string assignment, string extra = "") => Definitions($$"""
        <startEvent id="start" />
        <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
        <userTask id="review" name="Review" {{extra}}>
          <extensionElements><zeebe:assignmentDefinition {{assignment}} /></extensionElements>
        </userTask>
        <sequenceFlow id="f2" sourceRef="review" targetRef="done" />
        <endEvent id="done" />
        """, processId: "review");

    private static RuntimeFixture Fixture()
    {
        var fx = new RuntimeFixture();
        fx.Directory.Add("fiona", ("uid", "fiona"), ("memberOf", "cn=finance,ou=groups"));
        fx.Directory.Add("sam", ("uid", "sam"), ("memberOf", "cn=sales,ou=groups"));
        return fx;
    }

    private static Task<WorkflowInstance> StartAsync(RuntimeFixture fx, JsonObject variables) =>
        fx.Engine.StartAsync(Acme, new StartInstanceRequest("review") { Variables = variables }, CancellationToken.None);

    [Test]
    public async Task FeelCandidateGroups_AreEvaluatedPerInstance_AndOnlyThoseGroupsMayListClaimAndComplete()
    {
        using var fx = Fixture();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("review.bpmn", Process("""candidateGroups="=if amount > 1000 then [&quot;finance&quot;] else [&quot;sales&quot;]" """))], CancellationToken.None);

        var big = await StartAsync(fx, new JsonObject { ["amount"] = 5000 });
        var small = await StartAsync(fx, new JsonObject { ["amount"] = 50 });

        var fionas = await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None);
        var sams = await fx.Engine.ListTasksAsync(Acme, "sam", CancellationToken.None);
        Assert.That(fionas.Select(t => t.InstanceId), Is.EqualTo(new[] { big.InstanceId }));
        Assert.That(sams.Select(t => t.InstanceId), Is.EqualTo(new[] { small.InstanceId }));
        Assert.That(fionas.Single().CandidateFilter, Is.EqualTo("(memberOf=cn=finance,ou=groups)"));

        var bigTask = fionas.Single();
        Assert.ThrowsAsync<TaskNotAuthorizedException>(() => fx.Engine.ClaimTaskAsync(Acme, bigTask.TaskId, "sam", CancellationToken.None));
        Assert.ThrowsAsync<TaskNotAuthorizedException>(() => fx.Engine.CompleteTaskAsync(Acme, bigTask.TaskId, "sam", new JsonObject(), CancellationToken.None));
        await fx.Engine.ClaimTaskAsync(Acme, bigTask.TaskId, "fiona", CancellationToken.None);
        await fx.Engine.CompleteTaskAsync(Acme, bigTask.TaskId, "fiona", new JsonObject(), CancellationToken.None);
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, big.InstanceId, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Completed));
    }

    [Test]
    public async Task FeelAssignee_ValueWithFilterCharacters_IsEscapedAndCannotWidenTheFilter()
    {
        using var fx = Fixture();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("review.bpmn", Process("""assignee="=owner" """))], CancellationToken.None);

        await StartAsync(fx, new JsonObject { ["owner"] = "*" });

        Assert.That(await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None), Is.Empty);
        Assert.That(await fx.Engine.ListTasksAsync(Acme, "sam", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task FeelAssignment_NamingNobody_IsAnIncident_AndNoTaskIsCreated()
    {
        using var fx = Fixture();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("review.bpmn", Process("""candidateUsers="=reviewers" """))], CancellationToken.None);

        var instance = await StartAsync(fx, new JsonObject { ["reviewers"] = new JsonArray() });

        var state = await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That(state.Incidents, Has.Count.EqualTo(1));
        Assert.That(state.Incidents[0], Does.Contain("nobody could act on the task"));
        Assert.That(await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None), Is.Empty);
    }

    [Test]
    public void FeelAssignment_BesideAnInvalidCandidateFilter_IsRefusedAtDeployment()
    {
        using var fx = Fixture();
        var e = Assert.ThrowsAsync<WorkflowDeploymentException>(() => fx.Engine.DeployAsync(Acme,
            [BpmnFile("review.bpmn", Process("""candidateGroups="=groups" """, """ocap:candidateFilter="(department=" """))], CancellationToken.None));
        Assert.That(e!.Problems.Single().ElementId, Is.EqualTo("review"));
        Assert.That(e.Problems.Single().Message, Does.Contain("does not parse"));
    }
}
