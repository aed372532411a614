using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

public sealed class DeploymentTests
{
    [Test]
    public async Task Deploy_SameBytesTwice_GivesTheSameVersionAndStoresNothingNew()
    {
        using var fx = new RuntimeFixture();
        var first = await fx.Engine.DeployAsync(Acme, ApprovalBundle(), CancellationToken.None);
        var second = await fx.Engine.DeployAsync(Acme, ApprovalBundle().Reverse().ToList(), CancellationToken.None);
        Assert.That((first.Created, second.Created), Is.EqualTo((true, false)));
        Assert.That(second.BundleHash, Is.EqualTo(first.BundleHash));
        Assert.That(second.Processes.Single().Version, Is.EqualTo(1));
    }

    [Test]
    public async Task Start_ByKey_UsesTheLatestVersionWhileRunningInstancesKeepTheirs()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var old = await fx.StartApprovalAsync();
        var v2 = await fx.Engine.DeployAsync(Acme, ApprovalBundle(threshold: "10"), CancellationToken.None);
        Assert.That(v2.Processes.Single().Version, Is.EqualTo(2));
        var fresh = await fx.StartApprovalAsync();
        Assert.That((old.ProcessVersion, fresh.ProcessVersion), Is.EqualTo((1, 2)));

        // The old instance still decides with threshold 1000: 250 ends it. The new one sends 250 to a director.
        foreach (var task in await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None))
        {
            await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", ValidApproval(250), CancellationToken.None);
        }

        Assert.That((await fx.Engine.GetInstanceAsync(Acme, old.InstanceId, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, fresh.InstanceId, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Active));

        var pinned = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("approval") { Version = 1 }, CancellationToken.None);
        Assert.That(pinned.ProcessVersion, Is.EqualTo(1));
    }

    [Test]
    public void Deploy_MissingForm_IsRefusedNamingTheTaskAndTheForm()
    {
        using var fx = new RuntimeFixture();
        var bundle = new[] { BpmnFile("approval.bpmn", ApprovalXml()), Form("claim.form", ClaimForm) };
        var e = Assert.ThrowsAsync<WorkflowDeploymentException>(() => fx.Engine.DeployAsync(Acme, bundle, CancellationToken.None));
        Assert.That(e!.Problems.Single(), Is.EqualTo(new DeploymentProblem("approval.bpmn", "review", "the form 'approval-form' is not in the bundle.")));
    }

    [Test]
    public void Deploy_InvalidFormOrFilterOrMissingCandidates_ReportsEveryProblemAndStoresNothing()
    {
        using var fx = new RuntimeFixture();
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="a" />
            <userTask id="a" ocap:candidateFilter="(department=finance" /><sequenceFlow id="f2" sourceRef="a" targetRef="b" />
            <userTask id="b" /><sequenceFlow id="f3" sourceRef="b" targetRef="c" />
            <userTask id="c" camunda:candidateUsers="${initiator}" /><sequenceFlow id="f4" sourceRef="c" targetRef="d" />
            <serviceTask id="d" camunda:topic="payment" /><sequenceFlow id="f5" sourceRef="d" targetRef="e" />
            <endEvent id="e" />
            """);
        var bundle = new[] { BpmnFile("p.bpmn", xml), Form("broken.form", "{ not json") };
        var e = Assert.ThrowsAsync<WorkflowDeploymentException>(() => fx.Engine.DeployAsync(Acme, bundle, CancellationToken.None));
        Assert.That(e!.Problems.Select(p => (p.Artifact, p.ElementId)), Is.EquivalentTo(new (string, string?)[]
        {
            ("broken.form", null), ("p.bpmn", "a"), ("p.bpmn", "b"), ("p.bpmn", "c"), ("p.bpmn", "d"),
        }));
        Assert.That(e.Problems.Single(p => p.ElementId == "d").Message, Does.Contain("no service task handler is registered for type 'payment'"));
        Assert.ThrowsAsync<ProcessDefinitionNotFoundException>(() => fx.Engine.StartAsync(Acme, new StartInstanceRequest("approval"), CancellationToken.None));
    }

    [Test]
    public void Deploy_BrokenGatewayScript_IsRefusedByTheInterpreterValidation()
    {
        using var fx = new RuntimeFixture();
        var bundle = new[] { BpmnFile("approval.bpmn", ApprovalXml(threshold: "1000 +")), Form("approval.form", ApprovalForm), Form("claim.form", ClaimForm) };
        var e = Assert.ThrowsAsync<WorkflowDeploymentException>(() => fx.Engine.DeployAsync(Acme, bundle, CancellationToken.None));
        Assert.That(e!.Problems.Select(p => p.ElementId), Does.Contain("big"));
    }

    [Test]
    public async Task Deploy_AttributeSchemaAddition_LetsCandidateFiltersUseTheNewAttribute()
    {
        using var fx = new RuntimeFixture();
        var xml = Definitions("""
            <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="a" />
            <userTask id="a" ocap:candidateFilter="(approvalLevel&gt;=3)" /><sequenceFlow id="f2" sourceRef="a" targetRef="e" />
            <endEvent id="e" />
            """, processId: "levels");
        var withoutSchema = new[] { BpmnFile("p.bpmn", xml) };
        Assert.ThrowsAsync<WorkflowDeploymentException>(() => fx.Engine.DeployAsync(Acme, withoutSchema, CancellationToken.None));

        var schema = new DeploymentArtifact("schema.json", ArtifactKind.AttributeSchema, """{ "approvalLevel": "integer" }"""u8);
        await fx.Engine.DeployAsync(Acme, [BpmnFile("p.bpmn", xml), schema], CancellationToken.None);
        fx.Directory.Add("senior", ("approvalLevel", "10"));
        fx.Directory.Add("junior", ("approvalLevel", "2"));
        await fx.Engine.StartAsync(Acme, new StartInstanceRequest("levels"), CancellationToken.None);
        Assert.That(await fx.Engine.ListTasksAsync(Acme, "senior", CancellationToken.None), Has.Count.EqualTo(1), "integer ordering: 10 >= 3");
        Assert.That(await fx.Engine.ListTasksAsync(Acme, "junior", CancellationToken.None), Is.Empty);
    }
}
