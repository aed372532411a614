using System.Text.Json.Nodes;
using Ocap.Workflow.Storage;

namespace Ocap.Workflow.Runtime;

/// <summary>An instance as the engine reports it.</summary>
/// <param name="InstanceId">The instance id.</param>
/// <param name="ProcessKey">The process it runs.</param>
/// <param name="ProcessVersion">The process version it runs (running instances keep theirs).</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="BpmnStatus">The interpreter's status (<c>active</c>, <c>completed</c>, <c>failed</c>, <c>terminated</c>).</param>
/// <param name="Variables">The process-level variables (a copy).</param>
/// <param name="Version">The stored version (one more per committed command).</param>
/// <param name="Incidents">Open incidents, as sentences naming the element.</param>
public sealed record WorkflowInstance(
    string InstanceId,
    string ProcessKey,
    int ProcessVersion,
    InstanceStatus Status,
    string BpmnStatus,
    JsonObject Variables,
    long Version,
    IReadOnlyList<string> Incidents);
