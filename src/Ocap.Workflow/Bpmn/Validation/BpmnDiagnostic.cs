namespace Ocap.Workflow.Bpmn;

/// <summary>How serious a diagnostic is.</summary>
public enum BpmnSeverity
{
    /// <summary>The definition can be deployed; something deserves attention.</summary>
    Warning,

    /// <summary>The definition cannot be deployed.</summary>
    Error,
}

/// <summary>
/// One finding about a diagram, located so a person can act on it: the element (id and BPMN type), the line
/// and column in the file, a stable code and a plain sentence.
/// </summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">A stable code such as <c>BPMN010</c>, for filtering and tests.</param>
/// <param name="Message">A plain sentence.</param>
/// <param name="ElementId">The element concerned, when there is one.</param>
/// <param name="ElementType">The BPMN local element name, when there is one.</param>
/// <param name="Line">1-based line, 0 when unknown.</param>
/// <param name="Column">1-based column, 0 when unknown.</param>
public sealed record BpmnDiagnostic(
    BpmnSeverity Severity, string Code, string Message, string? ElementId, string? ElementType, int Line, int Column)
{
    /// <summary>Formats as <c>FILE:line:column: error: sentence [elementId]</c>.</summary>
    public string Format(string? file)
    {
        var severity = Severity == BpmnSeverity.Error ? "error" : "warning";
        var element = ElementId is null ? string.Empty : $" [{ElementId}]";
        return $"{file ?? "<input>"}:{Line}:{Column}: {severity}: {Message}{element}";
    }
}
