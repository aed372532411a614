using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Benchmarks.Bpmn;

/// <summary>
/// Backs the BPMN performance claims: one approval instance from start to completion, in memory (target ≤ 5 µs,
/// interpreter only); reading and validating a 100-element diagram (≤ 5 ms); and the waiting state's JSON.
/// </summary>
[MemoryDiagnoser]
public class BpmnInterpreterBenchmarks
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private BpmnInterpreter _csharp = null!;
    private BpmnInterpreter _sandboxed = null!;
    private Dictionary<string, JsonElement> _decision = null!;
    private BpmnInstanceState _waiting = null!;
    private byte[] _hundred = [];
    private SandboxBpmnScriptEvaluator _tenantScripts = null!;
    private int _variant;

    [GlobalSetup]
    public void Setup()
    {
        var definitions = new BpmnReader().Read(ApprovalFlow.Bytes, "approval.bpmn");
        _csharp = new BpmnInterpreter(definitions, new ApprovalFlow.CSharpConditions());
        _sandboxed = new BpmnInterpreter(definitions, new SandboxBpmnScriptEvaluator());
        _decision = new Dictionary<string, JsonElement> { ["approved"] = JsonSerializer.SerializeToElement(true) };
        var variables = Enumerable.Range(0, 10).ToDictionary(i => $"field{i}", i => JsonSerializer.SerializeToElement($"value number {i}"));
        _waiting = _csharp.Start("approval", variables, At).State;
        _hundred = ApprovalFlow.HundredElements();

        // A tenant's sandbox is built (and its first locked-down engine paid for) once, then kept: warm it here.
        _tenantScripts = new SandboxBpmnScriptEvaluator();
        new BpmnValidator(_tenantScripts).Validate(new BpmnReader().Read(_hundred, "big.bpmn"));
    }

    [Benchmark(Description = "Approval instance start to completion (interpreter only, C# conditions)")]
    public string ApprovalInterpreterOnly()
    {
        var started = _csharp.Start("approval", null, At);
        return _csharp.Apply(started.State, new CompleteTask("approve", _decision) { At = At }).State.Status;
    }

    [Benchmark(Description = "Approval instance start to completion (JavaScript conditions in the hardened sandbox)")]
    public string ApprovalWithSandboxedJavaScript()
    {
        var started = _sandboxed.Start("approval", null, At);
        return _sandboxed.Apply(started.State, new CompleteTask("approve", _decision) { At = At }).State.Status;
    }

    [Benchmark(Description = "Read and validate a 100-element diagram, tenant sandbox warm, every condition new (prepared afresh)")]
    public int ReadAndValidateHundredElements()
    {
        var definitions = new BpmnReader().Read(ApprovalFlow.HundredElements(++_variant), "big.bpmn");
        return new BpmnValidator(_tenantScripts).Validate(definitions).Count;
    }

    [Benchmark(Description = "Read and validate a 100-element diagram with a new sandbox (first locked-down engine included)")]
    public int ReadAndValidateHundredElementsColdSandbox()
    {
        var definitions = new BpmnReader().Read(_hundred, "big.bpmn");
        return new BpmnValidator(new SandboxBpmnScriptEvaluator()).Validate(definitions).Count;
    }

    [Benchmark(Description = "Serialize a waiting approval state with 10 variables")]
    public int SerializeWaitingState() => _waiting.ToJson().Length;
}
