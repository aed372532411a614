using System.Xml.Linq;

namespace Ocap.Workflow.Bpmn;

/// <summary>The XML namespaces the reader understands.</summary>
public static class BpmnNamespaces
{
    /// <summary>The BPMN 2.0 model namespace.</summary>
    public const string Model = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    /// <summary>Camunda 7 extension attributes and elements.</summary>
    public const string Camunda = "http://camunda.org/schema/1.0/bpmn";

    /// <summary>Camunda 8 (Zeebe) extension elements.</summary>
    public const string Zeebe = "http://camunda.org/schema/zeebe/1.0";

    /// <summary>
    /// Our own extension namespace (conventional prefix <c>ocap</c>): <c>ocap:candidateFilter</c> (an LDAP filter on
    /// a user task), <c>ocap:assignmentModule</c> (a tenant JavaScript module computing the assignment) and
    /// <c>ocap:scriptModule</c> (a tenant JavaScript module used as a script task body or a condition).
    /// </summary>
    public const string Ocap = "https://ocap-workflow.dev/schema/bpmn/1.0";

    /// <summary>XML Schema instance (for <c>xsi:type</c>).</summary>
    public const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    internal static readonly XNamespace ModelNs = Model;
    internal static readonly XNamespace CamundaNs = Camunda;
    internal static readonly XNamespace ZeebeNs = Zeebe;
    internal static readonly XNamespace OcapNs = Ocap;
}
