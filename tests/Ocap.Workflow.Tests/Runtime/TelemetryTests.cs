using System.Diagnostics;
using System.Diagnostics.Metrics;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

public sealed class TelemetryTests
{
    [Test]
    public async Task ApprovalFlow_IsVisibleThroughTheOcapWorkflowMeterAndActivitySource()
    {
        using var fx = new RuntimeFixture();
        var counts = new Dictionary<string, long>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Ocap.Workflow")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (counts)
            {
                counts[instrument.Name] = counts.GetValueOrDefault(instrument.Name) + value;
            }
        });
        meters.Start();
        var activities = new List<string>();
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Ocap.Workflow",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => { lock (activities) { activities.Add(activity.OperationName); } },
        };
        ActivitySource.AddActivityListener(tracing);

        await fx.DeployApprovalAsync();
        await fx.StartApprovalAsync();
        var task = await fx.SingleTaskAsync("fiona");
        await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", ValidApproval(), CancellationToken.None);

        Assert.That(counts.GetValueOrDefault("ocap.workflow.instances.started"), Is.EqualTo(1));
        Assert.That(counts.GetValueOrDefault("ocap.workflow.instances.completed"), Is.EqualTo(1));
        Assert.That(counts.GetValueOrDefault("ocap.workflow.tasks.completed"), Is.EqualTo(1));
        Assert.That(counts.GetValueOrDefault("ocap.workflow.scripts.evaluations"), Is.EqualTo(1));
        Assert.That(activities, Is.SupersetOf(new[] { "ocap.workflow.deploy", "ocap.workflow.start", "ocap.workflow.task-completed" }));
    }
}
