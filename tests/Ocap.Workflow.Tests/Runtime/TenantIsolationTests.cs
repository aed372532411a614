using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

public sealed class TenantIsolationTests
{
    [Test]
    public async Task EveryApi_WithAnotherTenant_AnswersExactlyAsForAMissingId()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var instance = await fx.StartApprovalAsync();
        var task = await fx.SingleTaskAsync("fiona");
        var ct = CancellationToken.None;

        var wrong = Assert.ThrowsAsync<InstanceNotFoundException>(() => fx.Engine.GetInstanceAsync(Globex, instance.InstanceId, ct));
        var missing = Assert.ThrowsAsync<InstanceNotFoundException>(() => fx.Engine.GetInstanceAsync(Globex, "missing", ct));
        Assert.That(wrong!.Message.Replace(instance.InstanceId, "X", StringComparison.Ordinal), Is.EqualTo(missing!.Message.Replace("missing", "X", StringComparison.Ordinal)));

        Assert.ThrowsAsync<InstanceNotFoundException>(() => fx.Engine.CancelAsync(Globex, instance.InstanceId, "admin", ct));
        Assert.ThrowsAsync<InstanceNotFoundException>(() => fx.Engine.GetHistoryAsync(Globex, instance.InstanceId, ct));
        Assert.ThrowsAsync<InstanceNotFoundException>(() => fx.Engine.VerifyHistoryAsync(Globex, instance.InstanceId, ct));
        Assert.ThrowsAsync<InstanceNotFoundException>(() => fx.Engine.ReplayDecisionAsync(Globex, instance.InstanceId, 1, ct));
        Assert.ThrowsAsync<InstanceNotFoundException>(() => fx.Engine.RetryIncidentAsync(Globex, instance.InstanceId, "review", "ops", ct));
        Assert.ThrowsAsync<InstanceNotFoundException>(() => fx.Engine.ResolveIncidentAsync(Globex, instance.InstanceId, "review", null, "ops", ct));
        Assert.ThrowsAsync<TaskNotFoundException>(() => fx.Engine.GetTaskAsync(Globex, task.TaskId, ct));
        Assert.ThrowsAsync<TaskNotFoundException>(() => fx.Engine.ClaimTaskAsync(Globex, task.TaskId, "fiona", ct));
        Assert.ThrowsAsync<TaskNotFoundException>(() => fx.Engine.UnclaimTaskAsync(Globex, task.TaskId, "fiona", ct));
        Assert.ThrowsAsync<TaskNotFoundException>(() => fx.Engine.CompleteTaskAsync(Globex, task.TaskId, "fiona", ValidApproval(), ct));
        Assert.ThrowsAsync<ProcessDefinitionNotFoundException>(() => fx.Engine.StartAsync(Globex, new StartInstanceRequest("approval"), ct));
        Assert.That(await fx.Engine.ListTasksAsync(Globex, "fiona", ct), Is.Empty);
        Assert.That(await fx.Engine.QueryInstancesAsync(Globex, new InstanceQuery(), ct), Is.Empty);
        Assert.That(await fx.Engine.BroadcastSignalAsync(Globex, "anything", null, "x", ct), Is.Zero);
        Assert.ThrowsAsync<MessageNotCorrelatedException>(() => fx.Engine.CorrelateMessageAsync(Globex, "paid", "", null, "x", ct));

        // Nothing in Acme changed.
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, ct)).Version, Is.EqualTo(1));
    }

    [Test]
    public async Task SameBundleInTwoTenants_HasIndependentVersionsAndInstances()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        await fx.Engine.DeployAsync(Acme, ApprovalBundle("5"), CancellationToken.None);
        var globex = await fx.Engine.DeployAsync(Globex, ApprovalBundle(), CancellationToken.None);
        Assert.That((globex.Created, globex.Processes.Single().Version), Is.EqualTo((true, 1)));

        await fx.StartApprovalAsync(Globex);
        Assert.That(await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None), Is.Empty);
        Assert.That(await fx.Engine.ListTasksAsync(Globex, "fiona", CancellationToken.None), Has.Count.EqualTo(1));
    }
}
