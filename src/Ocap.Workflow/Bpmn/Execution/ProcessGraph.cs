using System.Collections.Concurrent;

namespace Ocap.Workflow.Bpmn.Execution;

/// <summary>
/// Derived, read-only lookups over one process: flows by source and target in document order, and "can a token
/// at A still reach B" for the inclusive join. Built once per process; safe to share between threads.
/// </summary>
/// <remarks>
/// Lists are arrays, so the interpreter's loops over them allocate no enumerator, and a step that takes exactly
/// one flow is given that flow's prebuilt one-element array (<see cref="Only"/>) instead of a new list. None of the
/// arrays is ever written after construction.
/// </remarks>
internal sealed class ProcessGraph
{
    private readonly Dictionary<string, BpmnSequenceFlow[]> _outgoing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BpmnSequenceFlow[]> _incoming = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BpmnSequenceFlow[]> _only = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BpmnFlowNode[]> _boundaries = new(StringComparer.Ordinal);

    // Lookups by the flow and node objects of this process: the interpreter holds the node it is at, and a lookup by
    // reference hashes no id string and compares no characters.
    private readonly Dictionary<BpmnSequenceFlow, BpmnSequenceFlow[]> _onlyOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<BpmnSequenceFlow, BpmnFlowNode?> _targetOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<BpmnFlowNode, NodeRoute> _routes = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<(string From, string To), bool> _reach = new();
    private readonly BpmnProcess _process;

    public ProcessGraph(BpmnProcess process)
    {
        _process = process;
        var outgoing = new Dictionary<string, List<BpmnSequenceFlow>>(StringComparer.Ordinal);
        var incoming = new Dictionary<string, List<BpmnSequenceFlow>>(StringComparer.Ordinal);
        foreach (var flow in process.AllFlows.OrderBy(f => f.Line).ThenBy(f => f.Column))
        {
            Add(outgoing, flow.SourceRef, flow);
            Add(incoming, flow.TargetRef, flow);
            if (_only.TryAdd(flow.Id, [flow]))
            {
                _onlyOf[flow] = _only[flow.Id];
            }

            _targetOf[flow] = process.FindNode(flow.TargetRef);
        }

        foreach (var (node, flows) in outgoing)
        {
            _outgoing[node] = [.. flows];
        }

        foreach (var (node, flows) in incoming)
        {
            _incoming[node] = [.. flows];
        }

        foreach (var node in process.AllNodes)
        {
            if (node.AttachedTo is { } host && !_boundaries.ContainsKey(host))
            {
                _boundaries[host] = [.. process.BoundaryEventsOf(host)];
            }
        }

        foreach (var node in process.AllNodes)
        {
            _routes.TryAdd(node, NewRoute(node));
        }
    }

    public BpmnProcess Process => _process;

    public BpmnSequenceFlow[] Outgoing(string nodeId) => _outgoing.TryGetValue(nodeId, out var flows) ? flows : [];

    public BpmnSequenceFlow[] Incoming(string nodeId) => _incoming.TryGetValue(nodeId, out var flows) ? flows : [];

    /// <summary>The boundary events attached to <paramref name="activity"/>: <see cref="BoundaryEventsOf(string)"/> for its id
    /// (the interpreter reads them from the node's <see cref="Route"/>).</summary>
    public BpmnFlowNode[] BoundaryEventsOf(BpmnFlowNode activity) => BoundaryEventsOf(activity.Id);

    /// <summary>The boundary events attached to an activity, as <see cref="BpmnProcess.BoundaryEventsOf"/> lists them.</summary>
    public BpmnFlowNode[] BoundaryEventsOf(string activityId) => _boundaries.TryGetValue(activityId, out var boundaries) ? boundaries : [];

    /// <summary>The node <paramref name="flow"/> leads to, as <see cref="BpmnProcess.FindNode"/> finds it by the flow's target id.</summary>
    public BpmnFlowNode? TargetOf(BpmnSequenceFlow flow) =>
        _targetOf.TryGetValue(flow, out var target) ? target : _process.FindNode(flow.TargetRef);

