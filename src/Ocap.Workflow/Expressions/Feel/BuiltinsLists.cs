namespace Ocap.Workflow.Expressions.Feel;

/// <summary>List built-ins. Positions are one-based; negative positions count from the end.</summary>
internal static partial class Builtins
{
    private static void AddLists(Registrar add)
    {
        add("list contains", ["list", "element"], 2, static (a, ref env) =>
        {
            if (a[0].Kind != ValueKind.List)
            {
                return Value.Null;
            }

            env.Steps(a[0].AsList.Length);
            foreach (var item in a[0].AsList)
            {
                if (Semantics.IsTrue(Semantics.Equal(item, a[1])))
                {
                    return Value.True;
                }
            }

            return Value.False;
        });
        add("count", ["list"], 1, static (a, ref _) => Items(a[0], out var items) ? Value.Num(items.Length) : Value.Null);
        add("min", ["list"], 1, static (a, ref env) => ListOrArgs(a, out var items) ? Extreme(items, -1, ref env) : Value.Null, variadic: true);
        add("max", ["list"], 1, static (a, ref env) => ListOrArgs(a, out var items) ? Extreme(items, 1, ref env) : Value.Null, variadic: true);
        add("sum", ["list"], 1, static (a, ref env) => ListOrArgs(a, out var items) ? Sum(items, ref env, out _) : Value.Null, variadic: true);
        add("mean", ["list"], 1, static (a, ref env) =>
        {
            if (!ListOrArgs(a, out var items))
            {
                return Value.Null;
            }

            var sum = Sum(items, ref env, out var count);
            return sum.IsNull ? sum : Semantics.Divide(sum, Value.Num(count));
        }, variadic: true);
        add("all", ["list"], 1, static (a, ref env) => ListOrArgs(a, out var items) ? Logic(items, every: true, ref env) : Value.Null, variadic: true);
        add("any", ["list"], 1, static (a, ref env) => ListOrArgs(a, out var items) ? Logic(items, every: false, ref env) : Value.Null, variadic: true);
        add("sublist", ["list", "start position", "length"], 2, static (a, ref _) =>
        {
            if (a[0].Kind != ValueKind.List || !Int(a[1], out var start) || (Has(a, 2) && !Int(a[2], out var _)))
            {
                return Value.Null;
            }

            var items = a[0].AsList;
            var from = start > 0 ? start - 1 : items.Length + start;
            if (start == 0 || from < 0 || from >= items.Length)
            {
                return Value.Null;
            }

            // A length past the end takes what there is, as XPath's subsequence does.
            var length = Has(a, 2) ? (int)Math.Min(a[2].Number, items.Length - from) : items.Length - from;
            if (length < 0)
            {
                return Value.Null;
            }

            return Value.List(items.AsSpan(from, length).ToArray());
        });
        add("append", ["list", "item"], 1, static (a, ref env) =>
        {
            if (a[0].Kind != ValueKind.List)
            {
                return Value.Null;
            }

            var result = new List<Value>(a[0].AsList);
            for (var i = 1; i < a.Length; i++)
            {
                result.Add(a[i]);
            }

            return ListResult(result, ref env);
        }, variadic: true);
        add("concatenate", ["list"], 0, static (a, ref env) =>
        {
            var result = new List<Value>();
            foreach (var list in a)
            {
                if (list.Kind != ValueKind.List)
                {
                    return Value.Null;
                }

                result.AddRange(list.AsList);
                env.CheckListSize(result.Count);
            }

            return ListResult(result, ref env);
        }, variadic: true);
        add("insert before", ["list", "position", "newItem"], 3, static (a, ref env) =>
        {
            if (a[0].Kind != ValueKind.List || !Int(a[1], out var position))
            {
                return Value.Null;
            }

            var items = a[0].AsList;
            var at = position > 0 ? position - 1 : items.Length + position;
            if (position == 0 || at < 0 || at > items.Length)
            {
                return Value.Null;
            }

            // Position count + 1 appends, as XPath's insert-before does.
            var result = new List<Value>(items);
            result.Insert(at, a[2]);
            return ListResult(result, ref env);
        });
        add("remove", ["list", "position"], 2, static (a, ref _) =>
        {
            if (a[0].Kind != ValueKind.List || !Int(a[1], out var position))
            {
                return Value.Null;
            }

            var items = a[0].AsList;
            var at = position > 0 ? position - 1 : items.Length + position;
            if (position == 0 || at < 0)
            {
                return Value.Null;
            }

            // A position past the end removes nothing, as XPath's remove does.
            if (at >= items.Length)
            {
                return a[0];
            }

            var result = new List<Value>(items);
            result.RemoveAt(at);
            return Value.List([.. result]);
        });
        add("reverse", ["list"], 1, static (a, ref _) =>
        {
            if (a[0].Kind != ValueKind.List)
            {
                return Value.Null;
            }

            var copy = a[0].AsList.ToArray();
            Array.Reverse(copy);
            return Value.List(copy);
        });
        add("index of", ["list", "match"], 2, static (a, ref env) =>
        {
            if (a[0].Kind != ValueKind.List)
            {
                return Value.Null;
            }

            var result = new List<Value>();
            var items = a[0].AsList;
            env.Steps(items.Length);
            for (var i = 0; i < items.Length; i++)
            {
                if (Semantics.IsTrue(Semantics.Equal(items[i], a[1])))
                {
                    result.Add(Value.Num(i + 1));
                }
            }

            return Value.List([.. result]);
        });
        add("union", ["list"], 0, static (a, ref env) =>
        {
            var result = new List<Value>();
            foreach (var list in a)
            {
                if (list.Kind != ValueKind.List)
                {
                    return Value.Null;
                }

                AddDistinct(result, list.AsList, ref env);
            }

            return ListResult(result, ref env);
        }, variadic: true);
        add("distinct values", ["list"], 1, static (a, ref env) =>
        {
            if (a[0].Kind != ValueKind.List)
            {
                return Value.Null;
            }

            var result = new List<Value>();
            AddDistinct(result, a[0].AsList, ref env);
            return Value.List([.. result]);
        });
        add("flatten", ["list"], 1, static (a, ref env) =>
        {
            if (a[0].Kind != ValueKind.List)
            {
                return Value.Null;
            }

            var result = new List<Value>();
            Flatten(a[0].AsList, result, ref env);
            return ListResult(result, ref env);
        });
        add("sort", ["list", "precedes"], 2, static (a, ref env) =>
        {
            if (a[0].Kind != ValueKind.List || a[1].Kind != ValueKind.Function)
            {
                return Value.Null;
            }

            return Sort(a[0].AsList, a[1].AsFunction, ref env);
        });
    }

