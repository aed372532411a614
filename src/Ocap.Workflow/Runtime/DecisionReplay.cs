namespace Ocap.Workflow.Runtime;

/// <summary>The outcome of re-running a recorded script decision.</summary>
/// <param name="Sequence">The history event that recorded the decision.</param>
/// <param name="ElementId">The element that owned the script.</param>
/// <param name="ScriptHash">The SHA-256 of the script text (or module source) recorded with the decision.</param>
/// <param name="RecordedOutputJson">The output as recorded.</param>
/// <param name="ReplayedOutputJson">The output the same script gives again for the recorded inputs.</param>
public sealed record DecisionReplay(long Sequence, string ElementId, string ScriptHash, string RecordedOutputJson, string ReplayedOutputJson)
{
    /// <summary>Whether the replay gave exactly the recorded output.</summary>
    public bool Matches => string.Equals(RecordedOutputJson, ReplayedOutputJson, StringComparison.Ordinal);
}
