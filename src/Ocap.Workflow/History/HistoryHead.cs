namespace Ocap.Workflow.History;

/// <summary>
/// The last link of an instance's history chain, stored with the instance in the same atomic commit. It lets a
/// verifier notice events cut off the end of the chain, which the links between events alone cannot show.
/// </summary>
/// <param name="Sequence">The sequence number of the last event (0 when there is none).</param>
/// <param name="Hash">The hash of the last event (<see cref="HistoryHash.Genesis"/> when there is none).</param>
public readonly record struct HistoryHead(long Sequence, string Hash)
{
    /// <summary>The head of an empty history.</summary>
    public static HistoryHead Empty { get; } = new(0, HistoryHash.Genesis);
}
