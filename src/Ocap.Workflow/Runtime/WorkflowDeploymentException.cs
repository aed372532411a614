namespace Ocap.Workflow.Runtime;

/// <summary>One reason a bundle cannot be deployed.</summary>
/// <param name="Artifact">The artifact concerned (its name in the bundle).</param>
/// <param name="ElementId">The BPMN element or form component concerned, or <see langword="null"/>.</param>
/// <param name="Message">What is wrong, in a sentence.</param>
public sealed record DeploymentProblem(string Artifact, string? ElementId, string Message);

/// <summary>A bundle was refused as a whole; nothing of it was stored.</summary>
public sealed class WorkflowDeploymentException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problems">Every problem found (at least one).</param>
    public WorkflowDeploymentException(IReadOnlyList<DeploymentProblem> problems)
        : base("The bundle cannot be deployed: " + string.Join(" ", problems.Select(p =>
            $"[{p.Artifact}{(p.ElementId is null ? string.Empty : "#" + p.ElementId)}] {p.Message}")))
    {
        Problems = problems;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<DeploymentProblem> Problems { get; }
}
