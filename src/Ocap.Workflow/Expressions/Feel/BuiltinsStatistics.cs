namespace Ocap.Workflow.Expressions.Feel;

/// <summary>
/// The DMN statistics built-ins (<c>product</c>, <c>median</c>, <c>mode</c>, <c>stddev</c>) and three Camunda
/// extensions modelers use in Camunda 8 diagrams (<c>get or else</c>, <c>is empty</c>, <c>trim</c>).
/// </summary>
internal static partial class Builtins
{
    private static void AddStatistics(Registrar add)
    {
        add("product", ["list"], 1, static (a, ref env) =>
        {
            if (!ListOrArgs(a, out var items) || !AllNumbers(items, ref env, out var numbers) || numbers.Length == 0)
            {
                return Value.Null;
            }

            var product = 1m;
            foreach (var n in numbers)
            {
                if (!Feel.Numbers.TryMultiply(product, n, out product))
                {
                    return Value.Null;
                }
            }

            return Value.Num(product);
        }, variadic: true);
        add("median", ["list"], 1, static (a, ref env) =>
        {
            if (!ListOrArgs(a, out var items) || !AllNumbers(items, ref env, out var numbers) || numbers.Length == 0)
            {
                return Value.Null;
            }

            Array.Sort(numbers);
            var mid = numbers.Length / 2;
            return Value.Num(numbers.Length % 2 == 1 ? numbers[mid] : (numbers[mid - 1] + numbers[mid]) / 2);
        }, variadic: true);
        add("mode", ["list"], 1, static (a, ref env) =>
        {
            if (!ListOrArgs(a, out var items) || !AllNumbers(items, ref env, out var numbers))
            {
                return Value.Null;
            }

            var counts = new Dictionary<decimal, int>();
            foreach (var n in numbers)
            {
                counts[n] = counts.GetValueOrDefault(n) + 1;
            }

            if (counts.Count == 0)
            {
                return Value.EmptyList;
            }

            var top = counts.Values.Max();
            return Value.List([.. counts.Where(p => p.Value == top).Select(p => p.Key).Order().Select(Value.Num)]);
        }, variadic: true);
        add("stddev", ["list"], 1, static (a, ref env) =>
        {
            if (!ListOrArgs(a, out var items) || !AllNumbers(items, ref env, out var numbers) || numbers.Length < 2)
            {
                return Value.Null;
            }

            try
            {
                var mean = numbers.Sum() / numbers.Length;
                var squares = numbers.Sum(n => (n - mean) * (n - mean));
                return Feel.Numbers.TrySqrt(squares / (numbers.Length - 1), out var r) ? Value.Num(r) : Value.Null;
            }
            catch (OverflowException)
            {
                return Value.Null;
            }
        }, variadic: true);
        add("get or else", ["value", "default"], 2, static (a, ref _) => a[0].IsNull ? a[1] : a[0]);
        add("is empty", ["list"], 1, static (a, ref _) => a[0].Kind == ValueKind.List ? Value.Bool(a[0].AsList.Length == 0) : Value.Null);
        add("trim", ["string"], 1, static (a, ref _) => Str(a[0], out var s) ? Value.Str(s.Trim()) : Value.Null);
    }

    /// <summary>All items as numbers; false when one is not a number.</summary>
    private static bool AllNumbers(Value[] items, ref Env env, out decimal[] numbers)
    {
        env.Steps(items.Length);
        numbers = new decimal[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i].Kind != ValueKind.Number)
            {
                return false;
            }

            numbers[i] = items[i].Number;
        }

        return true;
    }
}
