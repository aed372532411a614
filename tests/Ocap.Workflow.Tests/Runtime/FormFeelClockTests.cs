using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>FEEL in a deployed form reads the engine's <see cref="TimeProvider"/>, not the machine's clock.</summary>
public sealed class FormFeelClockTests
{
    // The field is shown (and so required) only from June 2026 on.
    private const string ReviewForm = """
        {
          "id": "review", "type": "default", "schemaVersion": 16,
          "components": [
            { "id": "q3", "key": "q3Code", "type": "textfield", "label": "Q3 budget code",
              "validate": { "required": true }, "conditional": { "hide": "=today() < date(\"2026-06-01\")" } }
          ]
        }
        """;

    [Test]
    public async Task Complete_FormWithTodayInAHideCondition_HidesOrRequiresTheFieldByTheEnginesClock()
    {
        using var fx = new RuntimeFixture();
        fx.Directory.Add("fiona", ("uid", "fiona"), ("department", "finance"));
        await fx.Engine.DeployAsync(Acme,
        [
            BpmnFile("review.bpmn", Definitions("""
                <startEvent id="start" />
                <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
                <userTask id="review" name="Review" ocap:candidateFilter="(department=finance)" camunda:formRef="review" />
                <sequenceFlow id="f2" sourceRef="review" targetRef="done" />
                <endEvent id="done" />
                """, processId: "review")),
            Form("review.form", ReviewForm),
        ], CancellationToken.None);

        // The fixture's clock reads 2026-03-02: the field is hidden, so an empty submission completes.
        var march = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("review"), CancellationToken.None);
        var marchTask = (await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None)).Single(t => t.InstanceId == march.InstanceId);
        await fx.Engine.CompleteTaskAsync(Acme, marchTask.TaskId, "fiona", new JsonObject(), CancellationToken.None);
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, march.InstanceId, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Completed));

        // In July the field shows and is required.
        fx.Clock.SetUtcNow(new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero));
        var july = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("review"), CancellationToken.None);
        var julyTask = (await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None)).Single(t => t.InstanceId == july.InstanceId);
        var e = Assert.ThrowsAsync<TaskSubmissionInvalidException>(() =>
            fx.Engine.CompleteTaskAsync(Acme, julyTask.TaskId, "fiona", new JsonObject(), CancellationToken.None));
        Assert.That(e!.Errors.Single().ComponentId, Is.EqualTo("q3"));
    }
}
