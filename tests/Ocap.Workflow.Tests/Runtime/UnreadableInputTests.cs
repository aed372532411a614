using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>Input text that System.Text.Json parses but cannot read as strings (half a surrogate pair) is refused where it enters, naming the field, and changes nothing.</summary>
public sealed class UnreadableInputTests
{
    [Test]
    public async Task CompleteTask_SubmissionWithHalfASurrogatePair_IsAFormDataExceptionAndTheTaskStaysOpen()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var instance = await fx.StartApprovalAsync();
        var task = await fx.SingleTaskAsync("fiona");
        var submission = (JsonObject)JsonNode.Parse("""{"amount":250,"costCentre":"FI100","reason":"trip \ud800","approved":true,"category":"travel"}""")!;
        var historyBefore = await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None);

        var e = Assert.ThrowsAsync<FormDataException>(() => fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", submission, CancellationToken.None));

        Assert.That(e!.Path, Is.EqualTo("reason"));
        Assert.That((await fx.SingleTaskAsync("fiona")).TaskId, Is.EqualTo(task.TaskId));
        Assert.That(await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None), Has.Count.EqualTo(historyBefore.Count));
        await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", ValidApproval(), CancellationToken.None);
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Completed));
    }

    [Test]
    public async Task Start_VariablesWithHalfASurrogatePair_AreRefusedNamingTheVariable_AndNoInstanceIsMade()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var variables = (JsonObject)JsonNode.Parse("""{"requester":"sam","notes":["fine","\udc00"]}""")!;

        var e = Assert.ThrowsAsync<ArgumentException>(() => fx.Engine.StartAsync(Acme, new StartInstanceRequest("approval") { Variables = variables, ActorId = "sam" }, CancellationToken.None));

        Assert.That(e!.Message, Does.Contain("'notes[1]'").And.Contain("not valid Unicode"));
        Assert.That(await fx.Engine.QueryInstancesAsync(Acme, new InstanceQuery(), CancellationToken.None), Is.Empty);
    }
}
