using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Bpmn;

namespace Ocap.Workflow.Benchmarks.Sandbox;

/// <summary>
/// What the BPMN interpreter pays for one JavaScript gateway condition: <see cref="SandboxBpmnScriptEvaluator.Evaluate"/>
/// for the approval flow's <c>amount &gt; 1000</c>, with the five variables a completed approval form leaves visible,
/// on a warm evaluator (prepared once, a pooled locked-down engine). Target (issue 7's budget for the engine path):
/// ≤ 0.5 µs and ≤ 300 B. The request is built once, as the interpreter reuses the variables it has.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class BpmnConditionBenchmarks
{
    private SandboxBpmnScriptEvaluator _evaluator = null!;
    private BpmnScriptRequest _plain = null!;
    private BpmnScriptRequest _readsCtx = null!;

    [GlobalSetup]
    public void Setup()
    {
        _evaluator = new SandboxBpmnScriptEvaluator();
        using var document = JsonDocument.Parse("""{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}""");
        var variables = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        _plain = new BpmnScriptRequest(BpmnScriptPurpose.Condition,
            new BpmnExpression("amount > 1000", "javascript", BpmnExpressionLanguage.JavaScript, null, 1, 1), "big", variables);
        _readsCtx = new BpmnScriptRequest(BpmnScriptPurpose.Condition,
            new BpmnExpression("ctx.amount > 1000", "javascript", BpmnExpressionLanguage.JavaScript, null, 1, 1), "big", variables);
        for (var i = 0; i < 100; i++)
        {
            Condition();
            ConditionReadingCtx();
        }
    }

    /// <summary>Target: ≤ 0.5 µs, ≤ 300 B. A condition naming one variable and no capability (bound straight from the variables).</summary>
    [Benchmark(Baseline = true)]
    public BpmnScriptOutcome Condition() => _evaluator.Evaluate(_plain);

    /// <summary>Not a target: the same decision written against <c>ctx</c>, which takes the general path (an input object of every variable).</summary>
    [Benchmark]
    public BpmnScriptOutcome ConditionReadingCtx() => _evaluator.Evaluate(_readsCtx);
}
