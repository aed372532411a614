using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Runtime;

namespace Ocap.Workflow.Storage;

/// <summary>
/// An instance state the runtime committed as an object, with its JSON text written only when someone asks for it.
/// The interpreter never changes a state once stepped from, and the runtime only reads committed states, so the text
/// written later is exactly the text writing it at commit would have given. A store in the same process may keep this
/// instead of the text: the next command then takes the object as it is (no parse), and the text of a waiting
/// instance is never written at all unless it is read. A store that persists calls <see cref="Json"/>.
/// </summary>
internal sealed class LiveState(BpmnInstanceState state)
{
    private string? _json;

    /// <summary>The state; callers must not change it.</summary>
    public BpmnInstanceState State => state;

    /// <summary>The state as JSON (written once, on first use; concurrent first uses write equal texts).</summary>
    public string Json => _json ??= state.ToJson();

    /// <summary>The UTF-8 bytes of <see cref="Json"/>, serialized straight to UTF-8 unless the text exists already.</summary>
    public byte[] Utf8Json() => _json is { } json ? System.Text.Encoding.UTF8.GetBytes(json) : state.ToUtf8Json();

    /// <summary>Writes the bytes of <see cref="Utf8Json"/> into <paramref name="buffer"/> (emptied first) through <paramref name="writer"/>.</summary>
    public void WriteUtf8Json(PooledBufferWriter buffer, System.Text.Json.Utf8JsonWriter writer)
    {
        buffer.ResetWrittenCount();
        if (_json is { } json)
        {
            var target = buffer.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(json.Length));
            buffer.Advance(System.Text.Encoding.UTF8.GetBytes(json, target));
            return;
        }

        writer.Reset(buffer);
        state.WriteJson(writer);
        writer.Flush();
    }
}
