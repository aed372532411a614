using System.Text.Json;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Bpmn.Execution;

/// <summary>
/// The pure token interpreter: <c>(definition, instance state, command) -> (new state, events)</c>. No I/O, no
/// clock (every command carries its time), no threads; scripts and conditions go through
/// <see cref="IBpmnScriptEvaluator"/>. Construction validates the definitions and refuses them with
/// <see cref="BpmnValidationException"/> when anything would not run exactly as drawn, so an instance is never
/// half-run. An interpreter holds only read-only derived data and may be shared between threads.
/// </summary>
public sealed class BpmnInterpreter
{
    private readonly Dictionary<string, ProcessGraph> _graphs = new(StringComparer.Ordinal);
    private readonly Lock _graphLock = new();

    // Built once in the constructor and only read afterwards, so every thread may read them without the lock: the
    // processes of the definitions by id (the first of a duplicated id, as FindProcess), each with the start event a
    // Start without a named start event fires (null when there is none to choose; found once rather than by a scan of
    // the process's nodes at every start, and in the same lookup as the process), and their graphs.
    private readonly Dictionary<string, (BpmnProcess Process, BpmnFlowNode? NoneStart)> _processes = new(StringComparer.Ordinal);
    private readonly Dictionary<BpmnProcess, ProcessGraph> _ownGraphs = new(ReferenceEqualityComparer.Instance);

    // The one process of definitions that have exactly one (else null) and its entry's none start; set in the
    // constructor, only read afterwards.
    private readonly BpmnProcess? _onlyProcess;
    private readonly BpmnFlowNode? _onlyNoneStart;

    /// <summary>Validates <paramref name="definitions"/> and prepares to run its processes.</summary>
    /// <param name="definitions">The read diagram.</param>
    /// <param name="scripts">Evaluates JavaScript conditions, scripts and values.</param>
    /// <param name="resolver">Finds called processes; by default, in the same file.</param>
    /// <param name="feel">Bounds for FEEL expressions (<c>=...</c>) and the time zone of their <c>today()</c>; by
    /// default <see cref="FeelEvaluationOptions.Default"/>'s bounds in UTC. Its clock's instant is not read:
    /// <c>now()</c> is the time of the command being applied.</param>
    /// <exception cref="BpmnValidationException">The diagram has errors.</exception>
    public BpmnInterpreter(BpmnDefinitions definitions, IBpmnScriptEvaluator scripts, IBpmnProcessResolver? resolver = null, FeelEvaluationOptions? feel = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(scripts);
        Diagnostics = new BpmnValidator(scripts).EnsureDeployable(definitions);
        Definitions = definitions;
        Scripts = scripts;
        Feel = new FeelBpmnEvaluator(feel);
        Resolver = resolver ?? new SameFileProcessResolver(definitions);
        foreach (var process in definitions.Processes)
        {
            if (_processes.TryAdd(process.Id, (process, NoneStart(process.Nodes))))
            {
                _ownGraphs[process] = new ProcessGraph(process);
            }
        }

        if (definitions.Processes.Count == 1)
        {
            _onlyProcess = definitions.Processes[0];
            _onlyNoneStart = _processes[_onlyProcess.Id].NoneStart;
        }
    }

    /// <summary>The definitions this interpreter runs.</summary>
    public BpmnDefinitions Definitions { get; }

    /// <summary>Warnings found when the definitions were validated.</summary>
    public IReadOnlyList<BpmnDiagnostic> Diagnostics { get; }

    internal IBpmnScriptEvaluator Scripts { get; }

    internal IBpmnProcessResolver Resolver { get; }

    internal FeelBpmnEvaluator Feel { get; }

