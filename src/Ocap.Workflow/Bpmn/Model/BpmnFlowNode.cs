namespace Ocap.Workflow.Bpmn;

/// <summary>
/// One flow node of a process (event, activity or gateway), immutable once read. Sub-processes hold their own
/// nodes and flows in <see cref="Children"/> and <see cref="ChildFlows"/>. <see cref="Type"/> is the BPMN local
/// element name (<c>userTask</c>, <c>exclusiveGateway</c>, ...), so elements we do not execute are still kept,
/// named and located for diagnostics.
/// </summary>
public sealed record BpmnFlowNode
{
    /// <summary>The element id.</summary>
    public required string Id { get; init; }

    /// <summary>The BPMN local element name, e.g. <c>scriptTask</c>.</summary>
    public required string Type
    {
        get => _type;
        init
        {
            _type = value;
            Kind = BpmnNodeKinds.Of(value);
        }
    }

    // Set with Type and only with it (a `with` copies both, then sets both again if Type is given), so the two always agree.
    private readonly string _type = null!;

    /// <summary><see cref="Type"/> as a number (<see cref="BpmnNodeKind.Other"/> for a name it does not list).</summary>
    internal BpmnNodeKind Kind { get; private init; }

    /// <summary>The <c>name</c> attribute, if any.</summary>
    public string? Name { get; init; }

    /// <summary>The id of the enclosing process or sub-process.</summary>
    public required string ScopeId { get; init; }

    /// <summary>1-based line of the element.</summary>
    public int Line { get; init; }

    /// <summary>1-based column of the element.</summary>
    public int Column { get; init; }

    /// <summary>Ids of incoming sequence flows.</summary>
    public IReadOnlyList<string> Incoming { get; init; } = [];

    /// <summary>Ids of outgoing sequence flows, in document order.</summary>
    public IReadOnlyList<string> Outgoing { get; init; } = [];

    /// <summary>The <c>default</c> flow of a gateway or activity.</summary>
    public string? DefaultFlow { get; init; }

    /// <summary>Event definitions (events only; empty for none events).</summary>
    public IReadOnlyList<BpmnEventDefinition> EventDefinitions { get; init; } = [];

    /// <summary>Boundary events: the activity they are attached to.</summary>
    public string? AttachedTo { get; init; }

    /// <summary>Boundary events: <c>cancelActivity</c> (default true).</summary>
    public bool CancelActivity { get; init; } = true;

    /// <summary>Start events of event sub-processes: <c>isInterrupting</c> (default true).</summary>
    public bool IsInterrupting { get; init; } = true;

    /// <summary>Events with several definitions: <c>parallelMultiple</c>.</summary>
    public bool ParallelMultiple { get; init; }

    /// <summary>Sub-processes: <c>triggeredByEvent</c> (an event sub-process).</summary>
    public bool TriggeredByEvent { get; init; }

    /// <summary>Receive tasks: <c>instantiate</c>.</summary>
    public bool Instantiate { get; init; }

    /// <summary>Activities: <c>startQuantity</c> (default 1).</summary>
    public int StartQuantity { get; init; } = 1;

    /// <summary>Activities: <c>completionQuantity</c> (default 1).</summary>
    public int CompletionQuantity { get; init; } = 1;

    /// <summary>Script tasks: the script (inline text or a module reference).</summary>
    public BpmnExpression? Script { get; init; }

    /// <summary>Script tasks: Camunda <c>resultVariable</c> / Zeebe <c>resultVariable</c>.</summary>
    public string? ResultVariable { get; init; }

    /// <summary>Call activities: the called process id (<c>calledElement</c> or <c>zeebe:calledElement processId</c>).</summary>
    public string? CalledElement { get; init; }

    /// <summary>Call activities (Camunda 8): <c>propagateAllParentVariables</c> (default true): the called process
    /// sees every variable visible at the call activity, not only its input mappings.</summary>
    public bool PropagateAllParentVariables { get; init; } = true;

    /// <summary>Call activities (Camunda 8): <c>propagateAllChildVariables</c> (default true): without output
    /// mappings, every variable of the called process is copied back.</summary>
    public bool PropagateAllChildVariables { get; init; } = true;