    private static Value Extreme(Value[] items, int sign, ref Env env)
    {
        if (items.Length == 0)
        {
            return Value.Null;
        }

        env.Steps(items.Length);
        var best = items[0];
        for (var i = 1; i < items.Length; i++)
        {
            var c = Semantics.Compare(items[i], best);
            if (c is null)
            {
                return Value.Null;
            }

            if (c * sign > 0)
            {
                best = items[i];
            }
        }

        return Semantics.Compare(best, best) is null ? Value.Null : best;
    }

    private static Value Sum(Value[] items, ref Env env, out int count)
    {
        count = items.Length;
        if (items.Length == 0)
        {
            return Value.Null;
        }

        env.Steps(items.Length);
        var total = items[0];
        if (total.Kind is not (ValueKind.Number or ValueKind.DaysTimeDuration or ValueKind.YearsMonthsDuration))
        {
            return Value.Null;
        }

        for (var i = 1; i < items.Length && !total.IsNull; i++)
        {
            total = items[i].Kind == total.Kind ? Semantics.Add(total, items[i]) : Value.Null;
        }

        return total;
    }

    private static Value Logic(Value[] items, bool every, ref Env env)
    {
        env.Steps(items.Length);
        var sawOther = false;
        foreach (var item in items)
        {
            if (item.Kind == ValueKind.Boolean)
            {
                if (item.AsBoolean != every)
                {
                    return item;
                }
            }
            else
            {
                sawOther = true;
            }
        }

        return sawOther ? Value.Null : Value.Bool(every);
    }

    private static void AddDistinct(List<Value> result, Value[] items, ref Env env)
    {
        env.Steps((long)items.Length * (result.Count + 1));
        foreach (var item in items)
        {
            var seen = false;
            foreach (var existing in result)
            {
                if (Semantics.IsTrue(Semantics.Equal(existing, item)))
                {
                    seen = true;
                    break;
                }
            }

            if (!seen)
            {
                result.Add(item);
            }
        }
    }

    private static void Flatten(Value[] items, List<Value> result, ref Env env)
    {
        env.Steps(items.Length);
        foreach (var item in items)
        {
            if (item.Kind == ValueKind.List)
            {
                Flatten(item.AsList, result, ref env);
            }
            else
            {
                result.Add(item);
                env.CheckListSize(result.Count);
            }
        }
    }

    /// <summary>A stable merge sort driven by the user's <c>precedes(a, b)</c>; a non-boolean answer makes the result null.</summary>
    private static Value Sort(Value[] items, FunctionValue precedes, ref Env env)
    {
        if (precedes.Parameters.Count != 2)
        {
            return Value.Null;
        }

        var current = items.ToArray();
        var buffer = new Value[current.Length];
        var pair = new Value[2];
        for (var width = 1; width < current.Length; width *= 2)
        {
            for (var lo = 0; lo < current.Length; lo += 2 * width)
            {
                int mid = Math.Min(lo + width, current.Length), hi = Math.Min(lo + 2 * width, current.Length);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi)
                {
                    pair[0] = current[j];
                    pair[1] = current[i];
                    var r = precedes.Invoke(pair, ref env);
                    if (r.Kind != ValueKind.Boolean)
                    {
                        return Value.Null;
                    }

                    buffer[k++] = r.AsBoolean ? current[j++] : current[i++];
                }

                while (i < mid)
                {
                    buffer[k++] = current[i++];
                }

                while (j < hi)
                {
                    buffer[k++] = current[j++];
                }
            }

            (current, buffer) = (buffer, current);
        }

        return Value.List(current);
    }
}
