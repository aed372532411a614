using System.Text.Json;

namespace Ocap.Workflow.Bpmn;

/// <summary>Why the interpreter evaluates a piece of script.</summary>
public enum BpmnScriptPurpose
{
    /// <summary>A sequence-flow condition, conditional event, loop or completion condition: must yield a boolean.</summary>
    Condition,

    /// <summary>A script task body: may write variables; its completion value may be stored (<c>resultVariable</c>).</summary>
    Script,

    /// <summary>A value (loop cardinality, multi-instance collection, output element).</summary>
    Value,
}

/// <summary>One evaluation the interpreter asks for.</summary>
/// <param name="Purpose">What the result is used for.</param>
/// <param name="Expression">The expression or script as written in the diagram.</param>
/// <param name="ElementId">The element that owns it (for errors and history).</param>
/// <param name="Variables">The variables visible at that point, read-only (innermost scope wins).</param>
public sealed record BpmnScriptRequest(
    BpmnScriptPurpose Purpose, BpmnExpression Expression, string ElementId, IReadOnlyDictionary<string, JsonElement> Variables)
{
    /// <summary>
    /// When replaying a recorded decision: the host time and randomness the original evaluation read, served back to
    /// the script instead of the host's (reading more than was recorded fails the evaluation). <see langword="null"/>
    /// for a live evaluation.
    /// </summary>
    public Ocap.Workflow.Sandbox.HostEffects? Replay { get; init; }
}

/// <summary>What an evaluation produced. Exactly one of value, error or BPMN error is meaningful.</summary>
public sealed record BpmnScriptOutcome
{
    /// <summary>The completion value as JSON (<see langword="null"/> for <c>undefined</c>).</summary>
    public JsonElement? Value { get; init; }

    /// <summary>Variables the script set (Camunda-style <c>execution.setVariable</c>), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> VariableWrites { get; init; } = [];

    /// <summary>When the script failed: a sentence naming the script error (becomes an incident).</summary>
    public string? Error { get; init; }

    /// <summary>When the script raised a business (BPMN) error: its code, to be caught by error boundary events.</summary>
    public string? BpmnErrorCode { get; init; }

    /// <summary>
    /// The host time and randomness the evaluation read (clock readings, <c>Math.random</c> values), in order, for
    /// replay; <see langword="null"/> when it read none (or for evaluators without host effects).
    /// </summary>
    public Ocap.Workflow.Sandbox.HostEffects? HostEffects { get; init; }

    /// <summary>A successful outcome with a value.</summary>
    public static BpmnScriptOutcome Success(JsonElement? value, IReadOnlyList<KeyValuePair<string, JsonElement>>? writes = null) =>
        new() { Value = value, VariableWrites = writes ?? [] };

    /// <summary>A failed outcome.</summary>
    public static BpmnScriptOutcome Failure(string error) => new() { Error = error };
}

/// <summary>
/// The narrow port through which the interpreter runs JavaScript: conditions, script tasks and values. The
/// sandbox implements it; tests implement it with plain C#, so the interpreter is testable without JavaScript.
/// Implementations must be deterministic for equal inputs and must not keep state between evaluations.
/// </summary>
public interface IBpmnScriptEvaluator
{
    /// <summary>Deploy-time check (the sandbox's prepare): a sentence describing why the text does not parse, or <see langword="null"/>.</summary>
    /// <param name="expression">The expression or script.</param>
    /// <param name="purpose">How it will be used.</param>
    string? Check(BpmnExpression expression, BpmnScriptPurpose purpose);

    /// <summary>Runs one evaluation synchronously. Script failures are returned, not thrown.</summary>
    /// <param name="request">What to evaluate and with which variables.</param>
    BpmnScriptOutcome Evaluate(BpmnScriptRequest request);
}
