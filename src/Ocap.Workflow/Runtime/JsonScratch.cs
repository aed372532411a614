using System.Text.Json;

namespace Ocap.Workflow.Runtime;

/// <summary>
/// A JSON writer and the growable buffer it writes into, reused from one command to the next: the runtime writes a few
/// small JSON texts per command (history payloads, submitted data), and a new writer and buffer for each cost about
/// as much as the writing. Rent one from a <see cref="Pool"/>, write, copy the bytes out, give it back.
/// </summary>
internal sealed class JsonScratch
{
    /// <summary>Buffers that grew past this are not kept, so one huge payload does not stay in memory.</summary>
    private const int MaxKeptCapacity = 64 * 1024;

    private readonly PooledBufferWriter _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    private JsonScratch() => _writer = new Utf8JsonWriter(_buffer, HistoryPayloads.WriterOptions);

    private int _markStart = -1;
    private int _markEnd = -1;

    /// <summary>The writer, reset to write a new text at the start of the emptied buffer.</summary>
    public Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _markStart = _markEnd = -1;
        return _writer;
    }

    /// <summary>Marks the start of a run of the text that many texts repeat (see <see cref="Marked"/>).</summary>
    public void MarkStart() => _markStart = Position;

    /// <summary>Marks the end of the run <see cref="MarkStart"/> began.</summary>
    public void MarkEnd() => _markEnd = Position;

    /// <summary>The run marked since <see cref="Begin"/>, if one was.</summary>
    public (int Start, int Length)? Marked => _markStart >= 0 && _markEnd > _markStart ? (_markStart, _markEnd - _markStart) : null;

    private int Position => checked((int)(_writer.BytesCommitted + _writer.BytesPending));

    /// <summary>What was written since <see cref="Begin"/> (the writer is flushed first); valid until the next <see cref="Begin"/>.</summary>
    public ReadOnlySpan<byte> Written
    {
        get
        {
            _writer.Flush();
            return _buffer.WrittenSpan;
        }
    }

    /// <summary>
    /// A one-slot pool per engine: commands run one after the other on most threads, so one spare is nearly always
    /// there; concurrent commands that find the slot empty make their own, and the extras are dropped on return.
    /// </summary>
    internal sealed class Pool
    {
        private JsonScratch? _spare;

        public JsonScratch Rent() => Interlocked.Exchange(ref _spare, null) ?? new JsonScratch();

        public void Return(JsonScratch scratch)
        {
            if (scratch._buffer.Capacity <= MaxKeptCapacity)
            {
                Volatile.Write(ref _spare, scratch);
            }
            else
            {
                scratch._buffer.Dispose();
            }
        }
    }
}
