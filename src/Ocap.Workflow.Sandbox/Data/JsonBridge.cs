using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace Ocap.Workflow.Sandbox.Data;

/// <summary>
/// Copies JSON into a realm as hardened plain data, and plain data out of a realm as JSON. Nothing live crosses: no .NET
/// object is ever handed to the engine, and no getter or Proxy trap runs while a result is copied out.
/// </summary>
internal static class JsonBridge
{

    /// <summary>
    /// Builds a frozen copy of <paramref name="node"/> in <paramref name="engine"/>'s realm. Objects and arrays are frozen
    /// by construction — every property is defined non-writable and non-configurable, then the object is made
    /// non-extensible — so no <c>Object.freeze</c> call (and no JavaScript call at all) is made per copy.
    /// </summary>
    public static JsValue ToJs(Engine engine, JsonNode? node) => ToJs(engine, node, 0);

    /// <summary>
    /// Builds a frozen copy of <paramref name="element"/>: the same value <see cref="ToJs(Engine, JsonNode?)"/> builds
    /// from a node over the element, with no node allocated for a primitive.
    /// </summary>
    public static JsValue ToJs(Engine engine, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return new JsString(element.GetString()!);
            case JsonValueKind.True:
                return JsBoolean.True;
            case JsonValueKind.False:
                return JsBoolean.False;
            case JsonValueKind.Null:
                return JsValue.Null;
            case JsonValueKind.Number:
                if (SmallInteger(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element)) is { } integer)
                {
                    return JsNumber.Create(integer);
                }

                // The order a node over the element reads it in (ToJs(JsonValue) through JsonValue.TryGetValue).
                if (element.TryGetDouble(out var d))
                {
                    return JsNumber.Create(d);
                }

                if (element.TryGetInt32(out var i))
                {
                    return JsNumber.Create(i);
                }

                if (element.TryGetInt64(out var l))
                {
                    return JsNumber.Create(l);
                }

                if (element.TryGetDecimal(out var m))
                {
                    return JsNumber.Create((double)m);
                }

