using System.Text.Json.Nodes;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

public sealed class JobTests
{
    private static string PaymentXml() => Definitions("""
        <startEvent id="start" /><sequenceFlow id="f1" sourceRef="start" targetRef="pay" />
        <serviceTask id="pay" name="Pay"><extensionElements><zeebe:taskDefinition type="payment" /></extensionElements></serviceTask>
        <sequenceFlow id="f2" sourceRef="pay" targetRef="end" /><endEvent id="end" />
        """, processId: "payment");

    private static ServiceTaskRetryOptions Retry => new() { MaxAttempts = 3, InitialBackoff = TimeSpan.FromSeconds(10), BackoffMultiplier = 3, MaxBackoff = TimeSpan.FromMinutes(1) };

    [Test]
    public async Task BoundaryTimer_FiresWhenTheFakeClockPassesItsDueTime_AndTheTaskIsWithdrawn()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var instance = await fx.StartApprovalAsync();
        var task = await fx.SingleTaskAsync("fiona");

        fx.Clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromSeconds(1));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.Zero);
        Assert.That(await fx.Engine.GetNextDueTimeAsync(CancellationToken.None), Is.EqualTo(fx.Clock.GetUtcNow() + TimeSpan.FromSeconds(1)));

        fx.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1));
        var after = await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That(after.Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None), Is.Empty);
        Assert.ThrowsAsync<TaskNotFoundException>(() => fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", ValidApproval(), CancellationToken.None));
        var history = await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That((history[^1].Type, history[^1].Actor), Is.EqualTo(("timer-fired", "system:timer")));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.Zero, "the effect committed once; the job is gone");
    }

    [Test]
    public async Task TimerJob_RunTwiceAfterALeaseExpired_CommitsItsEffectOnce()
    {
        using var fx = new RuntimeFixture(options: new WorkflowEngineOptions { JobLeaseDuration = TimeSpan.FromMinutes(1) });
        await fx.DeployApprovalAsync();
        var instance = await fx.StartApprovalAsync();
        fx.Clock.Advance(TimeSpan.FromDays(2));

        // A first worker claims the job and stalls; after its lease ends a second worker runs it.
        var stalled = await fx.Store.ClaimDueJobsAsync(Acme, 1, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.That(stalled, Has.Count.EqualTo(1));
        fx.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.ThrowsAsync<JobLeaseLostException>(() => fx.Store.CompleteJobAsync(Acme, new JobCompletion(stalled[0].Job.JobId, stalled[0].LeaseToken), CancellationToken.None));
        var history = await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That(history.Count(e => e.Type == "timer-fired"), Is.EqualTo(1));
    }

    [Test]
    public async Task ServiceTask_RunsAfterTheReachingCommitWithAStableIdempotencyKey_AndCompletesWithItsOutput()
    {
        var handler = new ScriptedHandler(_ => new JsonObject { ["receipt"] = "R-1" });
        using var fx = new RuntimeFixture([new ServiceTaskRegistration("payment", handler, Retry)]);
        await fx.Engine.DeployAsync(Acme, [BpmnFile("payment.bpmn", PaymentXml())], CancellationToken.None);
        var instance = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("payment") { Variables = new JsonObject { ["amount"] = 12 } }, CancellationToken.None);
        Assert.That(handler.Calls, Is.Empty, "nothing runs inside the starting command");
        Assert.That((await fx.Store.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None))!.Version, Is.EqualTo(1));

        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1));
        var call = handler.Calls.Single();
        Assert.That((call.ElementId, call.TaskType, call.Attempt, call.Variables["amount"]!.GetValue<int>()), Is.EqualTo(("pay", "payment", 1, 12)));
        Assert.That(call.IdempotencyKey, Does.StartWith("acme/" + instance.InstanceId));
        var done = await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That((done.Status, done.Variables["receipt"]!.GetValue<string>()), Is.EqualTo((InstanceStatus.Completed, "R-1")));
    }

    [Test]
    public async Task ServiceTask_FailingEveryAttempt_IsRetriedWithBackoffThenRaisesAnIncidentThatCanBeRetried()
    {
        var failures = 0;
        var handler = new ScriptedHandler(_ => failures-- > 0 ? throw new InvalidOperationException("bank offline") : new JsonObject { ["paid"] = true });
        failures = 3;
        using var fx = new RuntimeFixture([new ServiceTaskRegistration("payment", handler, Retry)]);
        await fx.Engine.DeployAsync(Acme, [BpmnFile("payment.bpmn", PaymentXml())], CancellationToken.None);
        var instance = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("payment"), CancellationToken.None);

        await fx.Engine.RunDueJobsAsync(CancellationToken.None);
        Assert.That(handler.Calls, Has.Count.EqualTo(1));
        fx.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.Zero, "first back-off is 10 s");
        fx.Clock.Advance(TimeSpan.FromSeconds(1));
        await fx.Engine.RunDueJobsAsync(CancellationToken.None);
        fx.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.Zero, "second back-off is 30 s");
        fx.Clock.Advance(TimeSpan.FromSeconds(1));
        await fx.Engine.RunDueJobsAsync(CancellationToken.None);
        Assert.That(handler.Calls.Select(c => c.Attempt), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(handler.Calls.Select(c => c.IdempotencyKey).Distinct().Count(), Is.EqualTo(1));

        var failed = await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That(failed.Status, Is.EqualTo(InstanceStatus.Active));
        Assert.That(failed.Incidents.Single(), Does.Contain("bank offline"));
        fx.Clock.Advance(TimeSpan.FromDays(365));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.Zero, "an incident waits for an operator");
        Assert.That(await fx.Engine.GetNextDueTimeAsync(CancellationToken.None), Is.Null);

        await fx.Engine.RetryIncidentAsync(Acme, instance.InstanceId, "pay", "ops", CancellationToken.None);
        await fx.Engine.RunDueJobsAsync(CancellationToken.None);
        Assert.That(handler.Calls[^1].Attempt, Is.EqualTo(1), "a retried incident gets a fresh attempt budget");
        var done = await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That((done.Status, done.Incidents.Count), Is.EqualTo((InstanceStatus.Completed, 0)));
        var types = (await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None)).Select(e => e.Type);
        Assert.That(types, Is.EqualTo(new[] { "instance-started", "incident-raised", "incident-retried", "service-task-completed" }));
    }

    [Test]
    public async Task ResolveIncident_CompletesTheTaskWithTheOperatorsOutputWithoutCallingTheHandler()
    {
        var handler = new ScriptedHandler(_ => throw new InvalidOperationException("down"));
        using var fx = new RuntimeFixture([new ServiceTaskRegistration("payment", handler, Retry with { MaxAttempts = 1 })]);
        await fx.Engine.DeployAsync(Acme, [BpmnFile("payment.bpmn", PaymentXml())], CancellationToken.None);
        var instance = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("payment"), CancellationToken.None);
        Assert.ThrowsAsync<InvalidOperationException>(() => fx.Engine.RetryIncidentAsync(Acme, instance.InstanceId, "pay", "ops", CancellationToken.None), "no incident yet");
        await fx.Engine.RunDueJobsAsync(CancellationToken.None);

        await fx.Engine.ResolveIncidentAsync(Acme, instance.InstanceId, "pay", new JsonObject { ["paidManually"] = true }, "ops", CancellationToken.None);
        var done = await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That((done.Status, done.Variables["paidManually"]!.GetValue<bool>()), Is.EqualTo((InstanceStatus.Completed, true)));
        Assert.That(await fx.Store.ListJobsAsync(Acme, instance.InstanceId, CancellationToken.None), Is.Empty);
        Assert.That(handler.Calls, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ServiceTask_OfACancelledInstance_IsNeverCalled()
    {
        var handler = new ScriptedHandler(_ => null);
        using var fx = new RuntimeFixture([new ServiceTaskRegistration("payment", handler, Retry)]);
        await fx.Engine.DeployAsync(Acme, [BpmnFile("payment.bpmn", PaymentXml())], CancellationToken.None);
        var instance = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("payment"), CancellationToken.None);
        await fx.Engine.CancelAsync(Acme, instance.InstanceId, "ops", CancellationToken.None);
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.Zero);
        Assert.That(handler.Calls, Is.Empty);
    }

    private sealed class ScriptedHandler(Func<ServiceTaskContext, JsonObject?> body) : IServiceTaskHandler
    {
        public List<ServiceTaskContext> Calls { get; } = [];

        public ValueTask<JsonObject?> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
        {
            Calls.Add(context);
            return ValueTask.FromResult(body(context));
        }
    }
}
