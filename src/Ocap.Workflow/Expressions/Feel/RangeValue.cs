namespace Ocap.Workflow.Expressions.Feel;

/// <summary>
/// A FEEL range (<c>[1..10)</c>), also used for the comparison unary tests (<c>&gt; 5</c> is a range with no end).
/// </summary>
/// <param name="Start">The lower endpoint, or null when unbounded.</param>
/// <param name="StartIncluded">Whether <paramref name="Start"/> itself is inside.</param>
/// <param name="End">The upper endpoint, or null when unbounded.</param>
/// <param name="EndIncluded">Whether <paramref name="End"/> itself is inside.</param>
internal sealed record RangeValue(Value Start, bool StartIncluded, Value End, bool EndIncluded)
{
    /// <summary>Whether <paramref name="x"/> lies in the range; null when it cannot be compared with an endpoint.</summary>
    public Value Contains(Value x)
    {
        if (!Start.IsNull)
        {
            var c = Semantics.Compare(x, Start);
            if (c is null)
            {
                return Value.Null;
            }

            if (c < 0 || (c == 0 && !StartIncluded))
            {
                return Value.False;
            }
        }

        if (!End.IsNull)
        {
            var c = Semantics.Compare(x, End);
            if (c is null)
            {
                return Value.Null;
            }

            if (c > 0 || (c == 0 && !EndIncluded))
            {
                return Value.False;
            }
        }

        return Value.True;
    }
}

/// <summary>A callable FEEL value: a built-in used as a value, or a <c>function(a, b) body</c> definition.</summary>
internal abstract class FunctionValue
{
    public abstract IReadOnlyList<string> Parameters { get; }

    public abstract Value Invoke(ReadOnlySpan<Value> args, ref Env env);
}

/// <summary>A user-written <c>function(params) body</c>, closed over the scope it was defined in.</summary>
internal sealed class ClosureFunction(string[] parameters, Node body, Scope? scope) : FunctionValue
{
    public override IReadOnlyList<string> Parameters => parameters;

    public override Value Invoke(ReadOnlySpan<Value> args, ref Env env)
    {
        if (args.Length != parameters.Length)
        {
            return Value.Null;
        }

        var saved = env.Scope;
        env.EnterCall();
        var inner = scope;
        for (var i = 0; i < parameters.Length; i++)
        {
            inner = new Scope(inner, parameters[i], args[i]);
        }

        env.Scope = inner;
        try
        {
            return body.Eval(ref env);
        }
        finally
        {
            env.Scope = saved;
            env.ExitCall();
        }
    }
}
