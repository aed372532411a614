namespace Ocap.Workflow.Bpmn;

/// <summary>Standard loop or multi-instance characteristics of an activity.</summary>
public sealed record BpmnLoopCharacteristics
{
    /// <summary><see langword="true"/> for <c>multiInstanceLoopCharacteristics</c>, <see langword="false"/> for a standard loop.</summary>
    public required bool IsMultiInstance { get; init; }

    /// <summary>Multi-instance: one instance after the other rather than all at once.</summary>
    public bool IsSequential { get; init; }

    /// <summary>Multi-instance: the number of instances.</summary>
    public BpmnExpression? LoopCardinality { get; init; }

    /// <summary>Multi-instance: the collection to iterate (Camunda <c>collection</c> or Zeebe <c>inputCollection</c>).</summary>
    public BpmnExpression? Collection { get; init; }

    /// <summary>Multi-instance: the local variable that holds the current element.</summary>
    public string? ElementVariable { get; init; }

    /// <summary>Multi-instance: stop early when this becomes true.</summary>
    public BpmnExpression? CompletionCondition { get; init; }

    /// <summary>Multi-instance: variable that collects each instance's <see cref="OutputElement"/>.</summary>
    public string? OutputCollection { get; init; }

    /// <summary>Multi-instance: the expression (usually a variable name) each instance contributes.</summary>
    public BpmnExpression? OutputElement { get; init; }

    /// <summary>Multi-instance: the BPMN <c>behavior</c> attribute (<c>All</c> unless written).</summary>
    public string Behavior { get; init; } = "All";

    /// <summary>Standard loop: the condition under which the loop continues.</summary>
    public BpmnExpression? LoopCondition { get; init; }

    /// <summary>Standard loop: test the condition before the first iteration.</summary>
    public bool TestBefore { get; init; }

    /// <summary>Standard loop: the maximum number of iterations, if written.</summary>
    public int? LoopMaximum { get; init; }

    /// <summary>1-based line of the characteristics element.</summary>
    public int Line { get; init; }

    /// <summary>1-based column of the characteristics element.</summary>
    public int Column { get; init; }
}
