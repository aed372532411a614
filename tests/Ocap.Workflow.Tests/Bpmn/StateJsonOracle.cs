using System.Buffers;
using System.Text.Json;
using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Tests.Bpmn;

/// <summary>
/// The differential check of the hand-written state writer: <see cref="BpmnInstanceState.ToUtf8Json"/>,
/// <see cref="BpmnInstanceState.ToJson"/> and <see cref="BpmnInstanceState.WriteJson"/> must give exactly what the
/// source-generated serializer gives, or fail as it fails. The test flows call it on every state they reach.
/// </summary>
internal static class StateJsonOracle
{
    public static void AssertSameAsGenerator(BpmnInstanceState state, string? what = null)
    {
        byte[]? expected = null;
        Exception? expectedError = null;
        try
        {
            expected = JsonSerializer.SerializeToUtf8Bytes(state, BpmnStateJsonContext.Default.BpmnInstanceState);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or JsonException)
        {
            expectedError = e;
        }

        if (expectedError is not null)
        {
            Assert.That(() => state.ToUtf8Json(), Throws.TypeOf(expectedError.GetType()).With.Message.EqualTo(expectedError.Message), what);
            Assert.That(() => state.ToJson(), Throws.TypeOf(expectedError.GetType()).With.Message.EqualTo(expectedError.Message), what);
            return;
        }

        var bytes = state.ToUtf8Json();
        Assert.That(bytes, Is.EqualTo(expected), () => $"{what}: writer {System.Text.Encoding.UTF8.GetString(bytes)} but generator {System.Text.Encoding.UTF8.GetString(expected!)}");
        Assert.That(state.ToJson(), Is.EqualTo(JsonSerializer.Serialize(state, BpmnStateJsonContext.Default.BpmnInstanceState)), what);

        // A caller's own writer (reused, validating) gets the same bytes, after whatever it wrote before a reset.
        var buffer = new ArrayBufferWriter<byte>(16);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = 64 });
        writer.WriteStringValue("earlier text");
        writer.Flush();
        buffer.ResetWrittenCount();
        writer.Reset();
        state.WriteJson(writer);
        writer.Flush();
        Assert.That(buffer.WrittenSpan.ToArray(), Is.EqualTo(expected), what);

        // Both paths, whichever the state takes: the plain-state copy (when it accepts the state) and the token path.
        buffer.ResetWrittenCount();
        writer.Reset();
        BpmnStateJsonWriter.WriteTokens(writer, state);
        writer.Flush();
        Assert.That(buffer.WrittenSpan.ToArray(), Is.EqualTo(expected), () => $"{what}: token path");
        var fast = new BpmnStateJsonFastWriter(16);
        try
        {
            if (fast.TryWrite(state))
            {
                Assert.That(fast.Written.ToArray(), Is.EqualTo(expected), () => $"{what}: plain-state path");
            }
        }
        finally
        {
            fast.Dispose();
        }
    }
}
