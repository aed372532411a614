using System.Text.Json.Nodes;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>Process-level timer, message and signal start events (the fake clock starts on Monday 2026-03-02 09:00 UTC).</summary>
public sealed class StartEventTests
{
    private static string TimerStartXml(string timer, string processId = "report") => Definitions($"""
        <startEvent id="tick"><timerEventDefinition>{timer}</timerEventDefinition></startEvent>
        <sequenceFlow id="f1" sourceRef="tick" targetRef="review" />
        <userTask id="review" ocap:candidateFilter="(department=finance)" />
        <sequenceFlow id="f2" sourceRef="review" targetRef="done" /><endEvent id="done" />
        """, processId: processId);

    private const string ChatRoots = """
        <message id="ping" name="ping"><extensionElements><zeebe:subscription correlationKey="=conversation" /></extensionElements></message>
        <signal id="go" name="go" />
        """;

    /// <summary>Started by message <c>ping</c>; then waits for the next <c>ping</c> of the same conversation.</summary>
    private static string ChatXml() => Definitions("""
        <startEvent id="opened"><messageEventDefinition messageRef="ping" /></startEvent>
        <sequenceFlow id="f1" sourceRef="opened" targetRef="reply" />
        <intermediateCatchEvent id="reply"><messageEventDefinition messageRef="ping" /></intermediateCatchEvent>
        <sequenceFlow id="f2" sourceRef="reply" targetRef="done" /><endEvent id="done" />
        """, ChatRoots, processId: "chat");

    private static Task<IReadOnlyList<WorkflowInstance>> InstancesAsync(RuntimeFixture fx, string processKey, Ocap.Workflow.Tenancy.TenantId? tenant = null) =>
        fx.Engine.QueryInstancesAsync(tenant ?? Acme, new InstanceQuery(ProcessKey: processKey), CancellationToken.None);

    private static async Task<DateTimeOffset?> StartJobDueAsync(RuntimeFixture fx) =>
        (await fx.Store.ListJobsAsync(Acme, string.Empty, CancellationToken.None)).SingleOrDefault()?.DueAt;

