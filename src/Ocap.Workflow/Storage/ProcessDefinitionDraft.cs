namespace Ocap.Workflow.Storage;

/// <summary>A process a deployment defines: its key and the BPMN artifact of the bundle that holds it.</summary>
/// <param name="ProcessKey">The process id in the BPMN file; versions are counted per tenant and key.</param>
/// <param name="ArtifactName">The name of the bundle's BPMN artifact that defines the process.</param>
/// <remarks>
/// The start triggers (<see cref="StartJobs"/>, <see cref="StartSubscriptions"/>) are derived from the BPMN (and,
/// for timers, from the time of deployment), so they are not part of the bundle hash. When a deployment creates a new
/// version of the key, its triggers replace every trigger the key had (the latest version's schedule wins, as in
/// Camunda); deploying bytes the tenant already deployed changes nothing.
/// </remarks>
public sealed record ProcessDefinitionDraft(string ProcessKey, string ArtifactName)
{
    /// <summary>
    /// Timer start jobs of this version. They belong to the process, not to an instance: read back, their
    /// <see cref="JobRecord.InstanceId"/> is empty and <see cref="JobRecord.ProcessKey"/> is the key.
    /// </summary>
    public IReadOnlyList<JobSchedule> StartJobs { get; init; } = [];

    /// <summary>Message and signal start events of this version.</summary>
    public IReadOnlyList<StartSubscription> StartSubscriptions { get; init; } = [];

    internal void ValidateTriggers(HashSet<string> jobIds)
    {
        ArgumentNullException.ThrowIfNull(StartJobs, nameof(StartJobs));
        ArgumentNullException.ThrowIfNull(StartSubscriptions, nameof(StartSubscriptions));
        foreach (var job in StartJobs)
        {
            ArgumentNullException.ThrowIfNull(job, nameof(StartJobs));
            job.Validate();
            if (!jobIds.Add(job.JobId))
            {
                throw new ArgumentException($"The bundle names start job '{job.JobId}' more than once.", nameof(StartJobs));
            }
        }

        foreach (var subscription in StartSubscriptions)
        {
            ArgumentNullException.ThrowIfNull(subscription, nameof(StartSubscriptions));
            subscription.Validate();
        }
    }
}
