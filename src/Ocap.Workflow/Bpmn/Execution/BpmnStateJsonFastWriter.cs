using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Ocap.Workflow.Bpmn.Execution;

/// <summary>
/// The common case of <see cref="BpmnStateJsonWriter"/> without a <see cref="Utf8JsonWriter"/>: a state whose every
/// text is plain ASCII that the default encoder writes as it is (letters, digits and the punctuation it leaves alone),
/// whose subscriptions have no due date, and whose variables are numbers, literals, plain strings and objects and
/// arrays of those, is copied byte by byte into a pooled array (numbers and plain strings as their raw UTF-8 text,
/// which is what <see cref="JsonElement.WriteTo"/> writes for them). Anything else (a character to escape, an escape in
/// a value, a date, deep nesting, an undefined element) makes it give up, and the caller writes the state with
/// <see cref="BpmnStateJsonWriter.Write"/> instead, so every byte it writes is one the serializer writes too.
/// </summary>
/// <remarks>
/// A ref struct over a span: the caller may hand it memory on its stack (<see cref="StackBytes"/> is enough for a
/// waiting or ended approval instance), so the usual state costs no pooled array; it rents one from the shared pool
/// only when the state outgrows what it was given, and <see cref="Dispose"/> returns that.
/// </remarks>
internal ref struct BpmnStateJsonFastWriter
{
    /// <summary>What the callers put on the stack for the writer to start in.</summary>
    internal const int StackBytes = 512;

    // Well under the serializer's writer depth (64): deeper values take the Utf8JsonWriter path, which fails as it does.
    private const int MaxElementDepth = 32;

    private Span<byte> _buffer;
    private byte[]? _rented;
    private int _length;

    /// <summary>Starts in a pooled array of at least <paramref name="capacity"/> bytes.</summary>
    public BpmnStateJsonFastWriter(int capacity)
    {
        _rented = ArrayPool<byte>.Shared.Rent(capacity);
        _buffer = _rented;
        _length = 0;
    }

    /// <summary>Starts in <paramref name="initial"/> (the caller's, typically on its stack), renting only if it fills up.</summary>
    public BpmnStateJsonFastWriter(Span<byte> initial)
    {
        _rented = null;
        _buffer = initial;
        _length = 0;
    }

    /// <summary>What was written (valid only after <see cref="TryWrite"/> returned <see langword="true"/>).</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Writes the state, or returns <see langword="false"/> (with partial output) if it is not a plain state.</summary>
    public bool TryWrite(BpmnInstanceState state)
    {
        if (state.Executions is not { } executions || state.Subscriptions is not { } subscriptions || state.Incidents is not { } incidents)
        {
            return false;
        }

        var first = true;
        Byte((byte)'{');
        if (!OptionalString(ref first, "\"processId\":"u8, state.ProcessId) || !OptionalString(ref first, "\"status\":"u8, state.Status))
        {
            return false;
        }

        Name(ref first, "\"nextId\":"u8);
        Int(state.NextId);
        Name(ref first, "\"lastSequence\":"u8);
        Long(state.LastSequence);

        Name(ref first, "\"executions\":["u8);
        for (var i = 0; i < executions.Count; i++)
        {
            if (i > 0)
            {
                Byte((byte)',');
            }

            if (!Execution(executions[i]))
            {
                return false;
            }
        }

        Raw("],\"subscriptions\":["u8);
        for (var i = 0; i < subscriptions.Count; i++)
        {
            if (i > 0)
            {
                Byte((byte)',');
            }

            if (!Subscription(subscriptions[i]))
            {
                return false;
            }
        }

        Raw("],\"incidents\":["u8);
        for (var i = 0; i < incidents.Count; i++)
        {
            if (i > 0)
            {
                Byte((byte)',');
            }

            if (!Incident(incidents[i]))
            {
                return false;
            }
        }

        Byte((byte)']');
        if (state.FinalVariables is { } finalVariables)
        {
            Raw(",\"finalVariables\":"u8);
            if (!Variables(finalVariables))
            {
                return false;
            }
        }

        if (state.Failure is not null)
        {
            // Failed instances are rare: the Utf8JsonWriter path writes them.
            return false;
        }

        Byte((byte)'}');
        return true;
    }

    public void Dispose()
    {
        var rented = _rented;
        _rented = null;
        _buffer = [];
        _length = 0;
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Whether the default encoder writes this ASCII byte or character as it is (it escapes controls, DEL,
    /// the HTML-sensitive <c>&amp; &lt; &gt; ' "</c>, <c>+</c>, the backtick and the backslash, and everything past ASCII):
    /// the payload writer's rule (<see cref="Runtime.JsonSafeText"/>), one table for both.</summary>
    internal static bool Plain(int c) => (uint)c < 128 && Runtime.JsonSafeText.IsSafe((char)c);

    private bool Execution(BpmnExecutionState? execution)
    {
        if (execution is null)
        {
            Raw("null"u8);
            return true;
        }

        Raw("{\"id\":"u8);
        Int(execution.Id);
        var first = false;
        if (execution.ParentId is { } parentId)
        {
            Raw(",\"parentId\":"u8);
            Int(parentId);
        }

        if (!OptionalString(ref first, "\"elementId\":"u8, execution.ElementId)
            || !OptionalString(ref first, "\"kind\":"u8, execution.Kind)
            || !OptionalString(ref first, "\"phase\":"u8, execution.Phase)
            || !OptionalString(ref first, "\"flow\":"u8, execution.Flow)
            || !OptionalString(ref first, "\"processId\":"u8, execution.ProcessId)
            || !OptionalString(ref first, "\"processVersion\":"u8, execution.ProcessVersion))
        {
            return false;
        }

        if (execution.Variables is { } variables)
        {
            Raw(",\"variables\":"u8);
            if (!Variables(variables))
            {
                return false;
            }
        }

        OptionalInt(",\"counter\":"u8, execution.Counter);
        OptionalInt(",\"instances\":"u8, execution.Instances);
        OptionalInt(",\"completed\":"u8, execution.Completed);
        if (execution.Items is { } items)
        {
            Raw(",\"items\":"u8);
            if (!Element(items, 0))
            {
                return false;
            }
        }

        if (execution.Assignment is not null)
        {
            // Assignment details are rare: the Utf8JsonWriter path writes them.
            return false;
        }

        Byte((byte)'}');
        return true;
    }

    private bool Subscription(BpmnSubscriptionState? subscription)
    {
        if (subscription is null)
        {
            Raw("null"u8);
            return true;
        }

        if (subscription.DueAt is not null)
        {
            // Dates take the Utf8JsonWriter path (its own round-trip format).
            return false;
        }

        Raw("{\"id\":"u8);
        Int(subscription.Id);
        Raw(",\"executionId\":"u8);
        Int(subscription.ExecutionId);
        var first = false;
        if (!OptionalString(ref first, "\"elementId\":"u8, subscription.ElementId)
            || !OptionalString(ref first, "\"kind\":"u8, subscription.Kind)
            || !OptionalString(ref first, "\"name\":"u8, subscription.Name)
            || !OptionalString(ref first, "\"correlationKey\":"u8, subscription.CorrelationKey))
        {
            return false;
        }

        OptionalInt(",\"remaining\":"u8, subscription.Remaining);
        if (!OptionalString(ref first, "\"interval\":"u8, subscription.Interval))
        {
            return false;
        }

        Byte((byte)'}');
        return true;
    }

    private bool Incident(BpmnIncidentState? incident)
    {
        if (incident is null)
        {
            Raw("null"u8);
            return true;
        }

        Raw("{\"id\":"u8);
        Int(incident.Id);
        Raw(",\"executionId\":"u8);
        Int(incident.ExecutionId);
        var first = false;
        if (!OptionalString(ref first, "\"elementId\":"u8, incident.ElementId) || !OptionalString(ref first, "\"message\":"u8, incident.Message))
        {
            return false;
        }

        Byte((byte)'}');
        return true;
    }

    private bool Variables(Dictionary<string, JsonElement> variables)
    {
        Byte((byte)'{');
        var first = true;
        foreach (var (name, value) in variables)
        {
            if (!first)
            {
                Byte((byte)',');
            }

            first = false;
            if (!String(name))
            {
                return false;
            }

            Byte((byte)':');
            if (!Element(value, 0))
            {
                return false;
            }
        }

        Byte((byte)'}');
        return true;
    }

    private bool Element(JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                Raw(JsonMarshal.GetRawUtf8Value(element));
                return true;
            case JsonValueKind.True:
                Raw("true"u8);
                return true;
            case JsonValueKind.False:
                Raw("false"u8);
                return true;
            case JsonValueKind.Null:
                Raw("null"u8);
                return true;
            case JsonValueKind.String:
                // The raw text with its quotes; with no escape in it and nothing to escape, it is what the writer writes.
                return PlainQuoted(JsonMarshal.GetRawUtf8Value(element));
            case JsonValueKind.Array when depth < MaxElementDepth:
            {
                Byte((byte)'[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        Byte((byte)',');
                    }

                    first = false;
                    if (!Element(item, depth + 1))
                    {
                        return false;
                    }
                }

                Byte((byte)']');
                return true;
            }

            case JsonValueKind.Object when depth < MaxElementDepth:
            {
                Byte((byte)'{');
                var first = true;
                foreach (var property in element.EnumerateObject())
                {
                    if (!first)
                    {
                        Byte((byte)',');
                    }

                    first = false;
                    var name = JsonMarshal.GetRawUtf8PropertyName(property);
                    if (!PlainBytes(name))
                    {
                        return false;
                    }

                    Byte((byte)'"');
                    Raw(name);
                    Raw("\":"u8);
                    if (!Element(property.Value, depth + 1))
                    {
                        return false;
                    }
                }

                Byte((byte)'}');
                return true;
            }

            default:
                return false;
        }
    }

    private static bool PlainBytes(ReadOnlySpan<byte> bytes) => Runtime.JsonSafeText.IsSafe(bytes);

    private bool PlainQuoted(ReadOnlySpan<byte> quoted)
    {
        if (quoted.Length < 2 || quoted[0] != '"' || quoted[^1] != '"' || !PlainBytes(quoted[1..^1]))
        {
            return false;
        }

        Raw(quoted);
        return true;
    }

    private bool OptionalString(ref bool first, ReadOnlySpan<byte> quotedNameAndColon, string? value)
    {
        if (value is null)
        {
            return true;
        }

        Name(ref first, quotedNameAndColon);
        return String(value);
    }

    private void OptionalInt(ReadOnlySpan<byte> commaNameAndColon, int? value)
    {
        if (value is { } number)
        {
            Raw(commaNameAndColon);
            Int(number);
        }
    }

    private void Name(ref bool first, ReadOnlySpan<byte> quotedNameAndColon)
    {
        if (!first)
        {
            Byte((byte)',');
        }

        first = false;
        Raw(quotedNameAndColon);
    }

    private bool String(string value)
    {
        // Checked, then narrowed, a vector of characters at a time: every character is plain ASCII, so each one becomes
        // the byte of the same value.
        if (!Runtime.JsonSafeText.IsSafe(value.AsSpan()))
        {
            return false;
        }

        Ensure(value.Length + 2);
        var span = _buffer[_length..];
        span[0] = (byte)'"';
        Ascii.FromUtf16(value, span.Slice(1, value.Length), out _);
        span[value.Length + 1] = (byte)'"';
        _length += value.Length + 2;
        return true;
    }

    private void Int(int value)
    {
        Ensure(11);
        value.TryFormat(_buffer[_length..], out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    private void Long(long value)
    {
        Ensure(20);
        value.TryFormat(_buffer[_length..], out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    private void Byte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer[_length..]);
        _length += bytes.Length;
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _length >= count)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer[.._length].CopyTo(larger);
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }

        _rented = larger;
        _buffer = larger;
    }
}
