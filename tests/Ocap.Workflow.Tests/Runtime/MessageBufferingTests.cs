using System.Text.Json.Nodes;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>Messages correlated with a time-to-live wait for the instance that will need them.</summary>
public sealed class MessageBufferingTests
{
    private const string Roots = """
        <message id="m" name="paid"><extensionElements><zeebe:subscription correlationKey="=orderId" /></extensionElements></message>
        """;

    /// <summary>Waits for <c>paid</c> (keyed by the order id) right after the start.</summary>
    private static string OrderXml() => Definitions("""
        <startEvent id="start" /><sequenceFlow id="f1" sourceRef="start" targetRef="payment" />
        <intermediateCatchEvent id="payment"><messageEventDefinition messageRef="m" /></intermediateCatchEvent>
        <sequenceFlow id="f2" sourceRef="payment" targetRef="end" /><endEvent id="end" />
        """, Roots, processId: "order");

    /// <summary>A finance review first; only then waits for <c>paid</c>.</summary>
    private static string ReviewedOrderXml() => Definitions("""
        <startEvent id="start" /><sequenceFlow id="f1" sourceRef="start" targetRef="review" />
        <userTask id="review" ocap:candidateFilter="(department=finance)" />
        <sequenceFlow id="f2" sourceRef="review" targetRef="payment" />
        <intermediateCatchEvent id="payment"><messageEventDefinition messageRef="m" /></intermediateCatchEvent>
        <sequenceFlow id="f3" sourceRef="payment" targetRef="end" /><endEvent id="end" />
        """, Roots, processId: "order");

    private static async Task<RuntimeFixture> FixtureAsync(string xml)
    {
        var fx = new RuntimeFixture();
        fx.Directory.Add("fiona", ("uid", "fiona"), ("department", "finance"));
        await fx.Engine.DeployAsync(Acme, [BpmnFile("order.bpmn", xml)], CancellationToken.None);
        await fx.Engine.DeployAsync(Globex, [BpmnFile("order.bpmn", xml)], CancellationToken.None);
        return fx;
    }

    private static Task<WorkflowInstance> StartOrderAsync(RuntimeFixture fx, string orderId, Ocap.Workflow.Tenancy.TenantId? tenant = null) =>
        fx.Engine.StartAsync(tenant ?? Acme, new StartInstanceRequest("order") { Variables = new JsonObject { ["orderId"] = orderId } }, CancellationToken.None);

    private static MessageCorrelation Paid(string orderId, TimeSpan? ttl) =>
        new("paid", orderId) { Variables = new JsonObject { ["paidBy"] = "card" }, ActorId = "psp", TimeToLive = ttl };

    [Test]
    public async Task Correlate_WithATimeToLive_KeepsTheMessage_AndTheInstanceThatLaterWaitsForItReceivesItInItsStartingCommit()
    {
        using var fx = await FixtureAsync(OrderXml());
        var result = await fx.Engine.CorrelateMessageAsync(Acme, Paid("A-1", TimeSpan.FromHours(1)), CancellationToken.None);
        Assert.That((result.Outcome, result.InstanceId), Is.EqualTo((MessageCorrelationOutcome.Buffered, (string?)null)));
        Assert.That(result.BufferedMessageId, Is.Not.Null);

        var elsewhere = await StartOrderAsync(fx, "A-1", Globex);
        Assert.That(elsewhere.Status, Is.EqualTo(InstanceStatus.Active), "another tenant's buffered message is invisible");
        var other = await StartOrderAsync(fx, "B-2");
        Assert.That(other.Status, Is.EqualTo(InstanceStatus.Active), "another correlation key does not match");

        var receiver = await StartOrderAsync(fx, "A-1");
        Assert.That((receiver.Status, receiver.Version), Is.EqualTo((InstanceStatus.Completed, 1L)), "received in the commit that opened the subscription");
        Assert.That(receiver.Variables["paidBy"]!.GetValue<string>(), Is.EqualTo("card"));
        var history = await fx.Engine.GetHistoryAsync(Acme, receiver.InstanceId, CancellationToken.None);
        var correlated = history.Single(e => e.Type == "message-correlated");
        Assert.That(correlated.Actor, Is.EqualTo("psp"));
        Assert.That(correlated.PayloadJson, Does.Contain(result.BufferedMessageId!));
        Assert.That((await fx.Engine.VerifyHistoryAsync(Acme, receiver.InstanceId, CancellationToken.None)).IsIntact, Is.True);

        var late = await StartOrderAsync(fx, "A-1");
        Assert.That(late.Status, Is.EqualTo(InstanceStatus.Active), "a buffered message is received once");
    }