    /// <summary>A one-element array holding <paramref name="flow"/> (shared; callers only read it).</summary>
    public BpmnSequenceFlow[] Only(BpmnSequenceFlow flow) =>
        _onlyOf.TryGetValue(flow, out var only) ? only : [flow];

    /// <summary>
    /// Everything about <paramref name="node"/> that entering and leaving it looks up, in one lookup: its outgoing flows
    /// with, per flow, its target (<see cref="TargetOf"/>), its one-element array (<see cref="Only"/>) and whether it is
    /// the node's default flow; and its boundary events. Each array is the one the separate lookups return.
    /// </summary>
    /// <param name="node">A node of this process; another node object (with the same id) gets a route made for the call.</param>
    public NodeRoute Route(BpmnFlowNode node) => _routes.TryGetValue(node, out var route) ? route : NewRoute(node);

    private NodeRoute NewRoute(BpmnFlowNode node)
    {
        var outgoing = Outgoing(node.Id);
        var targets = new BpmnFlowNode?[outgoing.Length];
        var only = new BpmnSequenceFlow[outgoing.Length][];
        var isDefault = new bool[outgoing.Length];
        for (var i = 0; i < outgoing.Length; i++)
        {
            targets[i] = TargetOf(outgoing[i]);
            only[i] = Only(outgoing[i]);
            isDefault[i] = outgoing[i].Id == node.DefaultFlow;
        }

        return new NodeRoute(outgoing, targets, only, isDefault, BoundaryEventsOf(node));
    }

    /// <summary>Whether a token at <paramref name="from"/> can reach <paramref name="to"/> along sequence flows
    /// (boundary events of activities on the way count as ways out).</summary>
    public bool CanReach(string from, string to) => _reach.GetOrAdd((from, to), key => Search(key.From, key.To));

    private bool Search(string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        var queue = new Queue<string>();
        queue.Enqueue(from);
        while (queue.TryDequeue(out var id))
        {
            var next = Outgoing(id).Select(f => f.TargetRef)
                .Concat(_process.BoundaryEventsOf(id).Select(b => b.Id));
            foreach (var target in next)
            {
                if (target == to)
                {
                    return true;
                }

                if (seen.Add(target))
                {
                    queue.Enqueue(target);
                }
            }
        }

        return false;
    }

    private static void Add(Dictionary<string, List<BpmnSequenceFlow>> map, string key, BpmnSequenceFlow flow)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(flow);
    }
}

/// <summary>What <see cref="ProcessGraph.Route"/> gives for one node; never written after it is made. The per-flow arrays
/// are indexed like <see cref="Outgoing"/>.</summary>
internal sealed class NodeRoute(
    BpmnSequenceFlow[] outgoing, BpmnFlowNode?[] targets, BpmnSequenceFlow[][] only, bool[] isDefault, BpmnFlowNode[] boundaries)
{
    /// <summary>The node's outgoing flows, as <see cref="ProcessGraph.Outgoing(string)"/> gives them for its id.</summary>
    public BpmnSequenceFlow[] Outgoing { get; } = outgoing;

    /// <summary>Per flow, the node it leads to (<see cref="ProcessGraph.TargetOf"/>).</summary>
    public BpmnFlowNode?[] Targets { get; } = targets;

    /// <summary>Per flow, its shared one-element array (<see cref="ProcessGraph.Only"/>).</summary>
    public BpmnSequenceFlow[][] Only { get; } = only;

    /// <summary>Per flow, whether its id is the node's <see cref="BpmnFlowNode.DefaultFlow"/>.</summary>
    public bool[] IsDefault { get; } = isDefault;

    /// <summary>The node's boundary events (<see cref="ProcessGraph.BoundaryEventsOf(BpmnFlowNode)"/>).</summary>
    public BpmnFlowNode[] Boundaries { get; } = boundaries;
}
