using System.Runtime.CompilerServices;

namespace Ocap.Workflow.Expressions.Feel;

/// <summary>A node of a compiled FEEL expression. Immutable; evaluation state lives in <see cref="Env"/>.</summary>
internal abstract class Node(int start)
{
    /// <summary>The offset of the node's first character in the expression text.</summary>
    public int Start { get; } = start;

    public abstract Value Eval(ref Env env);

    /// <summary>The constant this node always evaluates to, when it has no inputs (used to fold list literals).</summary>
    public virtual bool TryGetConstant(out Value value)
    {
        value = Value.Null;
        return false;
    }
}

internal sealed class LiteralNode(int start, Value value) : Node(start)
{
    public Value Value { get; } = value;

    // Leaves are not charged a step: they cannot loop, and the node that evaluates them already paid one.
    public override Value Eval(ref Env env) => Value;

    public override bool TryGetConstant(out Value value)
    {
        value = Value;
        return true;
    }
}

internal sealed class NameNode(int start, string name) : Node(start)
{
    public string Name { get; } = name;

    public override Value Eval(ref Env env)
    {
        env.TryLookup(Name, out var value);
        return value;
    }
}

/// <summary><c>is defined(x)</c>: whether a name (or a path's last entry) exists, even when its value is null.</summary>
internal sealed class IsDefinedNode(int start, Node operand) : Node(start)
{
    public override Value Eval(ref Env env)
    {
        env.Step();
        switch (operand)
        {
            case NameNode name:
                return Value.Bool(env.TryLookup(name.Name, out _));
            case PathNode path:
                var target = path.Target.Eval(ref env);
                return Value.Bool(target.Kind == ValueKind.Context && target.AsContext.ContainsKey(path.Member));
            default:
                operand.Eval(ref env);
                return Value.True;
        }
    }
}

internal sealed class PathNode(int start, Node target, string member) : Node(start)
{
    public Node Target { get; } = target;

    public string Member { get; } = member;

    public override Value Eval(ref Env env)
    {
        env.Step();
        return Select(Target.Eval(ref env), Member, ref env);
    }

    internal static Value Select(Value target, string member, ref Env env)
    {
        switch (target.Kind)
        {
            case ValueKind.Context:
                target.AsContext.TryGet(member, out var v);
                return v;
            case ValueKind.List:
                var items = target.AsList;
                var result = new Value[items.Length];
                env.Steps(items.Length);
                for (var i = 0; i < items.Length; i++)
                {
                    result[i] = Select(items[i], member, ref env);
                }

                return Value.List(result);
            default:
                return Properties.Get(target, member);
        }
    }
}

/// <summary><c>list[expr]</c>: an index when the expression is a number, otherwise a filter over the items.</summary>
internal sealed class FilterNode(int start, Node target, Node filter) : Node(start)
{
    public override Value Eval(ref Env env)
    {
        env.Step();
        var t = target.Eval(ref env);
        if (t.IsNull)
        {
            return Value.Null;
        }

        var items = t.Kind == ValueKind.List ? t.AsList : [t];
        if (filter.TryGetConstant(out var constant))
        {
            return Apply(constant, items, t.Kind == ValueKind.List);
        }

        var saved = env.Scope;
        var kept = new List<Value>();
        try
        {
            if (items.Length == 0)
            {
                // Nothing to filter, but an index into an empty list is null, not an empty list.
                env.Scope = new Scope(saved, "item", Value.Null);
                return filter.Eval(ref env).Kind == ValueKind.Number ? Value.Null : Value.EmptyList;
            }

            for (var i = 0; i < items.Length; i++)
            {
                var item = items[i];
                var scope = new Scope(saved, "item", item);
                env.Scope = item.Kind == ValueKind.Context ? new Scope(scope, item.AsContext) : scope;
                var r = filter.Eval(ref env);
                if (r.Kind == ValueKind.Number)
                {
                    return i == 0 ? Index(items, r.Number) : Value.Null;
                }

                if (Semantics.IsTrue(r))
                {
                    kept.Add(item);
                }
            }
        }
        finally
        {
            env.Scope = saved;
        }

        return Value.List([.. kept]);
    }

    private static Value Apply(Value constant, Value[] items, bool wasList) => constant.Kind switch
    {
        ValueKind.Number => Index(items, constant.Number),
        ValueKind.Boolean => constant.AsBoolean ? (wasList ? Value.List(items) : Value.List(items)) : Value.EmptyList,
        _ => Value.Null,
    };

