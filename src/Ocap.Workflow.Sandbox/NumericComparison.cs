using System.Text.Json;
using Acornima;
using Acornima.Ast;

namespace Ocap.Workflow.Sandbox;

/// <summary>
/// An expression that compares one variable with a number literal — <c>amount &gt; 1000</c>, <c>-5 &lt;= delta</c>,
/// <c>count === 0</c> — the most common gateway condition there is. When the variable holds a finite JSON number, the
/// comparison of two finite numbers has one answer in JavaScript and it is the IEEE 754 comparison of the same two
/// doubles (no coercion, no side effect, no host effect, one step), so the sandbox answers it without entering an
/// engine; any other value (a string, a boolean, null, an object, a missing variable) takes the engine as every other
/// expression does. The variable's double is the one the engine would bind (<see cref="JsonElement.TryGetDouble"/>,
/// which the sandbox's binding agrees with for every JSON number it reads as finite), and the literal's is the parser's.
/// </summary>
internal sealed class NumericComparison
{
    private readonly Operator _operator;
    private readonly double _literal;
    private readonly bool _variableOnLeft;

    private NumericComparison(string variable, Operator op, double literal, bool variableOnLeft)
    {
        Variable = variable;
        _operator = op;
        _literal = literal;
        _variableOnLeft = variableOnLeft;
    }

    /// <summary>The variable compared.</summary>
    public string Variable { get; }

    /// <summary>The comparison <paramref name="expression"/> is, if it is one of a variable among <paramref name="inputs"/> with a number literal.</summary>
    public static NumericComparison? Of(Expression expression, IReadOnlyList<string> inputs)
    {
        if (expression is not BinaryExpression binary || !IsComparison(binary.Operator))
        {
            return null;
        }

        if (binary.Left is Identifier left && Literal(binary.Right) is { } right && Bindable(left.Name, inputs))
        {
            return new NumericComparison(left.Name, binary.Operator, right, variableOnLeft: true);
        }

        if (binary.Right is Identifier variable && Literal(binary.Left) is { } literal && Bindable(variable.Name, inputs))
        {
            return new NumericComparison(variable.Name, binary.Operator, literal, variableOnLeft: false);
        }

        return null;
    }

    /// <summary>
    /// The comparison's result when the variable holds a finite number; <see langword="false"/> (the engine must decide)
    /// for anything else.
    /// </summary>
    public bool TryEvaluate(IReadOnlyDictionary<string, JsonElement> variables, out bool result)
    {
        result = false;
        if (!variables.TryGetValue(Variable, out var value) || value.ValueKind != JsonValueKind.Number
            || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            return false;
        }

        var (a, b) = _variableOnLeft ? (number, _literal) : (_literal, number);
        result = _operator switch
        {
            Operator.LessThan => a < b,
            Operator.LessThanOrEqual => a <= b,
            Operator.GreaterThan => a > b,
            Operator.GreaterThanOrEqual => a >= b,
            Operator.Equality or Operator.StrictEquality => a == b,
            _ => a != b, // Inequality, StrictInequality: IsComparison admits nothing else
        };
        return true;
    }

    private static bool IsComparison(Operator op) => op is Operator.LessThan or Operator.LessThanOrEqual or Operator.GreaterThan
        or Operator.GreaterThanOrEqual or Operator.Equality or Operator.StrictEquality or Operator.Inequality or Operator.StrictInequality;

    private static double? Literal(Expression expression) => expression switch
    {
        NumericLiteral number => number.Value,
        UnaryExpression { Operator: Operator.UnaryNegation, Argument: NumericLiteral number } => -number.Value,
        _ => null,
    };

    private static bool Bindable(string name, IReadOnlyList<string> inputs) => name is not ("arguments" or "eval") && inputs.Contains(name);
}
