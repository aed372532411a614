namespace Ocap.Workflow.Storage;

/// <summary>What a deployed artifact is.</summary>
public enum ArtifactKind
{
    /// <summary>A BPMN 2.0 XML file.</summary>
    Bpmn,

    /// <summary>A form-js form schema (JSON).</summary>
    Form,

    /// <summary>A JavaScript module or expression.</summary>
    Script,

    /// <summary>Additions to the tenant's attribute schema.</summary>
    AttributeSchema,
}
