using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Forms;
using Ocap.Workflow.Runtime;

namespace Ocap.Workflow.Benchmarks.Forms;

/// <summary>
/// What the engine does with the approval flow's completion outside the interpreter and the store, as it does it: the
/// submission (the engine's private copy, one parsed element) validated by the flat form path, and the instance's three
/// history payloads put together from bytes, the completion's <c>data</c> from the form's kept elements
/// (<c>HistoryPayloads.TryCommandBytes</c> with elements, <c>TryDecisionBytes</c>), each left in the engine's reused scratch.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ApprovalCompletionBenchmarks
{
    private const string BpmnHash = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string ScriptHash = "72356a1f0c1620bd8566fb28d3402719494feafc0f599ffceb1653a12a631818";

    private readonly JsonScratch.Pool _pool = new();
    private readonly KeyValuePair<string, string?>[] _startFields = [new("processKey", "approval"), new("version", "1")];
    private readonly KeyValuePair<string, string?>[] _completeFields = [new("taskId", "159a597bba72ec30a038864404211b9f.t3"), new("element", "review")];
    private FormValidator _validator = null!;
    private JsonElement _submission;
    private KeyValuePair<string, JsonElement>[] _elements = [];
    private DeployedProcess _process = null!;
    private List<BpmnEvent> _startEvents = null!;
    private List<BpmnEvent> _completeEvents = null!;
    private ScriptDecision _decision = null!;

    [GlobalSetup]
    public void Setup()
    {
        _validator = FormValidator.Create(FormDefinition.Parse(Runtime.ApprovalFlowBenchmarks.Form));
        _submission = JsonElement.Parse("""{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}""");
        _elements = Validate().Elements ?? throw new InvalidOperationException("The approval submission keeps every value as its element.");
        var nodes = new[] { "start", "review", "decide", "done" }.ToDictionary(id => id, _ => (BpmnFlowNode)null!, StringComparer.Ordinal);
        _process = new DeployedProcess("approval", null!, BpmnHash, nodes, new Dictionary<string, UserTaskPlan>(), new Dictionary<string, string>(), null);
        _startEvents = [E("processStarted", "approval"), E("elementActivated", "start"), E("elementCompleted", "start"), E("elementActivated", "review"), E("taskCreated", "review")];
        _completeEvents = [.. Enumerable.Range(0, 5).Select(_ => E("variableChanged", "approval")),
            E("elementCompleted", "review"), E("elementActivated", "decide"), E("elementCompleted", "decide"), E("elementActivated", "done"), E("elementCompleted", "done"), E("processCompleted", "approval")];
        // The variables as the engine makes them from the kept elements: the form's keys, in the form's order.
        var variables = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in _elements)
        {
            variables[name] = value;
        }

        _decision = new ScriptDecision(
            new BpmnScriptRequest(BpmnScriptPurpose.Condition, new BpmnExpression("amount > 1000", "javascript", BpmnExpressionLanguage.JavaScript, null, 3, 5), "big", variables),
            BpmnScriptOutcome.Success(JsonElement.Parse("false")));
        if (Payloads() == 0)
        {
            throw new InvalidOperationException("The approval payloads take the path from bytes.");
        }

        static BpmnEvent E(string type, string element) => new() { Type = type, ElementId = element };
    }

    /// <summary>The flat form path over the parsed submission, as a task completion validates it.</summary>
    [Benchmark]
    public FormValidationResult Validate() => _validator.ValidateAsync(_submission, null, CancellationToken.None).Result;

    /// <summary>The three payloads from bytes (lengths summed; 0 if one needed the writer).</summary>
    [Benchmark]
    public int Payloads()
    {
        var scratch = _pool.Rent();
        var length = 0;
        if (HistoryPayloads.TryCommandBytes(scratch, _process, "instance-started", _startFields, null, _startEvents, null, false))
        {
            length += scratch.Written.Length;
            if (HistoryPayloads.TryCommandBytes(scratch, _process, "task-completed", _completeFields, null, _completeEvents, null, true, _elements))
            {
                length += scratch.Written.Length;
                length = HistoryPayloads.TryDecisionBytes(scratch, _process, _decision, ScriptHash) ? length + scratch.Written.Length : 0;
            }
            else
            {
                length = 0;
            }
        }

        _pool.Return(scratch);
        return length;
    }
}
