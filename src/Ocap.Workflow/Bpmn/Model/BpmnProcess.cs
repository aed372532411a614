namespace Ocap.Workflow.Bpmn;

/// <summary>One <c>process</c> of a definitions file, with every node and flow (also nested ones) indexed by id.</summary>
public sealed class BpmnProcess
{
    private readonly Dictionary<string, BpmnFlowNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BpmnSequenceFlow> _flows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<BpmnFlowNode>> _boundaries = new(StringComparer.Ordinal);

    internal BpmnProcess(string id, string? name, bool? isExecutable, int line, int column,
        IReadOnlyList<BpmnFlowNode> nodes, IReadOnlyList<BpmnSequenceFlow> flows, IReadOnlyList<BpmnLane> lanes,
        IReadOnlyList<BpmnVariableMapping> properties)
    {
        Id = id;
        Name = name;
        IsExecutable = isExecutable;
        Line = line;
        Column = column;
        Nodes = nodes;
        Flows = flows;
        Lanes = lanes;
        Properties = properties;
        Index(nodes, flows);
    }

    /// <summary>The process id.</summary>
    public string Id { get; }

    /// <summary>The <c>name</c> attribute.</summary>
    public string? Name { get; }

    /// <summary><c>isExecutable</c>, or <see langword="null"/> when the attribute is absent.</summary>
    public bool? IsExecutable { get; }

    /// <summary>1-based line of the <c>process</c> element.</summary>
    public int Line { get; }

    /// <summary>1-based column of the <c>process</c> element.</summary>
    public int Column { get; }

    /// <summary>Top-level nodes.</summary>
    public IReadOnlyList<BpmnFlowNode> Nodes { get; }

    /// <summary>Top-level flows.</summary>
    public IReadOnlyList<BpmnSequenceFlow> Flows { get; }

    /// <summary>Lanes (kept for assignment and display; they do not change execution).</summary>
    public IReadOnlyList<BpmnLane> Lanes { get; }

    /// <summary>Process <c>property</c> elements (id as both source and target).</summary>
    public IReadOnlyList<BpmnVariableMapping> Properties { get; }

    /// <summary>Every node, nested ones included.</summary>
    public IEnumerable<BpmnFlowNode> AllNodes => _nodes.Values;

    /// <summary>Every flow, nested ones included.</summary>
    public IEnumerable<BpmnSequenceFlow> AllFlows => _flows.Values;

    /// <summary>Finds a node (at any depth) by id.</summary>
    public BpmnFlowNode? FindNode(string id) => _nodes.GetValueOrDefault(id);

    /// <summary>Finds a flow (at any depth) by id.</summary>
    public BpmnSequenceFlow? FindFlow(string id) => _flows.GetValueOrDefault(id);

    /// <summary>The boundary events attached to an activity, in document order.</summary>
    public IReadOnlyList<BpmnFlowNode> BoundaryEventsOf(string activityId) =>
        _boundaries.TryGetValue(activityId, out var list) ? list : Array.Empty<BpmnFlowNode>();

    /// <summary>The direct children (nodes) of a scope: the process itself or a sub-process.</summary>
    public IReadOnlyList<BpmnFlowNode> ChildrenOf(string scopeId) =>
        scopeId == Id ? Nodes : FindNode(scopeId)?.Children ?? [];

    private void Index(IReadOnlyList<BpmnFlowNode> nodes, IReadOnlyList<BpmnSequenceFlow> flows)
    {
        foreach (var flow in flows)
        {
            _flows.TryAdd(flow.Id, flow);
        }

        foreach (var node in nodes)
        {
            _nodes.TryAdd(node.Id, node);
            if (node.AttachedTo is { } host)
            {
                if (!_boundaries.TryGetValue(host, out var list))
                {
                    _boundaries[host] = list = [];
                }

                list.Add(node);
            }

            Index(node.Children, node.ChildFlows);
        }
    }
}

/// <summary>A lane and the nodes it holds.</summary>
/// <param name="Id">The lane id.</param>
/// <param name="Name">The lane name.</param>
/// <param name="NodeIds">The ids in <c>flowNodeRef</c>.</param>
public sealed record BpmnLane(string Id, string? Name, IReadOnlyList<string> NodeIds);
