namespace Ocap.Workflow.History;

/// <summary>One link of a history chain that does not hold.</summary>
/// <param name="Position">The 1-based position of the event in the chain as stored (for a head mismatch: the chain's length).</param>
/// <param name="Sequence">The sequence number stored on the event (for a head mismatch: the recorded head's sequence).</param>
/// <param name="Kind">What does not hold.</param>
/// <param name="Detail">A sentence for a person: what was expected and what was found.</param>
public sealed record BrokenHistoryLink(long Position, long Sequence, BrokenLinkKind Kind, string Detail);
