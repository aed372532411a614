namespace Ocap.Workflow.Bpmn;

/// <summary>
/// Bounds on what the reader accepts, so a hostile upload costs little. Defaults fit any diagram a person draws
/// (the largest OMG MIWG model is well under 1 MB and 20 levels deep).
/// </summary>
public sealed record BpmnReaderOptions
{
    /// <summary>Largest accepted file, in bytes (default 8 MiB). Larger files are refused before parsing.</summary>
    public int MaxBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Deepest accepted element nesting (default 128). Deeper files are refused before the model is built,
    /// so nothing recurses over attacker-chosen depth.</summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>Most accepted XML elements (default 200 000).</summary>
    public int MaxElements { get; init; } = 200_000;
}
