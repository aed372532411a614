namespace Ocap.Workflow.Bpmn;

/// <summary>
/// <see cref="BpmnFlowNode.Type"/> as a number, worked out once when the type is set, so that the interpreter, which asks
/// a node's kind on every element it enters and leaves, compares a byte instead of hashing or comparing the type text.
/// Activities and gateways are consecutive ranges (<see cref="BpmnNodeKinds.IsActivity"/>, <see cref="BpmnNodeKinds.IsGateway"/>).
/// </summary>
internal enum BpmnNodeKind : byte
{
    /// <summary>Any other element name (choreographies, or a name the reader does not know).</summary>
    Other,

    /// <summary><c>startEvent</c>.</summary>
    StartEvent,

    /// <summary><c>endEvent</c>.</summary>
    EndEvent,

    /// <summary><c>intermediateCatchEvent</c>.</summary>
    IntermediateCatchEvent,

    /// <summary><c>intermediateThrowEvent</c>.</summary>
    IntermediateThrowEvent,

    /// <summary><c>boundaryEvent</c>.</summary>
    BoundaryEvent,

    /// <summary><c>implicitThrowEvent</c>.</summary>
    ImplicitThrowEvent,

    /// <summary><c>task</c> (the first activity).</summary>
    Task,

    /// <summary><c>userTask</c>.</summary>
    UserTask,

    /// <summary><c>manualTask</c>.</summary>
    ManualTask,

    /// <summary><c>serviceTask</c>.</summary>
    ServiceTask,

    /// <summary><c>sendTask</c>.</summary>
    SendTask,

    /// <summary><c>receiveTask</c>.</summary>
    ReceiveTask,

    /// <summary><c>scriptTask</c>.</summary>
    ScriptTask,

    /// <summary><c>businessRuleTask</c>.</summary>
    BusinessRuleTask,

    /// <summary><c>subProcess</c>.</summary>
    SubProcess,

    /// <summary><c>callActivity</c>.</summary>
    CallActivity,

    /// <summary><c>transaction</c>.</summary>
    Transaction,

    /// <summary><c>adHocSubProcess</c> (the last activity).</summary>
    AdHocSubProcess,

    /// <summary><c>exclusiveGateway</c> (the first gateway).</summary>
    ExclusiveGateway,

    /// <summary><c>parallelGateway</c>.</summary>
    ParallelGateway,

    /// <summary><c>inclusiveGateway</c>.</summary>
    InclusiveGateway,

    /// <summary><c>eventBasedGateway</c>.</summary>
    EventBasedGateway,

    /// <summary><c>complexGateway</c> (the last gateway).</summary>
    ComplexGateway,
}

/// <summary>How a <see cref="BpmnFlowNode.Type"/> text maps to a <see cref="BpmnNodeKind"/>, and the kinds' ranges.</summary>
internal static class BpmnNodeKinds
{
    /// <summary>The kind of an element name; <see cref="BpmnNodeKind.Other"/> for any name not listed (and for null).</summary>
    public static BpmnNodeKind Of(string? type) => type switch
    {
        "startEvent" => BpmnNodeKind.StartEvent,
        "endEvent" => BpmnNodeKind.EndEvent,
        "intermediateCatchEvent" => BpmnNodeKind.IntermediateCatchEvent,
        "intermediateThrowEvent" => BpmnNodeKind.IntermediateThrowEvent,
        "boundaryEvent" => BpmnNodeKind.BoundaryEvent,
        "implicitThrowEvent" => BpmnNodeKind.ImplicitThrowEvent,
        "task" => BpmnNodeKind.Task,
        "userTask" => BpmnNodeKind.UserTask,
        "manualTask" => BpmnNodeKind.ManualTask,
        "serviceTask" => BpmnNodeKind.ServiceTask,
        "sendTask" => BpmnNodeKind.SendTask,
        "receiveTask" => BpmnNodeKind.ReceiveTask,
        "scriptTask" => BpmnNodeKind.ScriptTask,
        "businessRuleTask" => BpmnNodeKind.BusinessRuleTask,
        "subProcess" => BpmnNodeKind.SubProcess,
        "callActivity" => BpmnNodeKind.CallActivity,
        "transaction" => BpmnNodeKind.Transaction,
        "adHocSubProcess" => BpmnNodeKind.AdHocSubProcess,
        "exclusiveGateway" => BpmnNodeKind.ExclusiveGateway,
        "parallelGateway" => BpmnNodeKind.ParallelGateway,
        "inclusiveGateway" => BpmnNodeKind.InclusiveGateway,
        "eventBasedGateway" => BpmnNodeKind.EventBasedGateway,
        "complexGateway" => BpmnNodeKind.ComplexGateway,
        _ => BpmnNodeKind.Other,
    };

    /// <summary>Whether the kind is an activity: a task of any type, a sub-process (plain, transaction or ad hoc) or a
    /// call activity, exactly the element names <see cref="BpmnFlowNode.IsActivity"/> lists.</summary>
    public static bool IsActivity(this BpmnNodeKind kind) => kind is >= BpmnNodeKind.Task and <= BpmnNodeKind.AdHocSubProcess;

    /// <summary>Whether the kind is one of the five gateways.</summary>
    public static bool IsGateway(this BpmnNodeKind kind) => kind is >= BpmnNodeKind.ExclusiveGateway and <= BpmnNodeKind.ComplexGateway;
}