    private static Value Index(Value[] items, decimal n)
    {
        if (!Numbers.IsInteger(n) || n == 0 || Math.Abs(n) > items.Length)
        {
            return Value.Null;
        }

        var i = (int)n;
        return items[i > 0 ? i - 1 : items.Length + i];
    }
}

internal enum ArithmeticOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Power,
}

internal sealed class ArithmeticNode(int start, ArithmeticOp op, Node left, Node right) : Node(start)
{
    public override Value Eval(ref Env env)
    {
        env.Step();
        var a = left.Eval(ref env);
        var b = right.Eval(ref env);
        var result = op switch
        {
            ArithmeticOp.Add => Semantics.Add(a, b),
            ArithmeticOp.Subtract => Semantics.Subtract(a, b),
            ArithmeticOp.Multiply => Semantics.Multiply(a, b),
            ArithmeticOp.Divide => Semantics.Divide(a, b),
            _ => Semantics.Power(a, b),
        };
        if (result.Kind == ValueKind.String)
        {
            env.CheckStringLength(result.AsString.Length);
        }

        return result;
    }
}

internal sealed class NegateNode(int start, Node operand) : Node(start)
{
    public override Value Eval(ref Env env)
    {
        env.Step();
        return Semantics.Negate(operand.Eval(ref env));
    }
}

internal enum CompareOp
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

internal sealed class CompareNode : Node
{
    private readonly CompareOp _op;
    private readonly Node _left;
    private readonly Node _right;
    private readonly bool _rightIsConstant;
    private readonly Value _rightConstant;

    public CompareNode(int start, CompareOp op, Node left, Node right)
        : base(start)
    {
        _op = op;
        _left = left;
        _right = right;
        _rightIsConstant = right.TryGetConstant(out _rightConstant);
    }

    public override Value Eval(ref Env env)
    {
        env.Step();
        var a = _left.Eval(ref env);
        return Apply(_op, a, _rightIsConstant ? _rightConstant : _right.Eval(ref env));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Apply(CompareOp op, Value a, Value b)
    {
        switch (op)
        {
            case CompareOp.Equal:
                return Semantics.Equal(a, b);
            case CompareOp.NotEqual:
                var e = Semantics.Equal(a, b);
                return e.IsNull ? e : Value.Bool(!e.AsBoolean);
            default:
                var c = Semantics.Compare(a, b);
                if (c is not { } order)
                {
                    return Value.Null;
                }

                return Value.Bool(op switch
                {
                    CompareOp.Less => order < 0,
                    CompareOp.LessOrEqual => order <= 0,
                    CompareOp.Greater => order > 0,
                    _ => order >= 0,
                });
        }
    }
}

/// <summary><c>a and b</c> / <c>a or b</c> with FEEL's three-valued logic: a non-boolean operand counts as null.</summary>
internal sealed class LogicNode(int start, bool isAnd, Node left, Node right) : Node(start)
{
    public override Value Eval(ref Env env)
    {
        env.Step();
        var a = left.Eval(ref env);
        if (a.Kind == ValueKind.Boolean && a.AsBoolean != isAnd)
        {
            return a;
        }

        var b = right.Eval(ref env);
        if (b.Kind == ValueKind.Boolean && b.AsBoolean != isAnd)
        {
            return b;
        }

        return a.Kind == ValueKind.Boolean && b.Kind == ValueKind.Boolean ? a : Value.Null;
    }
}

internal sealed class BetweenNode(int start, Node value, Node low, Node high) : Node(start)
{
    public override Value Eval(ref Env env)
    {
        env.Step();
        var x = value.Eval(ref env);
        var lo = Semantics.Compare(x, low.Eval(ref env));
        var hi = Semantics.Compare(x, high.Eval(ref env));
        return lo is null || hi is null ? Value.Null : Value.Bool(lo >= 0 && hi <= 0);
    }
}

/// <summary><c>x in tests</c>: true when any positive unary test is satisfied.</summary>
internal sealed class InNode : Node
{
    private readonly Node _value;
    private readonly UnaryTest[] _tests;
    private readonly bool _isSingleConstant;
    private readonly Value _constant;

    public InNode(int start, Node value, UnaryTest[] tests)
        : base(start)
    {
        _value = value;
        _tests = tests;

        // The common gateway shape `x in ["A", "B"]`: one constant test, matched without the test list.
        _isSingleConstant = tests is [ExpressionTest single] && single.TryGetConstant(out _constant);
    }

