using System.Text.Json;
using Ocap.Workflow.Bpmn;

namespace Ocap.Workflow.Tests.Bpmn;

/// <summary>
/// A plain C# script evaluator: each expression text maps to a function of the visible variables. Shows that
/// the interpreter runs without JavaScript, and lets tests count and inspect evaluations.
/// </summary>
internal sealed class FakeScripts : IBpmnScriptEvaluator
{
    private readonly Dictionary<string, Func<IReadOnlyDictionary<string, JsonElement>, BpmnScriptOutcome>> _handlers = new(StringComparer.Ordinal);

    public List<BpmnScriptRequest> Requests { get; } = [];

    public FakeScripts On(string text, Func<IReadOnlyDictionary<string, JsonElement>, BpmnScriptOutcome> handler)
    {
        _handlers[text] = handler;
        return this;
    }

    /// <summary>A condition: true when the variable equals the JSON literal.</summary>
    public FakeScripts Equals(string text, string variable, string jsonLiteral) => On(text, vars =>
        BpmnScriptOutcome.Success(Json(vars.TryGetValue(variable, out var v) && v.GetRawText() == jsonLiteral ? "true" : "false")));

    public FakeScripts Value(string text, string json) => On(text, _ => BpmnScriptOutcome.Success(Json(json)));

    public FakeScripts Sets(string text, string variable, string json) =>
        On(text, _ => BpmnScriptOutcome.Success(null, [new(variable, Json(json))]));

    public string? Check(BpmnExpression expression, BpmnScriptPurpose purpose) =>
        expression.Text.Contains("SYNTAX", StringComparison.Ordinal) ? "Unexpected token (line 1, column 1)." : null;

    public BpmnScriptOutcome Evaluate(BpmnScriptRequest request)
    {
        Requests.Add(request);
        return _handlers.TryGetValue(request.Expression.Text, out var handler)
            ? handler(request.Variables)
            : BpmnScriptOutcome.Failure($"ReferenceError: no fake for '{request.Expression.Text}'");
    }

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
