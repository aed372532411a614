namespace Ocap.Workflow.Expressions.Feel;

/// <summary>The body of a built-in: arguments in parameter order (trailing optional ones may be absent).</summary>
internal delegate Value BuiltinImpl(ReadOnlySpan<Value> args, ref Env env);

/// <summary>One signature of a built-in function.</summary>
internal sealed class BuiltinOverload(string name, string[] parameters, int required, bool variadic, BuiltinImpl impl)
{
    public string Name { get; } = name;

    public string[] Parameters { get; } = parameters;

    public int Required { get; } = required;

    /// <summary>Whether the last parameter takes any number of further positional arguments.</summary>
    public bool Variadic { get; } = variadic;

    public Value Invoke(ReadOnlySpan<Value> args, ref Env env) => impl(args, ref env);

    public bool AcceptsCount(int count) => count >= Required && (Variadic || count <= Parameters.Length);

    public string Signature => $"{Name}({string.Join(", ", Parameters)}{(Variadic ? ", ..." : string.Empty)})";
}

/// <summary>
/// The built-in function table. Calls are resolved when the expression is parsed: an unknown name, an unknown
/// argument name or a wrong argument count is a <see cref="FeelParseException"/> at deploy time, not a null at run time.
/// </summary>
internal static partial class Builtins
{
    private static readonly Dictionary<string, BuiltinOverload[]> Table = CreateTable();

    public static IEnumerable<string> Names => Table.Keys.Append("is defined");

    public static bool Exists(string name) => name == "is defined" || Table.ContainsKey(name);

    public static bool TryResolve(string name, Node[] args, string[]? names, out BuiltinOverload overload, out Node?[] ordered, out string problem)
    {
        overload = null!;
        ordered = [];
        problem = string.Empty;
        var overloads = Table[name];
        if (names is null)
        {
            foreach (var o in overloads)
            {
                if (o.AcceptsCount(args.Length))
                {
                    overload = o;
                    ordered = args;
                    return true;
                }
            }

            problem = $"{name} does not take {args.Length} argument{(args.Length == 1 ? string.Empty : "s")}; expected {string.Join(" or ", overloads.Select(o => o.Signature))}";
            return false;
        }

        foreach (var o in overloads)
        {
            if (names.All(n => o.Parameters.Contains(n)) && o.Parameters.Take(o.Required).All(names.Contains))
            {
                var highest = names.Max(n => Array.IndexOf(o.Parameters, n));
                var result = new Node?[highest + 1];
                for (var i = 0; i < names.Length; i++)
                {
                    result[Array.IndexOf(o.Parameters, names[i])] = args[i];
                }

                overload = o;
                ordered = result;
                return true;
            }
        }

        problem = $"{name} has no signature with parameters ({string.Join(", ", names)}); expected {string.Join(" or ", overloads.Select(o => o.Signature))}";
        return false;
    }

    private static Dictionary<string, BuiltinOverload[]> CreateTable()
    {
        var table = new Dictionary<string, List<BuiltinOverload>>(StringComparer.Ordinal);
        void Add(string name, string[] parameters, int required, BuiltinImpl impl, bool variadic = false)
        {
            if (!table.TryGetValue(name, out var list))
            {
                table[name] = list = [];
            }

            list.Add(new BuiltinOverload(name, parameters, required, variadic, impl));
        }

        AddConversion(Add);
        AddStrings(Add);
        AddLists(Add);
        AddNumeric(Add);
        AddContextsAndTime(Add);
        AddStatistics(Add);
        AddRanges(Add);
        return table.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    private delegate void Registrar(string name, string[] parameters, int required, BuiltinImpl impl, bool variadic = false);

    private static Value Arg(ReadOnlySpan<Value> args, int index) => index < args.Length ? args[index] : Value.Null;

    private static bool Has(ReadOnlySpan<Value> args, int index) => index < args.Length;

    /// <summary>The items of a list argument; a single non-list value counts as a one-item list, null as no list.</summary>
    private static bool Items(Value v, out Value[] items)
    {
        switch (v.Kind)
        {
            case ValueKind.List:
                items = v.AsList;
                return true;
            case ValueKind.Null:
                items = [];
                return false;
            default:
                items = [v];
                return true;
        }
    }

    /// <summary>For <c>min(list)</c> and <c>min(a, b, c)</c>: one list argument, or the arguments themselves.</summary>
    private static bool ListOrArgs(ReadOnlySpan<Value> args, out Value[] items)
    {
        if (args.Length == 1)
        {
            if (args[0].Kind == ValueKind.List)
            {
                items = args[0].AsList;
                return true;
            }

            if (args[0].IsNull)
            {
                items = [];
                return false;
            }
        }

        items = args.ToArray();
        return true;
    }

    private static bool Str(Value v, out string s)
    {
        s = v.Kind == ValueKind.String ? v.AsString : string.Empty;
        return v.Kind == ValueKind.String;
    }

    private static bool Num(Value v, out decimal n)
    {
        n = v.Number;
        return v.Kind == ValueKind.Number;
    }

    private static bool Int(Value v, out int n)
    {
        n = 0;
        if (v.Kind != ValueKind.Number || !Numbers.IsInteger(v.Number) || Math.Abs(v.Number) > int.MaxValue)
        {
            return false;
        }

        n = (int)v.Number;
        return true;
    }

    private static Value ListResult(List<Value> items, ref Env env)
    {
        env.CheckListSize(items.Count);
        return Value.List([.. items]);
    }
}