    public override Value Eval(ref Env env)
    {
        env.Step();
        var x = _value.Eval(ref env);
        return _isSingleConstant ? ExpressionTest.Match(x, _constant) : UnaryTest.AnyOf(_tests, x, ref env);
    }
}

internal sealed class InstanceOfNode(int start, Node value, FeelType type) : Node(start)
{
    public override Value Eval(ref Env env)
    {
        env.Step();
        return Value.Bool(type.Matches(value.Eval(ref env)));
    }
}

internal sealed class IfNode(int start, Node condition, Node then, Node otherwise) : Node(start)
{
    public override Value Eval(ref Env env)
    {
        env.Step();
        return Semantics.IsTrue(condition.Eval(ref env)) ? then.Eval(ref env) : otherwise.Eval(ref env);
    }
}

/// <summary>One iteration context of <c>for</c>/<c>some</c>/<c>every</c>: <c>name in list</c> or <c>name in a..b</c>.</summary>
internal sealed record Iterator(string Name, Node Source, Node? RangeEnd);

internal abstract class IteratingNode(int start, Iterator[] iterators) : Node(start)
{
    /// <summary>Calls <paramref name="body"/> for every combination of the iterators' items, stopping when it returns false.</summary>
    protected bool Iterate(ref Env env, int index, IterationBody body, ref IterationState state)
    {
        if (index == iterators.Length)
        {
            return body(ref env, ref state);
        }

        var it = iterators[index];
        var source = it.Source.Eval(ref env);
        var saved = env.Scope;
        try
        {
            if (it.RangeEnd is not null)
            {
                var end = it.RangeEnd.Eval(ref env);
                if (source.Kind != ValueKind.Number || end.Kind != ValueKind.Number || !Numbers.IsInteger(source.Number) || !Numbers.IsInteger(end.Number))
                {
                    state.Invalid = true;
                    return false;
                }

                var step = source.Number <= end.Number ? 1 : -1;
                env.CheckListSize((long)Math.Min(Math.Abs(end.Number - source.Number) + 1, long.MaxValue));
                for (var n = source.Number; step > 0 ? n <= end.Number : n >= end.Number; n += step)
                {
                    env.Step();
                    env.Scope = new Scope(saved, it.Name, Value.Num(n));
                    if (!Iterate(ref env, index + 1, body, ref state))
                    {
                        return false;
                    }
                }

                return true;
            }

            if (source.Kind != ValueKind.List)
            {
                state.Invalid = true;
                return false;
            }

            foreach (var item in source.AsList)
            {
                env.Step();
                env.Scope = new Scope(saved, it.Name, item);
                if (!Iterate(ref env, index + 1, body, ref state))
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            env.Scope = saved;
        }
    }

    protected delegate bool IterationBody(ref Env env, ref IterationState state);

    protected struct IterationState
    {
        public bool Invalid;
        public List<Value>? Results;
        public bool SawNull;
    }
}

/// <summary><c>for x in xs, y in ys return body</c>; <c>partial</c> is the list of results so far.</summary>
internal sealed class ForNode : IteratingNode
{
    private readonly Node _body;
    private readonly bool _usesPartial;
    private readonly IterationBody _step;

    public ForNode(int start, Iterator[] iterators, Node body, bool usesPartial)
        : base(start, iterators)
    {
        _body = body;
        _usesPartial = usesPartial;
        _step = Collect;
    }

    public override Value Eval(ref Env env)
    {
        env.Step();
        var state = new IterationState { Results = [] };
        Iterate(ref env, 0, _step, ref state);
        return state.Invalid ? Value.Null : Value.List([.. state.Results!]);
    }

    private bool Collect(ref Env env, ref IterationState state)
    {
        var saved = env.Scope;
        if (_usesPartial)
        {
            env.Scope = new Scope(saved, "partial", Value.List([.. state.Results!]));
        }

        try
        {
            state.Results!.Add(_body.Eval(ref env));
        }
        finally
        {
            env.Scope = saved;
        }

        env.CheckListSize(state.Results!.Count);
        return true;
    }
}

/// <summary><c>some</c>/<c>every x in xs satisfies condition</c>, three-valued like <c>or</c>/<c>and</c>.</summary>
internal sealed class QuantifiedNode : IteratingNode
{
    private readonly bool _every;
    private readonly Node _condition;
    private readonly IterationBody _step;

    public QuantifiedNode(int start, bool every, Iterator[] iterators, Node condition)
        : base(start, iterators)
    {
        _every = every;
        _condition = condition;
        _step = Check;
    }

    public override Value Eval(ref Env env)
    {
        env.Step();
        var state = default(IterationState);
        var completed = Iterate(ref env, 0, _step, ref state);
        if (state.Invalid)
        {
            return Value.Null;
        }

        if (!completed)
        {
            return Value.Bool(!_every);
        }

        return state.SawNull ? Value.Null : Value.Bool(_every);
    }

