using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.History;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Benchmarks.History;

/// <summary>
/// What one approval instance pays for its history outside the store: the three payloads (instance started, task
/// completed with five fields, the gateway's script decision) and the three chain hashes over their canonical bytes.
/// <see cref="ApprovalPayloadsWithWriter"/> is the writer's field-by-field path, kept as the general one, for comparison;
/// <see cref="Sha256Only"/> is the floor the history format sets (SHA-256 of the same number of bytes).
/// </summary>
[MemoryDiagnoser]
public class HistoryWritingBenchmarks
{
    private const string InstanceId = "159a597bba72ec30a038864404211b9f";
    private const string BpmnHash = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string FormHash = "aa1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string ScriptHash = "72356a1f0c1620bd8566fb28d3402719494feafc0f599ffceb1653a12a631818";

    private readonly TenantId _tenant = TenantId.Parse("acme");
    private readonly JsonScratch.Pool _pool = new();
    private readonly byte[] _hash = new byte[32];
    private readonly HistoryHash.Hasher _hasher = new();
    private readonly DateTimeOffset _at = new DateTimeOffset(2026, 11, 26, 7, 30, 12, TimeSpan.Zero).AddTicks(1234567);
    private readonly string[] _startArtifacts = [BpmnHash];
    private readonly string[] _completeArtifacts = [BpmnHash, FormHash];
    private readonly string[] _decisionArtifacts = [BpmnHash, ScriptHash];
    private readonly KeyValuePair<string, string?>[] _startFields = [new("processKey", "approval"), new("version", "1")];
    private readonly KeyValuePair<string, string?>[] _completeFields = [new("taskId", InstanceId + ".t3"), new("element", "review")];
    private DeployedProcess _process = null!;
    private List<BpmnEvent> _startEvents = null!;
    private List<BpmnEvent> _completeEvents = null!;
    private JsonObject _data = null!;
    private ScriptDecision _decision = null!;
    private byte[] _started = [];
    private byte[] _completed = [];
    private byte[] _decided = [];
    private byte[] _canonicalSized = [];
    private int[] _canonicalLengths = [];

    [GlobalSetup]
    public void Setup()
    {
        var nodes = new[] { "start", "review", "decide", "done", "rejected" }.ToDictionary(id => id, _ => (BpmnFlowNode)null!, StringComparer.Ordinal);
        _process = new DeployedProcess("approval", null!, BpmnHash, nodes, new Dictionary<string, UserTaskPlan>(), new Dictionary<string, string>(), null);
        _startEvents = [E("processStarted", "approval"), E("elementActivated", "start"), E("elementCompleted", "start"), E("elementActivated", "review"), E("taskCreated", "review")];
        _completeEvents = [.. Enumerable.Range(0, 5).Select(_ => E("variableChanged", "approval")),
            E("elementCompleted", "review"), E("elementActivated", "decide"), E("elementCompleted", "decide"), E("elementActivated", "done"), E("elementCompleted", "done"), E("processCompleted", "approval")];
        var element = JsonElement.Parse("""{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}""");
        _data = [];
        foreach (var property in element.EnumerateObject())
        {
            _data[property.Name] = JsonValue.Create(property.Value);
        }

        var variables = element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        _decision = new ScriptDecision(
            new BpmnScriptRequest(BpmnScriptPurpose.Condition, new BpmnExpression("amount > 1000", "javascript", BpmnExpressionLanguage.JavaScript, null, 3, 5), "big", variables),
            BpmnScriptOutcome.Success(JsonElement.Parse("false")));
        ApprovalPayloads();
        _canonicalLengths =
        [
            Canonical(1, "instance-started", "sam", _startArtifacts, _started),
            Canonical(2, "task-completed", "fiona", _completeArtifacts, _completed),
            Canonical(3, "script-decision", "fiona", _decisionArtifacts, _decided),
        ];
        _canonicalSized = new byte[_canonicalLengths.Max()];

        static BpmnEvent E(string type, string element) => new() { Type = type, ElementId = element };
        int Canonical(long sequence, string type, string actor, string[] artifacts, byte[] payload) => HistoryHash.CanonicalBytes(new HistoryEvent(
            _tenant, InstanceId, sequence, type, _at, actor, artifacts, System.Text.Encoding.UTF8.GetString(payload), HistoryHash.Genesis, string.Empty)).Length;
    }

    [Benchmark]
    public int ApprovalPayloads()
    {
        var scratch = _pool.Rent();
        _started = HistoryPayloads.Command(scratch, _process, "instance-started", _startFields, null, _startEvents);
        _completed = HistoryPayloads.Command(scratch, _process, "task-completed", _completeFields, _data, _completeEvents, null, ownElements: true);
        _decided = HistoryPayloads.Decision(scratch, _process, _decision, ScriptHash);
        _pool.Return(scratch);
        return _started.Length + _completed.Length + _decided.Length;
    }

    [Benchmark]
    public int ApprovalPayloadsWithWriter()
    {
        var scratch = _pool.Rent();
        var started = HistoryPayloads.CommandWithWriter(scratch, _process, "instance-started", _startFields, null, _startEvents);
        var completed = HistoryPayloads.CommandWithWriter(scratch, _process, "task-completed", _completeFields, _data, _completeEvents, null, ownElements: true);
        var decided = HistoryPayloads.DecisionWithWriter(scratch, _process, _decision, ScriptHash);
        _pool.Return(scratch);
        return started.Length + completed.Length + decided.Length;
    }

    [Benchmark]
    public byte ApprovalHashes()
    {
        Span<byte> previous = stackalloc byte[32];
        HistoryHash.Compute(_tenant, InstanceId, 1, "instance-started", _at, "sam", _startArtifacts, _started, previous, _hash);
        _hash.CopyTo(previous);
        HistoryHash.Compute(_tenant, InstanceId, 2, "task-completed", _at, "fiona", _completeArtifacts, _completed, previous, _hash);
        _hash.CopyTo(previous);
        HistoryHash.Compute(_tenant, InstanceId, 3, "script-decision", _at, "fiona", _decisionArtifacts, _decided, previous, _hash);
        return _hash[0];
    }

    /// <summary>
    /// The same three hashes through a store's <see cref="HistoryHash.Hasher"/> (kept lines, encoded artifact lists and
    /// date reused from one event and instance to the next), as the in-memory store computes them.
    /// </summary>
    [Benchmark]
    public byte ApprovalHashesWithHasher()
    {
        Span<byte> previous = stackalloc byte[32];
        _hasher.Compute(_tenant, InstanceId, 1, "instance-started", _at, "sam", _startArtifacts, _started, default, default, previous, _hash);
        _hash.CopyTo(previous);
        _hasher.Compute(_tenant, InstanceId, 2, "task-completed", _at, "fiona", _completeArtifacts, _completed, default, default, previous, _hash);
        _hash.CopyTo(previous);
        _hasher.Compute(_tenant, InstanceId, 3, "script-decision", _at, "fiona", _decisionArtifacts, _decided, default, default, previous, _hash);
        return _hash[0];
    }

    [Benchmark]
    public byte Sha256Only()
    {
        foreach (var length in _canonicalLengths)
        {
            Sha256.HashData(_canonicalSized.AsSpan(0, length), _hash);
        }

        return _hash[0];
    }
}