    /// <summary>Call activities: a pinned version (Camunda <c>calledElementVersion</c>), or <see langword="null"/> for the latest.</summary>
    public string? CalledElementVersion { get; init; }

    /// <summary>Messages of send/receive tasks (<c>messageRef</c>), resolved to the message name when possible.</summary>
    public string? MessageName { get; init; }

    /// <summary>Receive tasks: the correlation key of the message's Camunda 8 subscription (FEEL when it starts with <c>=</c>), if any.</summary>
    public string? CorrelationKey { get; init; }

    /// <summary>Loop or multi-instance characteristics.</summary>
    public BpmnLoopCharacteristics? Loop { get; init; }

    /// <summary>User tasks: who may work on it and with which form.</summary>
    public BpmnUserTaskInfo? UserTask { get; init; }

    /// <summary>Service-like tasks: the external task type / topic (Camunda <c>topic</c>, Zeebe <c>taskDefinition type</c>).</summary>
    public string? TaskType { get; init; }

    /// <summary>Input mappings (Camunda <c>inputOutput</c>, Zeebe <c>ioMapping</c>, Camunda <c>in</c> on call activities).</summary>
    public IReadOnlyList<BpmnVariableMapping> Inputs { get; init; } = [];

    /// <summary>Output mappings.</summary>
    public IReadOnlyList<BpmnVariableMapping> Outputs { get; init; } = [];

    /// <summary>Data input and output associations, kept as written (they are not executed: tasks read and write
    /// process variables directly, which the validator says with a warning).</summary>
    public IReadOnlyList<BpmnDataAssociation> DataAssociations { get; init; } = [];

    /// <summary>Camunda 7 async flags (<c>asyncBefore</c>, <c>asyncAfter</c>); the runtime may use them as commit points.</summary>
    public bool AsyncBefore { get; init; }

    /// <summary>Camunda 7 <c>asyncAfter</c>.</summary>
    public bool AsyncAfter { get; init; }

    /// <summary>Complex gateways: the activation condition (kept for diagnostics; complex gateways are refused).</summary>
    public BpmnExpression? ActivationCondition { get; init; }

    /// <summary>Sub-processes: the nodes directly inside.</summary>
    public IReadOnlyList<BpmnFlowNode> Children { get; init; } = [];

    /// <summary>Sub-processes: the sequence flows directly inside.</summary>
    public IReadOnlyList<BpmnSequenceFlow> ChildFlows { get; init; } = [];

    /// <summary>Extension attributes as written, keyed <c>prefix-free-namespace-uri#localName</c> is avoided: keyed
    /// by a short vendor prefix (<c>camunda:</c>, <c>zeebe:</c>, <c>ocap:</c>) and local name.</summary>
    public IReadOnlyDictionary<string, string> Extensions { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether this is an activity (task, sub-process or call activity).</summary>
    /// <remarks>The element names <c>task</c>, <c>userTask</c>, <c>manualTask</c>, <c>serviceTask</c>, <c>sendTask</c>,
    /// <c>receiveTask</c>, <c>scriptTask</c>, <c>businessRuleTask</c>, <c>subProcess</c>, <c>callActivity</c>,
    /// <c>transaction</c> and <c>adHocSubProcess</c>.</remarks>
    public bool IsActivity => Kind.IsActivity();

    /// <summary>The first event definition, or <see cref="BpmnEventKind.None"/>.</summary>
    public BpmnEventKind EventKind => EventDefinitions.Count == 0 ? BpmnEventKind.None : EventDefinitions[0].Kind;
}

/// <summary>A sequence flow.</summary>
/// <param name="Id">The flow id.</param>
/// <param name="SourceRef">The source node id.</param>
/// <param name="TargetRef">The target node id.</param>
/// <param name="Condition">The <c>conditionExpression</c>, if any.</param>
/// <param name="ScopeId">The enclosing process or sub-process id.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record BpmnSequenceFlow(
    string Id, string SourceRef, string TargetRef, BpmnExpression? Condition, string ScopeId, int Line, int Column)
{
    /// <summary>The <c>name</c> attribute, if any.</summary>
    public string? Name { get; init; }
}

