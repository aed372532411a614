namespace Ocap.Workflow.Bpmn;

/// <summary>
/// A read BPMN 2.0 <c>definitions</c> document: processes, collaboration and root elements (messages, signals,
/// errors, escalations), indexed by id. Immutable. Diagram interchange is not kept: it does not change execution.
/// </summary>
public sealed class BpmnDefinitions
{
    internal BpmnDefinitions(
        string? sourceName, string? id, string? targetNamespace,
        IReadOnlyList<BpmnProcess> processes,
        IReadOnlyDictionary<string, BpmnRootElement> rootElements,
        IReadOnlyList<BpmnParticipant> participants,
        IReadOnlyList<BpmnMessageFlow> messageFlows,
        IReadOnlyList<BpmnDiagnostic> readDiagnostics,
        IReadOnlyDictionary<string, BpmnFlowNode> globalTasks)
    {
        SourceName = sourceName;
        Id = id;
        TargetNamespace = targetNamespace;
        Processes = processes;
        RootElements = rootElements;
        Participants = participants;
        MessageFlows = messageFlows;
        ReadDiagnostics = readDiagnostics;
        GlobalTasks = globalTasks;
    }

    /// <summary>The file name or other label given to the reader, used in diagnostics.</summary>
    public string? SourceName { get; }

    /// <summary>The <c>id</c> of <c>definitions</c>.</summary>
    public string? Id { get; }

    /// <summary>The <c>targetNamespace</c> of <c>definitions</c>.</summary>
    public string? TargetNamespace { get; }

    /// <summary>The processes, in document order.</summary>
    public IReadOnlyList<BpmnProcess> Processes { get; }

    /// <summary>Messages, signals, errors and escalations by id.</summary>
    public IReadOnlyDictionary<string, BpmnRootElement> RootElements { get; }

    /// <summary>Collaboration participants (pools).</summary>
    public IReadOnlyList<BpmnParticipant> Participants { get; }

    /// <summary>Collaboration message flows.</summary>
    public IReadOnlyList<BpmnMessageFlow> MessageFlows { get; }

    /// <summary>Global tasks (<c>globalScriptTask</c>, <c>globalUserTask</c>, ...) a call activity may call, by id.</summary>
    public IReadOnlyDictionary<string, BpmnFlowNode> GlobalTasks { get; }

    /// <summary>What the reader noticed while loading (constructs kept but not understood, for example).</summary>
    public IReadOnlyList<BpmnDiagnostic> ReadDiagnostics { get; }

    /// <summary>Finds a process by id.</summary>
    public BpmnProcess? FindProcess(string id)
    {
        // Indexed: a foreach over the interface would box the list's enumerator on every lookup.
        var processes = Processes;
        for (var i = 0; i < processes.Count; i++)
        {
            if (processes[i].Id == id)
            {
                return processes[i];
            }
        }

        return null;
    }
}

/// <summary>The kinds of root elements that events refer to.</summary>
public enum BpmnRootElementKind
{
    /// <summary><c>message</c>.</summary>
    Message,

    /// <summary><c>signal</c>.</summary>
    Signal,

    /// <summary><c>error</c>.</summary>
    Error,

    /// <summary><c>escalation</c>.</summary>
    Escalation,
}

/// <summary>A message, signal, error or escalation declared at the top of the file.</summary>
/// <param name="Id">The element id.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Name">The <c>name</c> attribute.</param>
/// <param name="Code"><c>errorCode</c> or <c>escalationCode</c>.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record BpmnRootElement(string Id, BpmnRootElementKind Kind, string? Name, string? Code, int Line, int Column)
{
    /// <summary>The name used to match at run time: the code for errors and escalations (falling back to the
    /// name, then id), the name for messages and signals (falling back to the id).</summary>
    public string MatchName => Kind is BpmnRootElementKind.Error or BpmnRootElementKind.Escalation
        ? Code ?? Name ?? Id
        : Name ?? Id;
}

/// <summary>A pool of a collaboration.</summary>
/// <param name="Id">The participant id.</param>
/// <param name="Name">Its name.</param>
/// <param name="ProcessRef">The process it shows, if any.</param>
public sealed record BpmnParticipant(string Id, string? Name, string? ProcessRef);

/// <summary>A message flow between pools.</summary>
/// <param name="Id">The flow id.</param>
/// <param name="SourceRef">Its source element.</param>
/// <param name="TargetRef">Its target element.</param>
/// <param name="MessageRef">The message it carries, if written.</param>
public sealed record BpmnMessageFlow(string Id, string SourceRef, string TargetRef, string? MessageRef);