    [Test]
    public async Task TimerStart_WithARepeatingInterval_StartsOneInstancePerFiring_ThenTheScheduleEnds()
    {
        using var fx = new RuntimeFixture();
        var nine = fx.Clock.GetUtcNow();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("report.bpmn", TimerStartXml("<timeCycle>R3/PT10M</timeCycle>"))], CancellationToken.None);
        Assert.That(await StartJobDueAsync(fx), Is.EqualTo(nine.AddMinutes(10)));
        Assert.That(await fx.Engine.GetNextDueTimeAsync(CancellationToken.None), Is.EqualTo(nine.AddMinutes(10)));

        for (var firing = 1; firing <= 3; firing++)
        {
            fx.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1), $"firing {firing}");
            Assert.That(await InstancesAsync(fx, "report"), Has.Count.EqualTo(firing));
        }

        Assert.That(await StartJobDueAsync(fx), Is.Null, "R3 fires three times");
        fx.Clock.Advance(TimeSpan.FromHours(1));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.Zero);

        var instance = (await InstancesAsync(fx, "report"))[0];
        Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Active));
        var started = (await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None))[0];
        Assert.That((started.Type, started.Actor), Is.EqualTo(("instance-started", "system:timer")));
        Assert.That(started.PayloadJson, Does.Contain("\"trigger\":\"timer\"").And.Contain("\"startEvent\":\"tick\""));
    }

    [TestCase("<timeDate>2026-03-02T12:00:00Z</timeDate>", 3 * 60)]
    [TestCase("<timeDuration>PT45M</timeDuration>", 45)]
    public async Task TimerStart_WithADateOrADuration_FiresOnce(string timer, int minutesAfterDeployment)
    {
        using var fx = new RuntimeFixture();
        var nine = fx.Clock.GetUtcNow();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("report.bpmn", TimerStartXml(timer))], CancellationToken.None);
        Assert.That(await StartJobDueAsync(fx), Is.EqualTo(nine.AddMinutes(minutesAfterDeployment)));

        fx.Clock.Advance(TimeSpan.FromMinutes(minutesAfterDeployment));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await InstancesAsync(fx, "report"), Has.Count.EqualTo(1));
        Assert.That(await StartJobDueAsync(fx), Is.Null);
    }

    [Test]
    public async Task TimerStart_WithACronCycle_FiresAtEachMatch()
    {
        using var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("report.bpmn", TimerStartXml("<timeCycle>0 0 12 * * ?</timeCycle>"))], CancellationToken.None);
        var noon = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
        Assert.That(await StartJobDueAsync(fx), Is.EqualTo(noon));

        fx.Clock.Advance(TimeSpan.FromHours(3));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await StartJobDueAsync(fx), Is.EqualTo(noon.AddDays(1)));
        Assert.That(await InstancesAsync(fx, "report"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TimerStart_AfterTheRunnerMissedSeveralFirings_StartsOneInstanceAndSchedulesTheNextDueTimeAfterNow()
    {
        using var fx = new RuntimeFixture();
        var nine = fx.Clock.GetUtcNow();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("report.bpmn", TimerStartXml("<timeCycle>R/PT1H</timeCycle>"))], CancellationToken.None);

        fx.Clock.Advance(TimeSpan.FromHours(3.5));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1));

        Assert.That(await InstancesAsync(fx, "report"), Has.Count.EqualTo(1));
        Assert.That(await StartJobDueAsync(fx), Is.EqualTo(nine.AddHours(4)), "due times stay on the cycle's grid");
    }

    [Test]
    public async Task TimerStart_RunByTwoEnginesOnOneStore_StartsExactlyOneInstancePerFiring()
    {
        using var fx = new RuntimeFixture();
        using var second = new WorkflowEngine(fx.Store, fx.Directory, timeProvider: fx.Clock);
        await fx.Engine.DeployAsync(Acme, [BpmnFile("report.bpmn", TimerStartXml("<timeCycle>R/PT10M</timeCycle>"))], CancellationToken.None);

        for (var firing = 1; firing <= 5; firing++)
        {
            fx.Clock.Advance(TimeSpan.FromMinutes(10));
            var ran = await Task.WhenAll(Task.Run(() => fx.Engine.RunDueJobsAsync(CancellationToken.None)), Task.Run(() => second.RunDueJobsAsync(CancellationToken.None)));
            Assert.That(ran.Sum(), Is.EqualTo(1), $"firing {firing}: the job is claimed by one engine");
        }

        Assert.That(await InstancesAsync(fx, "report"), Has.Count.EqualTo(5));
    }

    [Test]
    public async Task TimerStart_ANewVersion_ReplacesThePreviousSchedule_AndFiringStartsTheNewVersion()
    {
        using var fx = new RuntimeFixture();
        var nine = fx.Clock.GetUtcNow();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("report.bpmn", TimerStartXml("<timeCycle>R/PT1H</timeCycle>"))], CancellationToken.None);
        fx.Clock.Advance(TimeSpan.FromMinutes(5));
        await fx.Engine.DeployAsync(Acme, [BpmnFile("report.bpmn", TimerStartXml("<timeCycle>R/PT30M</timeCycle>"))], CancellationToken.None);

        Assert.That(await StartJobDueAsync(fx), Is.EqualTo(nine.AddMinutes(35)));
        fx.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That((await InstancesAsync(fx, "report")).Single().ProcessVersion, Is.EqualTo(2));

        var plain = Definitions("""<startEvent id="s" /><sequenceFlow id="f" sourceRef="s" targetRef="e" /><endEvent id="e" />""", processId: "report");
        await fx.Engine.DeployAsync(Acme, [BpmnFile("report.bpmn", plain)], CancellationToken.None);
        Assert.That(await StartJobDueAsync(fx), Is.Null, "a version without a timer start ends the schedule");
    }

    [Test]
    public async Task TimerStart_AJobStillLeasedWhenANewVersionReplacesIt_StartsNothing()
    {
        using var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("report.bpmn", TimerStartXml("<timeDuration>PT1M</timeDuration>"))], CancellationToken.None);
        fx.Clock.Advance(TimeSpan.FromMinutes(1));
        var stale = (await fx.Store.ClaimDueJobsAsync(Acme, 1, TimeSpan.FromMinutes(5), CancellationToken.None)).Single();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("report.bpmn", TimerStartXml("<timeDuration>PT2H</timeDuration>"))], CancellationToken.None);

        Assert.ThrowsAsync<JobLeaseLostException>(() => fx.Store.CompleteJobAsync(Acme, new JobCompletion(stale.Job.JobId, stale.LeaseToken), CancellationToken.None));
        Assert.That(await StartJobDueAsync(fx), Is.EqualTo(fx.Clock.GetUtcNow().AddHours(2)));
        Assert.That(await InstancesAsync(fx, "report"), Is.Empty);
    }

    [Test]
    public void TimerStart_WithAnUnparsableValue_IsRefusedAtDeployment()
    {
        using var fx = new RuntimeFixture();
        var e = Assert.ThrowsAsync<WorkflowDeploymentException>(
            () => fx.Engine.DeployAsync(Acme, [BpmnFile("report.bpmn", TimerStartXml("<timeCycle>0 0 25 * * ?</timeCycle>"))], CancellationToken.None));
        Assert.That(e!.Problems.Select(p => p.ElementId), Has.Member("tick"));
    }

    [Test]
    public async Task MessageStart_WhenNoInstanceWaits_StartsTheLatestVersion_AndAWaitingInstanceTakesPrecedenceAfterwards()
    {
        using var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("chat.bpmn", ChatXml())], CancellationToken.None);

        var opened = await fx.Engine.CorrelateMessageAsync(Acme, new MessageCorrelation("ping", "c-1") { Variables = new JsonObject { ["conversation"] = "c-1" }, ActorId = "alice" }, CancellationToken.None);
        Assert.That(opened.Outcome, Is.EqualTo(MessageCorrelationOutcome.InstanceStarted));
        var instance = await fx.Engine.GetInstanceAsync(Acme, opened.InstanceId!, CancellationToken.None);
        Assert.That((instance.Status, instance.Variables["conversation"]!.GetValue<string>()), Is.EqualTo((InstanceStatus.Active, "c-1")));
        var started = (await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None))[0];
        Assert.That(started.Actor, Is.EqualTo("alice"));
        Assert.That(started.PayloadJson, Does.Contain("\"trigger\":\"message\"").And.Contain("\"correlationKey\":\"c-1\""));

        var reply = await fx.Engine.CorrelateMessageAsync(Acme, new MessageCorrelation("ping", "c-1"), CancellationToken.None);
        Assert.That((reply.Outcome, reply.InstanceId), Is.EqualTo((MessageCorrelationOutcome.Correlated, opened.InstanceId)), "the waiting instance comes first");
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, opened.InstanceId!, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Completed));

        var other = await fx.Engine.CorrelateMessageAsync(Acme, "ping", "c-2", new JsonObject { ["conversation"] = "c-2" }, "bob", CancellationToken.None);
        Assert.That(other, Is.Not.EqualTo(opened.InstanceId));
        Assert.That(await InstancesAsync(fx, "chat"), Has.Count.EqualTo(2));
        Assert.ThrowsAsync<MessageNotCorrelatedException>(() => fx.Engine.CorrelateMessageAsync(Globex, "ping", "c-1", null, "bob", CancellationToken.None),
            "another tenant's start events are not visible");
    }

    [Test]
    public async Task MessageStart_TakesPrecedenceOverBuffering_WhenTheCallerGaveATimeToLive()
    {
        using var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("chat.bpmn", ChatXml())], CancellationToken.None);

        var result = await fx.Engine.CorrelateMessageAsync(Acme,
            new MessageCorrelation("ping", "c-1") { Variables = new JsonObject { ["conversation"] = "c-1" }, TimeToLive = TimeSpan.FromHours(1) }, CancellationToken.None);

        Assert.That((result.Outcome, result.BufferedMessageId), Is.EqualTo((MessageCorrelationOutcome.InstanceStarted, (string?)null)));
        Assert.That(await fx.Store.FindBufferedMessagesAsync(Acme, "ping", "c-1", CancellationToken.None), Is.Empty);
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, result.InstanceId!, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Active),
            "the starting message is not delivered again to the instance it started");
    }

    [Test]
    public async Task MessageStart_ANameAnotherProcessAlreadyStartsWith_IsRefusedAtDeployment()
    {
        using var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("chat.bpmn", ChatXml())], CancellationToken.None);
        var rival = ChatXml().Replace("id=\"chat\"", "id=\"rival\"", StringComparison.Ordinal);

        var e = Assert.ThrowsAsync<WorkflowDeploymentException>(() => fx.Engine.DeployAsync(Acme, [BpmnFile("rival.bpmn", rival)], CancellationToken.None));
        Assert.That(e!.Problems.Single().Message, Does.Contain("'ping'").And.Contain("'chat'"));
        await fx.Engine.DeployAsync(Globex, [BpmnFile("rival.bpmn", rival)], CancellationToken.None);
        await fx.Engine.DeployAsync(Acme, [BpmnFile("chat.bpmn", ChatXml().Replace("<endEvent id=\"done\" />", "<endEvent id=\"finished\" />", StringComparison.Ordinal)
            .Replace("targetRef=\"done\"", "targetRef=\"finished\"", StringComparison.Ordinal))], CancellationToken.None);
    }

    [Test]
    public async Task SignalStart_BroadcastStartsOneInstancePerProcess_AfterDeliveringToWaitingInstances()
    {
        using var fx = new RuntimeFixture();
        var xml = Definitions("""
            <startEvent id="onGo"><signalEventDefinition signalRef="go" /></startEvent>
            <sequenceFlow id="f1" sourceRef="onGo" targetRef="again" />
            <intermediateCatchEvent id="again"><signalEventDefinition signalRef="go" /></intermediateCatchEvent>
            <sequenceFlow id="f2" sourceRef="again" targetRef="done" /><endEvent id="done" />
            """, ChatRoots, processId: "race");
        await fx.Engine.DeployAsync(Acme, [BpmnFile("race.bpmn", xml)], CancellationToken.None);

        Assert.That(await fx.Engine.BroadcastSignalAsync(Acme, "go", new JsonObject { ["lap"] = 1 }, "starter", CancellationToken.None), Is.EqualTo(1));
        var first = (await InstancesAsync(fx, "race")).Single();
        Assert.That((first.Status, first.Variables["lap"]!.GetValue<int>()), Is.EqualTo((InstanceStatus.Active, 1)), "the starting signal is not delivered again to the instance it started");

        Assert.That(await fx.Engine.BroadcastSignalAsync(Acme, "go", null, "starter", CancellationToken.None), Is.EqualTo(2), "one waiting instance, one new");
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, first.InstanceId, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(await InstancesAsync(fx, "race"), Has.Count.EqualTo(2));
        Assert.That(await fx.Engine.BroadcastSignalAsync(Globex, "go", null, "starter", CancellationToken.None), Is.Zero);
    }

    [Test]
    public void ConditionalStartEventOfAProcess_IsStillRefused()
    {
        using var fx = new RuntimeFixture();
        var xml = Definitions("""
            <startEvent id="when"><conditionalEventDefinition><condition>ready</condition></conditionalEventDefinition></startEvent>
            <sequenceFlow id="f1" sourceRef="when" targetRef="e" /><endEvent id="e" />
            """, processId: "cond");
        var e = Assert.ThrowsAsync<WorkflowDeploymentException>(() => fx.Engine.DeployAsync(Acme, [BpmnFile("c.bpmn", xml)], CancellationToken.None));
        Assert.That(e!.Problems.Single().ElementId, Is.EqualTo("when"));
        Assert.That(e.Problems.Single().Message, Does.Contain("Conditional start events"));
    }
}