/// <summary>A data input or output association of an activity or event.</summary>
/// <param name="IsInput"><see langword="true"/> for <c>dataInputAssociation</c>.</param>
/// <param name="Sources">The <c>sourceRef</c> ids.</param>
/// <param name="Target">The <c>targetRef</c> id.</param>
public sealed record BpmnDataAssociation(bool IsInput, IReadOnlyList<string> Sources, string? Target);

/// <summary>One variable mapping: copy <paramref name="Source"/> (a variable name or expression) into <paramref name="Target"/>.</summary>
/// <param name="Source">Variable name (or expression text, kept as written).</param>
/// <param name="Target">Target variable name; <c>*</c> with <paramref name="Source"/> <c>*</c> means all variables.</param>
public sealed record BpmnVariableMapping(string Source, string Target)
{
    /// <summary>
    /// <see langword="true"/> for a Camunda 8 <c>zeebe:input</c> / <c>zeebe:output</c> mapping: the source is a
    /// FEEL expression when it starts with <c>=</c> and a static string otherwise, and the target may be a path
    /// (<c>a.b</c>) that builds nested contexts. <see langword="false"/> for Camunda 7 mappings, which copy by name.
    /// </summary>
    public bool IsZeebe { get; init; }

    /// <summary>1-based line of the mapping element (0 when unknown).</summary>
    public int Line { get; init; }

    /// <summary>1-based column of the mapping element (0 when unknown).</summary>
    public int Column { get; init; }
}

/// <summary>What a user task says about its assignment and form.</summary>
public sealed record BpmnUserTaskInfo
{
    /// <summary>Camunda <c>assignee</c> / Zeebe <c>assignmentDefinition assignee</c>.</summary>
    public string? Assignee { get; init; }

    /// <summary>Camunda 8: the <c>assignee</c> written as FEEL (<c>=starter</c>), evaluated when the task is
    /// created; <see cref="Assignee"/> is then <see langword="null"/> in the model and holds the evaluated value in
    /// the <c>taskCreated</c> event.</summary>
    public BpmnExpression? AssigneeExpression { get; init; }

    /// <summary>Camunda 8: <c>candidateUsers</c> written as FEEL, evaluating to a list of strings or a comma-separated string.</summary>
    public BpmnExpression? CandidateUsersExpression { get; init; }

    /// <summary>Camunda 8: <c>candidateGroups</c> written as FEEL, evaluating to a list of strings or a comma-separated string.</summary>
    public BpmnExpression? CandidateGroupsExpression { get; init; }

    /// <summary>Whether any part of the assignment is an expression to evaluate when the task is created.</summary>
    public bool HasExpressions => AssigneeExpression is not null || CandidateUsersExpression is not null || CandidateGroupsExpression is not null;

    /// <summary>Candidate user ids (comma-separated in the diagram).</summary>
    public IReadOnlyList<string> CandidateUsers { get; init; } = [];

    /// <summary>Candidate group ids (comma-separated in the diagram).</summary>
    public IReadOnlyList<string> CandidateGroups { get; init; } = [];

    /// <summary>Our extension <c>ocap:candidateFilter</c>: an RFC 4515 LDAP filter over the principal's attributes.</summary>
    public string? CandidateFilter { get; init; }

    /// <summary>Our extension <c>ocap:assignmentModule</c>: a tenant JavaScript module that computes the assignment.</summary>
    public string? AssignmentModule { get; init; }

    /// <summary>Camunda 7 <c>formKey</c> / Zeebe <c>formKey</c>.</summary>
    public string? FormKey { get; init; }

    /// <summary>Camunda 7 <c>formRef</c> / Zeebe <c>formDefinition formId</c>.</summary>
    public string? FormRef { get; init; }

    /// <summary>Zeebe <c>userTaskForm</c> body (an embedded form-js schema), if any.</summary>
    public string? EmbeddedForm { get; init; }
}
