using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ocap.Workflow.Telemetry;

/// <summary>
/// The engine's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>Ocap.Workflow</c>, so a host
/// collects them with OpenTelemetry (or <see cref="MeterListener"/>/<see cref="ActivityListener"/>) without this
/// library depending on any telemetry SDK. One per engine; instruments cost nothing when nobody listens.
/// </summary>
internal sealed class WorkflowTelemetry : IDisposable
{
    public const string Name = "Ocap.Workflow";

    private readonly Counter<long> _instancesStarted;
    private readonly Counter<long> _instancesCompleted;
    private readonly Counter<long> _tasksCompleted;
    private readonly Counter<long> _scriptEvaluations;
    private readonly Histogram<double> _scriptDuration;
    private readonly Counter<long> _incidents;
    private readonly Counter<long> _conflicts;

    public WorkflowTelemetry()
    {
        ActivitySource = new ActivitySource(Name);
        Meter = new Meter(Name);
        _instancesStarted = Meter.CreateCounter<long>("ocap.workflow.instances.started", "{instance}", "Instances started.");
        _instancesCompleted = Meter.CreateCounter<long>("ocap.workflow.instances.completed", "{instance}", "Instances that reached an end.");
        _tasksCompleted = Meter.CreateCounter<long>("ocap.workflow.tasks.completed", "{task}", "User tasks completed.");
        _scriptEvaluations = Meter.CreateCounter<long>("ocap.workflow.scripts.evaluations", "{evaluation}", "Script decisions evaluated.");
        _scriptDuration = Meter.CreateHistogram<double>("ocap.workflow.scripts.duration", "ms", "Duration of script decisions.");
        _incidents = Meter.CreateCounter<long>("ocap.workflow.incidents", "{incident}", "Incidents raised.");
        _conflicts = Meter.CreateCounter<long>("ocap.workflow.commands.conflicts", "{conflict}", "Commands re-run after a concurrent commit.");
    }

    public ActivitySource ActivitySource { get; }

    public Meter Meter { get; }

    public Activity? StartCommand(string command) =>
        ActivitySource.HasListeners() ? ActivitySource.StartActivity("ocap.workflow." + command, ActivityKind.Internal) : null;

    public void InstanceStarted() => _instancesStarted.Add(1);

    public void InstanceCompleted() => _instancesCompleted.Add(1);

    public void TaskCompleted() => _tasksCompleted.Add(1);

    public void IncidentRaised() => _incidents.Add(1);

    public void Conflict() => _conflicts.Add(1);

    /// <summary>Whether anyone listens to the script duration histogram (else evaluations are not timed at all).</summary>
    public bool TimesScriptEvaluations => _scriptDuration.Enabled;

    /// <param name="elapsed">How long it took, when it was timed (see <see cref="TimesScriptEvaluations"/>).</param>
    /// <param name="succeeded">Whether it gave a value.</param>
    public void RecordScriptEvaluation(TimeSpan? elapsed, bool succeeded)
    {
        _scriptEvaluations.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));
        if (elapsed is { } duration && _scriptDuration.Enabled)
        {
            _scriptDuration.Record(duration.TotalMilliseconds);
        }
    }

    public void Dispose()
    {
        ActivitySource.Dispose();
        Meter.Dispose();
    }
}
