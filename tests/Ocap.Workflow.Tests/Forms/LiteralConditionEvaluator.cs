using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Tests.Forms;

/// <summary>
/// A stand-in for the FEEL evaluator that understands only literals (<c>=true</c>, <c>=false</c>, <c>=5</c>,
/// <c>="x"</c>, <c>=null</c>), enough to exercise how validation uses evaluated hide conditions and bounds.
/// </summary>
internal sealed class LiteralConditionEvaluator : IFormExpressionEvaluator
{
    public List<(string Expression, FormExpressionScope Scope)> Calls { get; } = [];

    public JsonNode? Evaluate(string expression, FormExpressionScope scope)
    {
        Calls.Add((expression, scope));
        return JsonNode.Parse(expression[1..]);
    }

    public bool? EvaluateCondition(string expression, FormExpressionScope scope)
    {
        Calls.Add((expression, scope));
        return expression switch
        {
            "=true" => true,
            "=false" => false,
            _ => null,
        };
    }
}
