using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox;

/// <summary>
/// What <see cref="JsSandbox.EvaluateExpression"/> produced: a boolean result as a boolean (a condition's usual answer
/// needs no JSON node), anything else as the JSON copy <see cref="ScriptEvaluation.Value"/> would hold.
/// </summary>
/// <param name="Value">The result as JSON when it is not a boolean (<see langword="null"/> for JSON <c>null</c> or <c>undefined</c>).</param>
/// <param name="Boolean">The result when it is a boolean; otherwise <see langword="null"/>.</param>
/// <param name="Effects">The host time and randomness consumed, for replay.</param>
internal readonly record struct ExpressionResult(JsonNode? Value, bool? Boolean, HostEffects Effects);