    private bool Check(ref Env env, ref IterationState state)
    {
        var r = _condition.Eval(ref env);
        if (r.Kind != ValueKind.Boolean)
        {
            state.SawNull = true;
            return true;
        }

        // Stop at the deciding answer: true for some, false for every.
        return r.AsBoolean == _every;
    }
}

internal sealed class ListNode(int start, Node[] items) : Node(start)
{
    public override Value Eval(ref Env env)
    {
        env.Step();
        var result = new Value[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            result[i] = items[i].Eval(ref env);
        }

        return Value.List(result);
    }
}

/// <summary><c>{a: 1, b: a + 1}</c>: later entries see earlier ones.</summary>
internal sealed class ContextNode(int start, string[] keys, Node[] values) : Node(start)
{
    public override Value Eval(ref Env env)
    {
        env.Step();
        var builder = new ContextBuilder(keys.Length);
        var saved = env.Scope;
        try
        {
            for (var i = 0; i < keys.Length; i++)
            {
                if (values[i] is FunctionDefinitionNode)
                {
                    // Bind first, then close over the binding: a function entry may call itself.
                    var self = new Scope(env.Scope, keys[i], Value.Null);
                    env.Scope = self;
                    self.Value = values[i].Eval(ref env);
                    builder.Set(keys[i], self.Value);
                    continue;
                }

                var v = values[i].Eval(ref env);
                builder.Set(keys[i], v);
                env.Scope = new Scope(env.Scope, keys[i], v);
            }
        }
        finally
        {
            env.Scope = saved;
        }

        return Value.Context(builder.Build());
    }
}

internal sealed class RangeNode(int start, Node? low, bool lowIncluded, Node? high, bool highIncluded) : Node(start)
{
    public override Value Eval(ref Env env)
    {
        env.Step();
        var lo = low?.Eval(ref env) ?? Value.Null;
        var hi = high?.Eval(ref env) ?? Value.Null;
        if (lo.IsNull && hi.IsNull)
        {
            return Value.Null;
        }

        if (!lo.IsNull && !hi.IsNull && Semantics.Compare(lo, hi) is null)
        {
            return Value.Null;
        }

        return Value.Range(new RangeValue(lo, lowIncluded, hi, highIncluded));
    }
}

internal sealed class FunctionDefinitionNode(int start, string[] parameters, Node body) : Node(start)
{
    public override Value Eval(ref Env env)
    {
        env.Step();
        return Value.Function(new ClosureFunction(parameters, body, env.Scope));
    }
}

/// <summary>A call of a built-in chosen at parse time; arguments are already in parameter order.</summary>
internal sealed class BuiltinCallNode(int start, BuiltinOverload overload, Node?[] args) : Node(start)
{
    public override Value Eval(ref Env env)
    {
        env.Step();
        if (args.Length <= ArgBuffer.Size)
        {
            var buffer = default(ArgBuffer);
            Span<Value> span = buffer;
            for (var i = 0; i < args.Length; i++)
            {
                span[i] = args[i]?.Eval(ref env) ?? Value.Null;
            }

            return overload.Invoke(span[..args.Length], ref env);
        }

        var values = new Value[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            values[i] = args[i]?.Eval(ref env) ?? Value.Null;
        }

        return overload.Invoke(values, ref env);
    }
}

/// <summary>A call of a function value bound in scope (a context entry or parameter holding <c>function(...)</c>).</summary>
internal sealed class DynamicCallNode(int start, Node target, Node[] args, string[]? names) : Node(start)
{
    public override Value Eval(ref Env env)
    {
        env.Step();
        var f = target.Eval(ref env);
        if (f.Kind != ValueKind.Function)
        {
            return Value.Null;
        }

        var function = f.AsFunction;
        var values = new Value[names is null ? args.Length : function.Parameters.Count];
        if (names is null)
        {
            for (var i = 0; i < args.Length; i++)
            {
                values[i] = args[i].Eval(ref env);
            }
        }
        else
        {
            for (var i = 0; i < args.Length; i++)
            {
                var p = IndexOf(function.Parameters, names[i]);
                if (p < 0)
                {
                    return Value.Null;
                }

                values[p] = args[i].Eval(ref env);
            }
        }

        return function.Invoke(values, ref env);
    }

    private static int IndexOf(IReadOnlyList<string> list, string name)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>Room for the arguments of a built-in call without allocating.</summary>
[InlineArray(Size)]
internal struct ArgBuffer
{
    public const int Size = 4;

    private Value _element;
}