    /// <summary>Starts an instance of <paramref name="processId"/> and runs it until it waits or ends.</summary>
    /// <param name="processId">The process to start.</param>
    /// <param name="variables">Start variables (need not be declared in the model), or <see langword="null"/>.</param>
    /// <param name="at">The (virtual) start time.</param>
    /// <param name="startEventId">The start event that fired (a message, timer, signal or conditional start);
    /// by default the process's none start event.</param>
    /// <exception cref="BpmnCommandRejectedException">The process or start event does not exist.</exception>
    public BpmnStepResult Start(string processId, IReadOnlyDictionary<string, JsonElement>? variables, DateTimeOffset at, string? startEventId = null)
    {
        if (!TryFindProcess(processId, out var found))
        {
            throw new BpmnCommandRejectedException($"The definitions have no process '{processId}'.", processId);
        }

        var process = found.Process;
        var start = startEventId is not null
            ? FindStart(process.Nodes, startEventId)
                ?? throw new BpmnCommandRejectedException($"'{startEventId}' is not a start event of process '{processId}'.", startEventId)
            : found.NoneStart
                ?? throw new BpmnCommandRejectedException($"Process '{processId}' has no none start event; name the start event that fired.", processId);

        // A start to a first wait emits five events (started, the start event activated and completed, the next
        // element activated and waiting; start variables emit none), two more per element passed on the way: the log
        // has room for five and doubles when a step needs more.
        var step = new InterpreterStep(this, BpmnInstanceState.ForStart(processId), at, 5);
        step.Start(process, start, variables);
        return step.Finish(handled: true);
    }

    private static BpmnFlowNode? FindStart(IReadOnlyList<BpmnFlowNode> nodes, string startEventId)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (node.Id == startEventId && (node.Type == "startEvent" || node is { Type: "receiveTask", Instantiate: true }))
            {
                return node;
            }
        }

        return null;
    }

    // The first none start event; failing that, the only start event there is (whatever its trigger).
    private static BpmnFlowNode? NoneStart(IReadOnlyList<BpmnFlowNode> nodes)
    {
        BpmnFlowNode? only = null;
        var starts = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (node.Type == "startEvent")
            {
                if (node.EventDefinitions.Count == 0)
                {
                    return node;
                }

                only = node;
                starts++;
            }
        }

        return starts == 1 ? only : null;
    }

    /// <summary>Applies one command to a state and runs until the instance waits or ends.</summary>
    /// <param name="state">The current state; it is not modified.</param>
    /// <param name="command">What happened.</param>
    /// <exception cref="BpmnCommandRejectedException">The command names something the instance is not waiting for.</exception>
    public BpmnStepResult Apply(BpmnInstanceState state, BpmnCommand command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        if (state.Status != BpmnInstanceStatus.Active)
        {
            throw new BpmnCommandRejectedException($"The instance has ended ({state.Status}); it accepts no more commands.", null);
        }

        // A completion emits one event per variable it brings and six for the elements it passes to the end (the task
        // completed, a gateway activated and completed, the end event activated and completed, the process completed)
        // or, without the end, to the next task (created instead of the process completed).
        var data = DataCount(command);
        var step = new InterpreterStep(this, state.CopyForStep(data), command.At, 6 + data, data);
        var handled = step.Apply(command);
        return step.Finish(handled);
    }

    private static int DataCount(BpmnCommand command) => command switch
    {
        CompleteTask { Data: { } data } => data.Count,
        CorrelateMessage { Data: { } data } => data.Count,
        BroadcastSignal { Data: { } data } => data.Count,
        ResolveIncident { Data: { } data } => data.Count,
        _ => 0,
    };

    /// <summary>The process of these definitions with this id (as <see cref="BpmnDefinitions.FindProcess"/>), without a scan.</summary>
    /// <remarks>Definitions usually hold one process, and every step asks for it once: compared with its id (the same
    /// string object, as a rule) before the table, whose lookup hashes the id.</remarks>
    internal BpmnProcess? FindProcess(string processId) => TryFindProcess(processId, out var found) ? found.Process : null;

    private bool TryFindProcess(string processId, out (BpmnProcess Process, BpmnFlowNode? NoneStart) found)
    {
        if (_onlyProcess is { } only && (ReferenceEquals(only.Id, processId) || string.Equals(only.Id, processId, StringComparison.Ordinal)))
        {
            found = (only, _onlyNoneStart);
            return true;
        }

        return _processes.TryGetValue(processId, out found);
    }

    internal ProcessGraph Graph(BpmnProcess process)
    {
        if (_ownGraphs.TryGetValue(process, out var own))
        {
            return own;
        }

        // A process of another deployment, found through the resolver.
        lock (_graphLock)
        {
            if (!_graphs.TryGetValue(process.Id, out var graph) || !ReferenceEquals(graph.Process, process))
            {
                _graphs[process.Id] = graph = new ProcessGraph(process);
            }

            return graph;
        }
    }
}