    [Test]
    public async Task Correlate_WithoutATimeToLive_AnUnmatchedMessageIsStillAnError_AndNothingIsKept()
    {
        using var fx = await FixtureAsync(OrderXml());
        Assert.ThrowsAsync<MessageNotCorrelatedException>(() => fx.Engine.CorrelateMessageAsync(Acme, Paid("A-1", null), CancellationToken.None));
        Assert.That((await StartOrderAsync(fx, "A-1")).Status, Is.EqualTo(InstanceStatus.Active));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fx.Engine.CorrelateMessageAsync(Acme, Paid("A-1", TimeSpan.Zero), CancellationToken.None));
    }

    [Test]
    public async Task Correlate_WithATimeToLive_WhenAnInstanceWaits_IsDeliveredAtOnceAndNotKept()
    {
        using var fx = await FixtureAsync(OrderXml());
        var waiting = await StartOrderAsync(fx, "A-1");
        var result = await fx.Engine.CorrelateMessageAsync(Acme, Paid("A-1", TimeSpan.FromHours(1)), CancellationToken.None);
        Assert.That((result.Outcome, result.InstanceId), Is.EqualTo((MessageCorrelationOutcome.Correlated, waiting.InstanceId)));
        Assert.That(await fx.Store.FindBufferedMessagesAsync(Acme, "paid", "A-1", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task BufferedMessage_IsReceivedByTheCommandThatOpensTheSubscriptionLater_HereATaskCompletion()
    {
        using var fx = await FixtureAsync(ReviewedOrderXml());
        var instance = await StartOrderAsync(fx, "A-1");
        await fx.Engine.CorrelateMessageAsync(Acme, Paid("A-1", TimeSpan.FromHours(1)), CancellationToken.None);
        var task = (await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None)).Single();

        await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", null, CancellationToken.None);

        var done = await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That((done.Status, done.Version), Is.EqualTo((InstanceStatus.Completed, 2L)));
        var types = (await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None)).Select(e => e.Type).Where(t => t != "script-decision");
        Assert.That(types, Is.EqualTo(new[] { "instance-started", "task-completed", "message-correlated" }));
    }

    [Test]
    public async Task BufferedMessage_AfterItsTimeToLive_IsNotReceivedAndTheJobRunPurgesIt()
    {
        using var fx = await FixtureAsync(OrderXml());
        await fx.Engine.CorrelateMessageAsync(Acme, Paid("A-1", TimeSpan.FromMinutes(10)), CancellationToken.None);
        fx.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.That((await StartOrderAsync(fx, "A-1")).Status, Is.EqualTo(InstanceStatus.Active));
        await fx.Engine.RunDueJobsAsync(CancellationToken.None);
        Assert.That(await fx.Store.PurgeExpiredMessagesAsync(Acme, CancellationToken.None), Is.Zero, "the job run purged it already");
    }

    [Test]
    public async Task BufferedMessage_WantedByManyInstancesStartingAtOnce_IsReceivedByExactlyOne()
    {
        using var fx = await FixtureAsync(OrderXml());
        await fx.Engine.CorrelateMessageAsync(Acme, Paid("A-1", TimeSpan.FromHours(1)), CancellationToken.None);

        var started = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => StartOrderAsync(fx, "A-1"))));

        Assert.That(started.Count(i => i.Status == InstanceStatus.Completed), Is.EqualTo(1));
        Assert.That(started.Count(i => i.Status == InstanceStatus.Active), Is.EqualTo(7));
    }
}
