using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>Cron <c>timeCycle</c>s on intermediate and boundary timers, on the fake clock (it starts on Monday 2026-03-02 09:00 UTC).</summary>
public sealed class CronTimerTests
{
    private static string ReminderXml(string cycle) => Definitions($"""
        <startEvent id="start" /><sequenceFlow id="f1" sourceRef="start" targetRef="review" />
        <userTask id="review" ocap:candidateFilter="(department=finance)" />
        <boundaryEvent id="remind" attachedToRef="review" cancelActivity="false"><timerEventDefinition><timeCycle>{cycle}</timeCycle></timerEventDefinition></boundaryEvent>
        <sequenceFlow id="f-remind" sourceRef="remind" targetRef="reminded" /><endEvent id="reminded" />
        <sequenceFlow id="f2" sourceRef="review" targetRef="done" /><endEvent id="done" />
        """);

    private static async Task<IReadOnlyList<DateTimeOffset>> TimerDueTimesAsync(RuntimeFixture fx, string instanceId) =>
        [.. (await fx.Store.ListJobsAsync(Acme, instanceId, CancellationToken.None)).Where(j => j.Kind == "timer").Select(j => j.DueAt)];

    [Test]
    public async Task BoundaryTimer_WithAQuartzCronCycle_FiresAtEachMatchAndReschedulesTheNext()
    {
        using var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("remind.bpmn", ReminderXml("0 30 * * * ?"))], CancellationToken.None);
        var instance = await fx.StartApprovalLikeAsync();
        var nine = fx.Clock.GetUtcNow();
        Assert.That(await TimerDueTimesAsync(fx, instance), Is.EqualTo(new[] { nine.AddMinutes(30) }));

        fx.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.Zero);
        fx.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await TimerDueTimesAsync(fx, instance), Is.EqualTo(new[] { nine.AddMinutes(90) }));

        fx.Clock.Advance(TimeSpan.FromHours(1));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await TimerDueTimesAsync(fx, instance), Is.EqualTo(new[] { nine.AddMinutes(150) }));
        var history = await fx.Engine.GetHistoryAsync(Acme, instance, CancellationToken.None);
        Assert.That(history.Count(e => e.Type == "timer-fired"), Is.EqualTo(2));
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, instance, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Active), "non-interrupting: the task stays");
    }

    [Test]
    public async Task IntermediateTimer_WithAStandardFiveFieldCron_WaitsForTheNextWeekdayEvening()
    {
        using var fx = new RuntimeFixture();
        var xml = Definitions("""
            <startEvent id="start" /><sequenceFlow id="f1" sourceRef="start" targetRef="evening" />
            <intermediateCatchEvent id="evening"><timerEventDefinition><timeCycle>0 18 * * MON-FRI</timeCycle></timerEventDefinition></intermediateCatchEvent>
            <sequenceFlow id="f2" sourceRef="evening" targetRef="done" /><endEvent id="done" />
            """);
        await fx.Engine.DeployAsync(Acme, [BpmnFile("evening.bpmn", xml)], CancellationToken.None);
        var instance = await fx.StartApprovalLikeAsync();
        Assert.That(await TimerDueTimesAsync(fx, instance), Is.EqualTo(new[] { new DateTimeOffset(2026, 3, 2, 18, 0, 0, TimeSpan.Zero) }));

        fx.Clock.Advance(TimeSpan.FromHours(9));
        Assert.That(await fx.Engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, instance, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Completed));
    }

    [Test]
    public void Deploy_WithAMalformedCronCycle_IsRefusedNamingTheTimer()
    {
        using var fx = new RuntimeFixture();
        var e = Assert.ThrowsAsync<WorkflowDeploymentException>(
            () => fx.Engine.DeployAsync(Acme, [BpmnFile("remind.bpmn", ReminderXml("0 61 * * * ?"))], CancellationToken.None));
        Assert.That(e!.Problems.Select(p => p.ElementId), Has.Member("remind"));
        Assert.That(e.Message, Does.Contain("cron"));
    }
}

internal static class CronTimerFixtureExtensions
{
    public static async Task<string> StartApprovalLikeAsync(this RuntimeFixture fx) =>
        (await fx.Engine.StartAsync(Acme, new StartInstanceRequest("approval"), CancellationToken.None)).InstanceId;
}
