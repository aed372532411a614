namespace Ocap.Workflow.Expressions.Feel;

/// <summary>Context built-ins and the clock and calendar built-ins.</summary>
internal static partial class Builtins
{
    private static void AddContextsAndTime(Registrar add)
    {
        add("get value", ["m", "key"], 2, static (a, ref _) =>
        {
            if (a[0].Kind != ValueKind.Context)
            {
                return Value.Null;
            }

            if (Str(a[1], out var key))
            {
                a[0].AsContext.TryGet(key, out var v);
                return v;
            }

            if (a[1].Kind == ValueKind.List)
            {
                var current = a[0];
                foreach (var k in a[1].AsList)
                {
                    if (current.Kind != ValueKind.Context || !Str(k, out var part))
                    {
                        return Value.Null;
                    }

                    current.AsContext.TryGet(part, out current);
                }

                return current;
            }

            return Value.Null;
        });
        add("get entries", ["m"], 1, static (a, ref _) =>
        {
            if (a[0].Kind != ValueKind.Context)
            {
                return Value.Null;
            }

            var c = a[0].AsContext;
            var result = new Value[c.Count];
            for (var i = 0; i < c.Count; i++)
            {
                result[i] = Value.Context(new ContextValue(["key", "value"], [Value.Str(c.KeyAt(i)), c.ValueAt(i)]));
            }

            return Value.List(result);
        });
        add("context put", ["context", "key", "value"], 3, static (a, ref _) =>
        {
            if (a[0].Kind != ValueKind.Context)
            {
                return Value.Null;
            }

            if (Str(a[1], out var key))
            {
                return Value.Context(a[0].AsContext.With(key, a[2]));
            }

            return a[1].Kind == ValueKind.List && a[1].AsList.Length > 0 ? PutPath(a[0].AsContext, a[1].AsList, 0, a[2]) : Value.Null;
        });
        add("context merge", ["contexts"], 1, static (a, ref _) =>
        {
            if (a[0].Kind != ValueKind.List)
            {
                return Value.Null;
            }

            var builder = new ContextBuilder(8);
            foreach (var item in a[0].AsList)
            {
                if (item.Kind != ValueKind.Context)
                {
                    return Value.Null;
                }

                var c = item.AsContext;
                for (var i = 0; i < c.Count; i++)
                {
                    builder.Set(c.KeyAt(i), c.ValueAt(i));
                }
            }

            return Value.Context(builder.Build());
        });
        add("now", [], 0, static (a, ref env) =>
        {
            var clock = env.Options.TimeProvider;
            var now = clock.GetLocalNow();
            var local = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Unspecified);
            return Value.DateTime(new FeelDateTime(local, now.Offset, null));
        });
        add("today", [], 0, static (a, ref env) => Value.Date(DateOnly.FromDateTime(env.Options.TimeProvider.GetLocalNow().DateTime)));
        add("day of week", ["date"], 1, static (a, ref _) => ToLocal(a[0], out var d) ? Value.Str(Temporal.DayOfWeekName(DateOnly.FromDateTime(d))) : Value.Null);
        add("month of year", ["date"], 1, static (a, ref _) => ToLocal(a[0], out var d) ? Value.Str(Temporal.MonthName(DateOnly.FromDateTime(d))) : Value.Null);
        add("day of year", ["date"], 1, static (a, ref _) => ToLocal(a[0], out var d) ? Value.Num(d.DayOfYear) : Value.Null);
        add("week of year", ["date"], 1, static (a, ref _) => ToLocal(a[0], out var d) ? Value.Num(System.Globalization.ISOWeek.GetWeekOfYear(d)) : Value.Null);
    }

    private static Value PutPath(ContextValue context, Value[] keys, int index, Value value)
    {
        if (!Str(keys[index], out var key))
        {
            return Value.Null;
        }

        if (index == keys.Length - 1)
        {
            return Value.Context(context.With(key, value));
        }

        context.TryGet(key, out var inner);
        if (inner.Kind != ValueKind.Context)
        {
            return Value.Null;
        }

        var replaced = PutPath(inner.AsContext, keys, index + 1, value);
        return replaced.IsNull ? replaced : Value.Context(context.With(key, replaced));
    }
}
