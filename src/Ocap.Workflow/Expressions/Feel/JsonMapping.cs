using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Expressions.Feel;

/// <summary>
/// Values across the JSON boundary. In: null, booleans, strings, arrays and objects map to their FEEL
/// counterparts and numbers to <see cref="decimal"/>; strings stay strings (a date arrives as text and is
/// converted with <c>date(...)</c>, as in Camunda). Out: numbers without trailing zeros, dates, times and
/// durations as their ISO 8601 text, lists as arrays, contexts as objects; ranges and functions have no JSON
/// form and are refused.
/// </summary>
internal static class JsonMapping
{
    private const int MaxDepth = 64;

    public static Value FromNode(JsonNode? node, string path, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new FeelValueConversionException(path, $"nested deeper than {MaxDepth} levels");
        }

        switch (node)
        {
            case null:
                return Value.Null;
            case JsonObject obj:
                var keys = new string[obj.Count];
                var values = new Value[obj.Count];
                var i = 0;
                foreach (var (key, child) in obj)
                {
                    keys[i] = key;
                    values[i++] = FromNode(child, path + "." + key, depth + 1);
                }

                return Value.Context(new ContextValue(keys, values));
            case JsonArray array:
                var items = new Value[array.Count];
                for (var k = 0; k < items.Length; k++)
                {
                    items[k] = FromNode(array[k], $"{path}[{k}]", depth + 1);
                }

                return Value.List(items);
            default:
                var value = node.AsValue();
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        return Value.Str(value.GetValue<string>());
                    case JsonValueKind.True:
                        return Value.True;
                    case JsonValueKind.False:
                        return Value.False;
                    case JsonValueKind.Null:
                        return Value.Null;
                    case JsonValueKind.Number:
                        if (value.TryGetValue<JsonElement>(out var element))
                        {
                            return element.TryGetDecimal(out var fromElement)
                                ? Value.Num(fromElement)
                                : throw new FeelValueConversionException(path, $"number {element.GetRawText()} is outside the decimal range");
                        }

                        // Values built in code hold their CLR type; ask for the common ones before formatting.
                        if (value.TryGetValue<int>(out var i32))
                        {
                            return Value.Num(i32);
                        }

                        if (value.TryGetValue<long>(out var i64))
                        {
                            return Value.Num(i64);
                        }

                        if (value.TryGetValue<decimal>(out var d))
                        {
                            return Value.Num(d);
                        }

                        if (value.TryGetValue<double>(out var dbl))
                        {
                            if (double.IsFinite(dbl) && Math.Abs(dbl) < 7.9e28)
                            {
                                return Value.Num((decimal)dbl);
                            }

                            throw new FeelValueConversionException(path, $"number {dbl} is outside the decimal range");
                        }

                        return Value.Num(decimal.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture));
                    default:
                        throw new FeelValueConversionException(path, $"unsupported JSON value kind {value.GetValueKind()}");
                }
        }
    }

    public static Value FromElement(JsonElement element, string path, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new FeelValueConversionException(path, $"nested deeper than {MaxDepth} levels");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var builder = new ContextBuilder(8);
                foreach (var p in element.EnumerateObject())
                {
                    builder.Set(p.Name, FromElement(p.Value, path + "." + p.Name, depth + 1));
                }

                return Value.Context(builder.Build());
            case JsonValueKind.Array:
                var items = new List<Value>(element.GetArrayLength());
                var k = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items.Add(FromElement(item, $"{path}[{k++}]", depth + 1));
                }

                return Value.List([.. items]);
            case JsonValueKind.String:
                return Value.Str(element.GetString()!);
            case JsonValueKind.Number:
                return element.TryGetDecimal(out var d)
                    ? Value.Num(d)
                    : throw new FeelValueConversionException(path, $"number {element.GetRawText()} is outside the decimal range");
            case JsonValueKind.True:
                return Value.True;
            case JsonValueKind.False:
                return Value.False;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return Value.Null;
            default:
                throw new FeelValueConversionException(path, $"unsupported JSON value kind {element.ValueKind}");
        }
    }

    public static JsonNode? ToNode(Value value, string path = "$")
    {
        switch (value.Kind)
        {
            case ValueKind.Null:
                return null;
            case ValueKind.Boolean:
                return JsonValue.Create(value.AsBoolean);
            case ValueKind.Number:
                return JsonValue.Create(Numbers.Normalize(value.Number));
            case ValueKind.String:
                return JsonValue.Create(value.AsString);
            case ValueKind.List:
                var array = new JsonArray();
                var items = value.AsList;
                for (var i = 0; i < items.Length; i++)
                {
                    array.Add(ToNode(items[i], $"{path}[{i}]"));
                }

                return array;
            case ValueKind.Context:
                var obj = new JsonObject();
                var c = value.AsContext;
                for (var i = 0; i < c.Count; i++)
                {
                    obj[c.KeyAt(i)] = ToNode(c.ValueAt(i), path + "." + c.KeyAt(i));
                }

                return obj;
            case ValueKind.Date:
            case ValueKind.Time:
            case ValueKind.DateTime:
            case ValueKind.DaysTimeDuration:
            case ValueKind.YearsMonthsDuration:
                return JsonValue.Create(ValueText.ToFeelString(value));
            case ValueKind.Range:
                throw new FeelValueConversionException(path, "a range has no JSON form");
            default:
                throw new FeelValueConversionException(path, "a function has no JSON form");
        }
    }
}