                return JsNumber.Create(double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture));
            case JsonValueKind.Object:
                return ToJs(engine, JsonObject.Create(element));
            case JsonValueKind.Array:
                return ToJs(engine, JsonArray.Create(element));
            default:
                return ToJs(engine, JsonValue.Create(element));
        }
    }

    /// <summary>
    /// The value of a JSON number written as a plain integer of at most 15 digits (<c>250</c>, <c>-17</c>), parsed
    /// directly: every such integer is exact as a double, so it is the value <see cref="JsonElement.TryGetDouble"/> gives,
    /// without the general floating-point parser. <see langword="null"/> for anything else — a fraction, an exponent, more
    /// digits, and <c>-0</c>, which is the double negative zero, not the integer 0.
    /// </summary>
    internal static long? SmallInteger(ReadOnlySpan<byte> raw)
    {
        var negative = raw.Length > 0 && raw[0] == (byte)'-';
        var digits = negative ? raw[1..] : raw;
        if (digits.Length is 0 or > 15)
        {
            return null;
        }

        long value = 0;
        foreach (var b in digits)
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                return null;
            }

            value = (value * 10) + digit;
        }

        if (negative)
        {
            return value == 0 ? null : -value;
        }

        return value;
    }

    private static JsValue ToJs(Engine engine, JsonNode? node, int depth)
    {
        if (depth > 256)
        {
            throw new ArgumentException("input JSON is nested more than 256 levels deep.");
        }

        switch (node)
        {
            case null:
                return JsValue.Null;
            case JsonObject obj:
            {
                var result = new JsObject(engine);
                for (var i = 0; i < obj.Count; i++)
                {
                    // Indexed access: no boxed enumerator per object.
                    var (key, value) = obj.GetAt(i);
                    result.FastSetProperty(key, new PropertyDescriptor(ToJs(engine, value, depth + 1), PropertyFlag.Enumerable));
                }

                result.PreventExtensions();
                return result;
            }

            case JsonArray array:
            {
                var count = array.Count;
                var result = new JsArray(engine, (uint)count, 0);
                for (var i = 0; i < count; i++)
                {
                    // Enumerable only: non-writable and non-configurable, as Object.freeze leaves an element.
                    result.DefineOwnProperty(JsNumber.Create(i), new PropertyDescriptor(ToJs(engine, array[i], depth + 1), PropertyFlag.Enumerable));
                }

                result.DefineOwnProperty("length", new PropertyDescriptor(JsNumber.Create(count), writable: false, enumerable: false, configurable: false));
                result.PreventExtensions();
                return result;
            }

            default:
                return ToJs((JsonValue)node);
        }
    }

    private static JsValue ToJs(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return new JsString(value.GetValue<string>());
            case JsonValueKind.True:
                return JsBoolean.True;
            case JsonValueKind.False:
                return JsBoolean.False;
            case JsonValueKind.Null:
                return JsValue.Null;
            case JsonValueKind.Number:
                if (value.TryGetValue<double>(out var d))
                {
                    return JsNumber.Create(d);
                }

                if (value.TryGetValue<int>(out var i))
                {
                    return JsNumber.Create(i);
                }

                if (value.TryGetValue<long>(out var l))
                {
                    return JsNumber.Create(l);
                }

                if (value.TryGetValue<decimal>(out var m))
                {
                    return JsNumber.Create((double)m);
                }

                return JsNumber.Create(double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture));
            default:
                throw new ArgumentException($"input JSON holds a value of kind {value.GetValueKind()}, which is not JSON data.");
        }
    }

    /// <summary>Copies a result out as JSON, refusing anything that is not plain data.</summary>
    /// <exception cref="ResultShapeException">The value (or a part of it) is not plain data, or it is too large.</exception>
    public static JsonNode? ToJson(Engine engine, JsValue value, int maxBytes)
    {
        var state = new CopyState(engine, maxBytes);
        return Copy(ref state, value, 0);
    }

    private struct CopyState(Engine engine, long budget)
    {
        public readonly Engine Engine = engine;
        public ObjectInstance ObjectPrototype => Engine.Intrinsics.Object.PrototypeObject;

        public ObjectInstance ArrayPrototype => Engine.Intrinsics.Array.PrototypeObject;
        private HashSet<ObjectInstance>? _stack;
        public long Budget = budget;
        public readonly long MaxBytes = budget;

        /// <summary>The objects being copied on the current path (allocated only when the result is an object).</summary>
        public HashSet<ObjectInstance> Stack => _stack ??= new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance);

        public void Spend(long bytes)
        {
            Budget -= bytes;
            if (Budget < 0)
            {
                throw new ResultShapeException($"the result is larger than {MaxBytes} bytes of JSON", tooLarge: true);
            }
        }
    }

    private static JsonNode? Copy(ref CopyState state, JsValue value, int depth)
    {
        switch (value.Type)
        {
            case Types.Undefined:
            case Types.Null:
                state.Spend(4);
                return null;
            case Types.Boolean:
                state.Spend(5);
                return JsonValue.Create(value.AsBoolean());
            case Types.String:
            {
                var text = value.ToString();
                state.Spend(text.Length + 2L);
                return JsonValue.Create(text);
            }

            case Types.Number:
            {
                var number = ((JsNumber)value).AsNumber();
                if (!double.IsFinite(number))
                {
                    throw new ResultShapeException($"{value} is not a JSON number");
                }

                state.Spend(24);
                return number == Math.Floor(number) && Math.Abs(number) < 9007199254740992d
                    ? JsonValue.Create((long)number)
                    : JsonValue.Create(number);
            }

            case Types.BigInt:
                throw new ResultShapeException("a BigInt is not JSON data");
            case Types.Symbol:
                throw new ResultShapeException("a symbol is not JSON data");
        }

        if (value is not ObjectInstance obj)
        {
            throw new ResultShapeException("the value is not JSON data");
        }

        if (depth > 128)
        {
            throw new ResultShapeException("the result is nested more than 128 levels deep");
        }

        if (IsProxy(obj))
        {
            throw new ResultShapeException("a Proxy is not plain data");
        }

        if (((JsValue)obj).IsCallable())
        {
            throw new ResultShapeException("a function is not JSON data");
        }

        if (!state.Stack.Add(obj))
        {
            throw new ResultShapeException("the result contains a cycle");
        }

        try
        {
            if (obj is JsArray array)
            {
                return CopyArray(ref state, array, depth);
            }

            var proto = obj.Prototype;
            if (proto is not null && !ReferenceEquals(proto, state.ObjectPrototype))
            {
                throw new ResultShapeException("only plain objects and arrays are JSON data (this object has another prototype)");
            }

            var result = new JsonObject();
            state.Spend(2);
            foreach (var key in obj.GetOwnPropertyKeys(Types.String))
            {
                var desc = obj.GetOwnProperty(key);
                if (!desc.Enumerable)
                {
                    continue;
                }

                var name = key.ToString();
                try
                {
                    if (!desc.IsDataDescriptor())
                    {
                        throw new ResultShapeException("an accessor property is not plain data");
                    }

                    if (desc.Value.IsUndefined())
                    {
                        continue;
                    }

                    state.Spend(name.Length + 4L);
                    result[name] = Copy(ref state, desc.Value, depth + 1);
                }
                catch (ResultShapeException e)
                {
                    e.Prepend(Identifiers.IsIdentifier(name) ? "." + name : $"[{JsonSerializer.Serialize(name)}]");
                    throw;
                }
            }

            return result;
        }
        finally
        {
            state.Stack.Remove(obj);
        }
    }

    private static JsonArray CopyArray(ref CopyState state, JsArray array, int depth)
    {
        if (!ReferenceEquals(array.Prototype, state.ArrayPrototype))
        {
            throw new ResultShapeException("only plain arrays are JSON data (this array has another prototype)");
        }

        var length = TypeConverter.ToLength(array.GetOwnProperty("length").Value);
        state.Spend(2 + (long)length);
        var result = new JsonArray();
        for (ulong i = 0; i < length; i++)
        {
            var desc = array.GetOwnProperty(JsNumber.Create((double)i));
            if (desc == PropertyDescriptor.Undefined)
            {
                result.Add(null);
                continue;
            }

            try
            {
                if (!desc.IsDataDescriptor())
                {
                    throw new ResultShapeException("an accessor property is not plain data");
                }

                result.Add(Copy(ref state, desc.Value, depth + 1));
            }
            catch (ResultShapeException e)
            {
                e.Prepend($"[{i}]");
                throw;
            }
        }

        return result;
    }

    /// <summary>Whether <paramref name="obj"/> is a Proxy. Jint keeps its proxy type internal, so it is recognised by name.</summary>
    internal static bool IsProxy(ObjectInstance obj) => obj.GetType().Name == "JsProxy";
}

/// <summary>A result is not plain data; the evaluation turns it into <see cref="ScriptResultException"/>.</summary>
internal sealed class ResultShapeException(string message, bool tooLarge = false) : Exception(message)
{
    private string _relativePath = string.Empty;

    /// <summary>Where the offending value sits, from the root (<c>$.items[2].when</c>).</summary>
    public string Path => "$" + _relativePath;

    public bool TooLarge { get; } = tooLarge;

    /// <summary>Called by each enclosing object or array as the exception passes through it, so paths cost nothing unless a result fails.</summary>
    public void Prepend(string segment) => _relativePath = segment + _relativePath;
}
