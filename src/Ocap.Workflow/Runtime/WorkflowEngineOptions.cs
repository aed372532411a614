namespace Ocap.Workflow.Runtime;

/// <summary>Engine-wide settings; validated when the engine is created.</summary>
public sealed class WorkflowEngineOptions
{
    /// <summary>
    /// How many times a command is re-run (reload, step, commit) after another command committed the same instance
    /// first; then <see cref="Storage.ConcurrencyConflictException"/> reaches the caller. 0 to 100; 8 by default.
    /// </summary>
    public int MaxConflictRetries { get; set; } = 8;

    /// <summary>The principal attribute a Camunda candidate user or assignee is matched against; <c>uid</c> by default.</summary>
    public string CandidateUserAttribute { get; set; } = "uid";

    /// <summary>The principal attribute a Camunda candidate group is matched against; <c>memberOf</c> by default.</summary>
    public string CandidateGroupAttribute { get; set; } = "memberOf";

    /// <summary>
    /// How a candidate group name becomes the value of <see cref="CandidateGroupAttribute"/>; <c>{0}</c> is the group
    /// name (escaped for the filter). <c>cn={0},ou=groups</c> by default, so group <c>finance</c> becomes
    /// <c>(memberOf=cn=finance,ou=groups)</c>. Use <c>{0}</c> alone when the host puts plain group names in the attribute.
    /// </summary>
    public string CandidateGroupValueFormat { get; set; } = "cn={0},ou=groups";

    /// <summary>How long the job runner holds a claimed job before another worker may take it; 5 minutes by default.</summary>
    public TimeSpan JobLeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many due jobs the runner claims per tenant per round (1 to 10,000); 100 by default.</summary>
    public int JobBatchSize { get; set; } = 100;

    /// <summary>The longest the hosted job runner sleeps when no job is due; 1 second by default.</summary>
    public TimeSpan JobPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxConflictRetries is < 0 or > 100)
        {
            throw new ArgumentException($"{nameof(MaxConflictRetries)} must be between 0 and 100 (was {MaxConflictRetries}).");
        }

        if (string.IsNullOrWhiteSpace(CandidateUserAttribute) || string.IsNullOrWhiteSpace(CandidateGroupAttribute))
        {
            throw new ArgumentException($"{nameof(CandidateUserAttribute)} and {nameof(CandidateGroupAttribute)} must name attributes.");
        }

        if (CandidateGroupValueFormat is null || !CandidateGroupValueFormat.Contains("{0}", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{nameof(CandidateGroupValueFormat)} must contain '{{0}}' where the group name goes.");
        }

        if (JobLeaseDuration <= TimeSpan.Zero || JobPollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(JobLeaseDuration)} and {nameof(JobPollInterval)} must be more than zero.");
        }

        if (JobBatchSize is < 1 or > 10_000)
        {
            throw new ArgumentException($"{nameof(JobBatchSize)} must be between 1 and 10,000 (was {JobBatchSize}).");
        }
    }
}
