using System.Text.Json.Nodes;
using Ocap.Workflow.Runtime;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary><see cref="WorkflowEngine.GetTaskFormAsync"/>: the schema of the instance's own deployment, for actors who may act.</summary>
public sealed class TaskFormTests
{
    private static string FormJson(string label) => $$"""
        { "id": "review-form", "type": "default", "schemaVersion": 16,
          "components": [ { "id": "note", "key": "note", "type": "textfield", "label": "{{label}}" } ] }
        """;

    private static IReadOnlyList<Ocap.Workflow.Storage.DeploymentArtifact> Bundle(string label) =>
    [
        BpmnFile("review.bpmn", Definitions("""
            <startEvent id="start" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
            <userTask id="review" name="Review" ocap:candidateFilter="(department=finance)" camunda:formRef="review-form" />
            <sequenceFlow id="f2" sourceRef="review" targetRef="plain" />
            <userTask id="plain" name="Plain" ocap:candidateFilter="(department=finance)" />
            <sequenceFlow id="f3" sourceRef="plain" targetRef="done" />
            <endEvent id="done" />
            """, processId: "review")),
        Form("review.form", FormJson(label)),
    ];

    private static async Task<(RuntimeFixture Fx, WorkflowTask Task)> StartAsync()
    {
        var fx = new RuntimeFixture();
        fx.Directory.Add("fiona", ("uid", "fiona"), ("department", "finance"));
        fx.Directory.Add("sam", ("uid", "sam"), ("department", "sales"));
        await fx.Engine.DeployAsync(Acme, Bundle("Note (v1)"), CancellationToken.None);
        var instance = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("review") { Variables = new JsonObject { ["amount"] = 120 } }, CancellationToken.None);
        var task = (await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None)).Single(t => t.InstanceId == instance.InstanceId);
        return (fx, task);
    }

    [Test]
    public async Task GetTaskForm_GivesTheSchemaOfTheInstancesOwnDeployment_AndItsVariables()
    {
        var (fx, task) = await StartAsync();
        using var _ = fx;
        await fx.Engine.DeployAsync(Acme, Bundle("Note (v2)"), CancellationToken.None);

        var form = await fx.Engine.GetTaskFormAsync(Acme, task.TaskId, "fiona", CancellationToken.None);

        Assert.That(form.Task.TaskId, Is.EqualTo(task.TaskId));
        Assert.That(form.FormKey, Is.EqualTo("review-form"));
        Assert.That(form.Schema!["components"]![0]!["label"]!.GetValue<string>(), Is.EqualTo("Note (v1)"));
        Assert.That(form.Data["amount"]!.GetValue<int>(), Is.EqualTo(120));
    }

    [Test]
    public async Task GetTaskForm_RefusesActorsOutsideTheFilter_OtherTenants_AndCompletedTasks()
    {
        var (fx, task) = await StartAsync();
        using var _ = fx;

        Assert.ThrowsAsync<TaskNotAuthorizedException>(() => fx.Engine.GetTaskFormAsync(Acme, task.TaskId, "sam", CancellationToken.None));
        Assert.ThrowsAsync<TaskNotFoundException>(() => fx.Engine.GetTaskFormAsync(Globex, task.TaskId, "fiona", CancellationToken.None));

        await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", new JsonObject { ["note"] = "ok" }, CancellationToken.None);
        Assert.ThrowsAsync<TaskAlreadyCompletedException>(() => fx.Engine.GetTaskFormAsync(Acme, task.TaskId, "fiona", CancellationToken.None));

        var plain = (await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None)).Single(t => t.InstanceId == task.InstanceId);
        var form = await fx.Engine.GetTaskFormAsync(Acme, plain.TaskId, "fiona", CancellationToken.None);
        Assert.That(form.Schema, Is.Null);
        Assert.That(form.FormKey, Is.Null);
        Assert.That(form.Data["note"]!.GetValue<string>(), Is.EqualTo("ok"));
    }
}
