namespace Ocap.Workflow.History;

/// <summary>The outcome of recomputing one instance's history chain.</summary>
/// <param name="EventCount">How many events were checked.</param>
/// <param name="BrokenLinks">Every link that does not hold, in chain order; empty when the chain is intact.</param>
public sealed record HistoryVerification(long EventCount, IReadOnlyList<BrokenHistoryLink> BrokenLinks)
{
    /// <summary>Whether every link holds.</summary>
    public bool IsIntact => BrokenLinks.Count == 0;

    /// <summary>The first link that does not hold, or <see langword="null"/> when the chain is intact.</summary>
    public BrokenHistoryLink? FirstBrokenLink => BrokenLinks.Count == 0 ? null : BrokenLinks[0];
}
