namespace Ocap.Workflow.Forms;

/// <summary>How a form-js component type relates to the submitted data.</summary>
public enum FormComponentKind
{
    /// <summary>A type this build does not know. It survives a round trip, but a form containing it cannot be validated.</summary>
    Unknown,

    /// <summary>An input bound to one value at its <c>key</c> (textfield, number, select …).</summary>
    Input,

    /// <summary>A container whose optional <c>path</c> prefixes its children's keys (group, dynamiclist).</summary>
    Container,

    /// <summary>A display or action element that carries no data (text, html, image, button …).</summary>
    Display,
}
