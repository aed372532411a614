namespace Ocap.Workflow.Expressions.Feel;

/// <summary>
/// One positive unary test (<c>&lt; 10</c>, <c>[1..5]</c>, <c>"A"</c>, <c>? &gt; 3</c>), used by <c>in</c> and by
/// <see cref="FeelUnaryTests"/> (DMN input entries).
/// </summary>
internal abstract class UnaryTest
{
    public abstract Value Test(Value input, ref Env env);

    /// <summary>FEEL disjunction over tests: true if one is true, else null if one was null, else false.</summary>
    public static Value AnyOf(UnaryTest[] tests, Value input, ref Env env)
    {
        var sawNull = false;
        for (var i = 0; i < tests.Length; i++)
        {
            var r = tests[i].Test(input, ref env);
            if (r.Kind == ValueKind.Boolean)
            {
                if (r.AsBoolean)
                {
                    return Value.True;
                }
            }
            else
            {
                sawNull = true;
            }
        }

        return sawNull ? Value.Null : Value.False;
    }
}

/// <summary><c>&lt; e</c>, <c>&lt;= e</c>, <c>&gt; e</c>, <c>&gt;= e</c>, <c>= e</c>, <c>!= e</c>.</summary>
internal sealed class CompareTest(CompareOp op, Node endpoint) : UnaryTest
{
    public override Value Test(Value input, ref Env env) => CompareNode.Apply(op, input, endpoint.Eval(ref env));
}

/// <summary>
/// A test written as an expression. When the expression mentions <c>?</c> its boolean result is the answer;
/// otherwise the input must equal the value, lie in it when it is a range, or be one of its items when it is a list.
/// </summary>
internal sealed class ExpressionTest : UnaryTest
{
    private readonly Node _expression;
    private readonly bool _usesInput;
    private readonly bool _isConstant;
    private readonly Value _constant;

    public ExpressionTest(Node expression, bool usesInput)
    {
        _expression = expression;
        _usesInput = usesInput;
        _isConstant = !usesInput && expression.TryGetConstant(out _constant);
    }

    public override Value Test(Value input, ref Env env)
    {
        if (_isConstant)
        {
            env.Step();
            return Match(input, _constant);
        }

        if (!_usesInput)
        {
            return Match(input, _expression.Eval(ref env));
        }

        var saved = env.Scope;
        env.Scope = new Scope(saved, "?", input);
        try
        {
            var r = _expression.Eval(ref env);
            return r.Kind == ValueKind.Boolean ? r : Value.Null;
        }
        finally
        {
            env.Scope = saved;
        }
    }

    /// <summary>The test's value when it is a constant that does not use <c>?</c>.</summary>
    public bool TryGetConstant(out Value value)
    {
        value = _constant;
        return _isConstant;
    }

    /// <summary>Whether <paramref name="input"/> matches the value of a test written as an expression.</summary>
    public static Value Match(Value input, Value value)
    {
        switch (value.Kind)
        {
            case ValueKind.Range:
                return value.AsRange.Contains(input);
            case ValueKind.List:
                var sawNull = false;
                foreach (var item in value.AsList)
                {
                    var e = Semantics.Equal(input, item);
                    if (e.IsNull)
                    {
                        sawNull = true;
                    }
                    else if (e.AsBoolean)
                    {
                        return Value.True;
                    }
                }

                if (input.Kind == ValueKind.List && Semantics.IsTrue(Semantics.Equal(input, value)))
                {
                    return Value.True;
                }

                return sawNull ? Value.Null : Value.False;
            case ValueKind.Boolean when input.Kind != ValueKind.Boolean:
                return value;
            default:
                return Semantics.Equal(input, value);
        }
    }
}

/// <summary><c>not(tests)</c>: the negation of the disjunction.</summary>
internal sealed class NotTest(UnaryTest[] tests) : UnaryTest
{
    public override Value Test(Value input, ref Env env)
    {
        var r = AnyOf(tests, input, ref env);
        return r.IsNull ? r : Value.Bool(!r.AsBoolean);
    }
}

/// <summary><c>-</c>: matches anything.</summary>
internal sealed class AnyTest : UnaryTest
{
    public static readonly AnyTest Instance = new();

    public override Value Test(Value input, ref Env env) => Value.True;
}
