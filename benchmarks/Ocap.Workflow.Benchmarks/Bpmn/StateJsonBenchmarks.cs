using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Benchmarks.Feel;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Benchmarks.Bpmn;

/// <summary>
/// The instance state's JSON (issue 7): the source-generated serializer (what <see cref="BpmnInstanceState.ToUtf8Json"/>
/// called before) against the hand-written <c>BpmnStateJsonWriter</c> (what it calls now: the plain-state copy, with
/// the token path alone for comparison), on the approval flow's
/// completed state (what the in-memory store writes once per ended instance) and its waiting state (one token, one
/// scope), plus <see cref="BpmnInstanceState.WriteJson"/> into a writer and buffer the caller reuses. Thread CPU time.
/// </summary>
[Config(typeof(CpuTimeConfig))]
[MemoryDiagnoser]
[MedianColumn]
public class StateJsonBenchmarks
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private BpmnInstanceState _completed = null!;
    private BpmnInstanceState _waiting = null!;
    private ArrayBufferWriter<byte> _buffer = null!;
    private Utf8JsonWriter _writer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var interpreter = new BpmnInterpreter(new BpmnReader().Read(ApprovalFlow.Bytes, "approval.bpmn"), new ApprovalFlow.CSharpConditions());
        var submission = JsonDocument.Parse("""{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}""")
            .RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        _waiting = interpreter.Start("approval", null, At).State;
        _completed = interpreter.Apply(_waiting, new CompleteTask("approve", submission) { At = At }).State;
        if (_completed.Status != BpmnInstanceStatus.Completed
            || !_completed.ToUtf8Json().AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(_completed, BpmnStateJsonContext.Default.BpmnInstanceState)))
        {
            throw new InvalidOperationException("The benchmark's completed state is not what it should be.");
        }

        _buffer = new ArrayBufferWriter<byte>(1024);
        _writer = new Utf8JsonWriter(_buffer, BpmnStateJsonWriter.WriterOptions);
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    [Benchmark(Baseline = true, Description = "Completed approval state, source-generated serializer (before)")]
    public byte[] CompletedGenerator() => JsonSerializer.SerializeToUtf8Bytes(_completed, BpmnStateJsonContext.Default.BpmnInstanceState);

    [Benchmark(Description = "Completed approval state, ToUtf8Json (hand-written writer)")]
    public byte[] CompletedWriter() => _completed.ToUtf8Json();

    [Benchmark(Description = "Completed approval state, WriteJson into a reused writer and buffer")]
    public int CompletedWriteJsonReused()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
        _completed.WriteJson(_writer);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "Completed approval state, token path only, into a reused writer and buffer")]
    public int CompletedTokensReused()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
        BpmnStateJsonWriter.WriteTokens(_writer, _completed);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "Waiting approval state, source-generated serializer (before)")]
    public byte[] WaitingGenerator() => JsonSerializer.SerializeToUtf8Bytes(_waiting, BpmnStateJsonContext.Default.BpmnInstanceState);

    [Benchmark(Description = "Waiting approval state, ToUtf8Json (hand-written writer)")]
    public byte[] WaitingWriter() => _waiting.ToUtf8Json();

    [Benchmark(Description = "Waiting approval state as text, source-generated serializer (before)")]
    public string WaitingTextGenerator() => JsonSerializer.Serialize(_waiting, BpmnStateJsonContext.Default.BpmnInstanceState);

    [Benchmark(Description = "Waiting approval state as text, ToJson (hand-written writer)")]
    public string WaitingTextWriter() => _waiting.ToJson();

    private sealed class CpuTimeConfig() : ThreadCpuTimeConfig(20);
}
