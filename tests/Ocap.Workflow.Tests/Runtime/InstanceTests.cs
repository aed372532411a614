using System.Text.Json.Nodes;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

public sealed class InstanceTests
{
    private const string Roots = """
        <message id="m" name="paid"><extensionElements><zeebe:subscription correlationKey="=orderId" /></extensionElements></message>
        <signal id="s" name="audit" />
        """;

    private static string WaitingXml() => Definitions("""
        <startEvent id="start" /><sequenceFlow id="f1" sourceRef="start" targetRef="split" />
        <parallelGateway id="split" />
        <sequenceFlow id="f2" sourceRef="split" targetRef="payment" /><sequenceFlow id="f3" sourceRef="split" targetRef="auditWait" />
        <intermediateCatchEvent id="payment"><messageEventDefinition messageRef="m" /></intermediateCatchEvent>
        <intermediateCatchEvent id="auditWait"><signalEventDefinition signalRef="s" /></intermediateCatchEvent>
        <sequenceFlow id="f4" sourceRef="payment" targetRef="join" /><sequenceFlow id="f5" sourceRef="auditWait" targetRef="join" />
        <parallelGateway id="join" /><sequenceFlow id="f6" sourceRef="join" targetRef="end" /><endEvent id="end" />
        """, Roots, processId: "order");

    private static async Task<RuntimeFixture> OrderFixtureAsync()
    {
        var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("order.bpmn", WaitingXml())], CancellationToken.None);
        return fx;
    }

    private static Task<WorkflowInstance> StartOrderAsync(RuntimeFixture fx, string orderId) =>
        fx.Engine.StartAsync(Acme, new StartInstanceRequest("order") { Variables = new JsonObject { ["orderId"] = orderId } }, CancellationToken.None);

    [Test]
    public async Task CorrelateMessage_ReachesTheInstanceWithTheMatchingKeyOnly()
    {
        using var fx = await OrderFixtureAsync();
        var a = await StartOrderAsync(fx, "A-1");
        var b = await StartOrderAsync(fx, "B-2");

        var receiver = await fx.Engine.CorrelateMessageAsync(Acme, "paid", "B-2", new JsonObject { ["paidBy"] = "card" }, "psp", CancellationToken.None);
        Assert.That(receiver, Is.EqualTo(b.InstanceId));
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, b.InstanceId, CancellationToken.None)).Variables["paidBy"]!.GetValue<string>(), Is.EqualTo("card"));
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, a.InstanceId, CancellationToken.None)).Variables.ContainsKey("paidBy"), Is.False);
        Assert.ThrowsAsync<MessageNotCorrelatedException>(() => fx.Engine.CorrelateMessageAsync(Acme, "paid", "B-2", null, "psp", CancellationToken.None),
            "the subscription was consumed in the same commit");
    }

    [Test]
    public async Task CorrelateMessage_WithNoSubscription_IsAnErrorTheCallerSees()
    {
        using var fx = await OrderFixtureAsync();
        await StartOrderAsync(fx, "A-1");
        var e = Assert.ThrowsAsync<MessageNotCorrelatedException>(() => fx.Engine.CorrelateMessageAsync(Acme, "paid", "Z-9", null, "psp", CancellationToken.None));
        Assert.That((e!.MessageName, e.CorrelationKey), Is.EqualTo(("paid", "Z-9")));
        Assert.ThrowsAsync<MessageNotCorrelatedException>(() => fx.Engine.CorrelateMessageAsync(Globex, "paid", "A-1", null, "psp", CancellationToken.None));
    }

    [Test]
    public async Task BroadcastSignal_ReachesEveryWaitingInstanceAndTheyEndWhenPaid()
    {
        using var fx = await OrderFixtureAsync();
        var a = await StartOrderAsync(fx, "A-1");
        await StartOrderAsync(fx, "B-2");
        Assert.That(await fx.Engine.BroadcastSignalAsync(Acme, "audit", null, "auditor", CancellationToken.None), Is.EqualTo(2));
        Assert.That(await fx.Engine.BroadcastSignalAsync(Acme, "audit", null, "auditor", CancellationToken.None), Is.Zero);
        Assert.That(await fx.Engine.BroadcastSignalAsync(Acme, "other", null, "auditor", CancellationToken.None), Is.Zero);
        await fx.Engine.CorrelateMessageAsync(Acme, "paid", "A-1", null, "psp", CancellationToken.None);
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, a.InstanceId, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Completed));
    }

    [Test]
    public async Task Cancel_RemovesTasksJobsAndSubscriptionsInTheSameCommit()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var started = await fx.StartApprovalAsync();
        var task = await fx.SingleTaskAsync("fiona");
        Assert.That(await fx.Store.ListJobsAsync(Acme, started.InstanceId, CancellationToken.None), Has.Count.EqualTo(1), "the escalation timer");

        await fx.Engine.CancelAsync(Acme, started.InstanceId, "admin", CancellationToken.None);
        var instance = await fx.Engine.GetInstanceAsync(Acme, started.InstanceId, CancellationToken.None);
        Assert.That((instance.Status, instance.BpmnStatus), Is.EqualTo((InstanceStatus.Cancelled, "cancelled")));
        Assert.That(await fx.Store.ListJobsAsync(Acme, started.InstanceId, CancellationToken.None), Is.Empty);
        Assert.That(await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None), Is.Empty);
        Assert.ThrowsAsync<TaskNotFoundException>(() => fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", ValidApproval(), CancellationToken.None));
        Assert.ThrowsAsync<InstanceNotActiveException>(() => fx.Engine.CancelAsync(Acme, started.InstanceId, "admin", CancellationToken.None));
        Assert.That((await fx.Engine.GetHistoryAsync(Acme, started.InstanceId, CancellationToken.None))[^1].Type, Is.EqualTo("instance-cancelled"));
    }

    [Test]
    public async Task QueryInstances_FiltersByStatusAndPages()
    {
        using var fx = await OrderFixtureAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await StartOrderAsync(fx, "K" + i)).InstanceId);
        }

        await fx.Engine.CancelAsync(Acme, ids[0], "admin", CancellationToken.None);
        var active = await fx.Engine.QueryInstancesAsync(Acme, new InstanceQuery(Status: InstanceStatus.Active), CancellationToken.None);
        Assert.That(active.Select(i => i.InstanceId), Is.EquivalentTo(ids.Skip(1)));
        var page = await fx.Engine.QueryInstancesAsync(Acme, new InstanceQuery(Limit: 2), CancellationToken.None);
        Assert.That(page, Has.Count.EqualTo(2));
    }
}
