namespace Ocap.Workflow.Bpmn;

/// <summary>
/// A diagram cannot be deployed (or could not be read at all). Carries every diagnostic, not just the first,
/// so a person can fix the file in one pass.
/// </summary>
public sealed class BpmnValidationException : Exception
{
    /// <summary>Creates the exception from the diagnostics found.</summary>
    /// <param name="sourceName">The file name or label of the diagram.</param>
    /// <param name="diagnostics">All diagnostics (errors and warnings).</param>
    public BpmnValidationException(string? sourceName, IReadOnlyList<BpmnDiagnostic> diagnostics)
        : base(Describe(sourceName, diagnostics))
    {
        SourceName = sourceName;
        Diagnostics = diagnostics;
    }

    /// <summary>The file name or label of the diagram.</summary>
    public string? SourceName { get; }

    /// <summary>Every diagnostic found, errors and warnings.</summary>
    public IReadOnlyList<BpmnDiagnostic> Diagnostics { get; }

    /// <summary>Only the errors.</summary>
    public IEnumerable<BpmnDiagnostic> Errors => Diagnostics.Where(d => d.Severity == BpmnSeverity.Error);

    private static string Describe(string? sourceName, IReadOnlyList<BpmnDiagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.Severity == BpmnSeverity.Error).ToList();
        var first = errors.Count > 0 ? errors[0] : diagnostics.FirstOrDefault();
        var head = $"The BPMN diagram {sourceName ?? "<input>"} cannot be deployed: {errors.Count} error(s).";
        return first is null ? head : head + " First: " + first.Format(sourceName);
    }
}
