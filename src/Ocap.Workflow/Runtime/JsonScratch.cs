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

    private KeyValuePair<string, System.Text.Json.JsonElement>[] _pairs = new KeyValuePair<string, System.Text.Json.JsonElement>[16];

    private int _markStart = -1;
    private int _markEnd = -1;
    private bool _raw;

    /// <summary>The writer, reset to write a new text at the start of the emptied buffer.</summary>
    public Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _markStart = _markEnd = -1;
        _raw = false;
        return _writer;
    }

    /// <summary>
    /// Empties the buffer to write a new text byte by byte (<see cref="Append(ReadOnlySpan{byte})"/>, <see cref="AppendSafeString"/>):
    /// for texts whose every part is already JSON as the writer would write it, so nothing is to be escaped or checked.
    /// </summary>
    public void BeginRaw()
    {
        _buffer.ResetWrittenCount();
        _markStart = _markEnd = -1;
        _raw = true;
    }

    /// <summary>Appends bytes as they are (raw mode).</summary>
    public void Append(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    /// <summary>Appends one byte (raw mode).</summary>
    public void Append(byte value) => _buffer.Write(value);

    /// <summary>
    /// Appends <paramref name="value"/> as a quoted JSON string when the writer would write it unchanged (every character
    /// printable ASCII that the default encoder does not escape; see <see cref="JsonSafeText"/>); else appends nothing
    /// and returns <see langword="false"/>.
    /// </summary>
    public bool AppendSafeString(string value)
    {
        if (value.Length > JsonSafeText.MaxLength)
        {
            return false;
        }

        var span = _buffer.GetSpan(value.Length + 2);
        span[0] = (byte)'"';
        if (value.Length <= JsonSafeText.ShortLength)
        {
            // Names and short values: one pass that checks and narrows, cheaper than the vector paths' set-up.
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (!JsonSafeText.IsSafe(c))
                {
                    return false;
                }

                span[i + 1] = (byte)c;
            }
        }
        else if (System.Text.Ascii.FromUtf16(value, span[1..], out _) != System.Buffers.OperationStatus.Done
            || !JsonSafeText.IsSafe(span.Slice(1, value.Length)))
        {
            return false;
        }

        span[value.Length + 1] = (byte)'"';
        _buffer.Advance(value.Length + 2);
        return true;
    }

    /// <summary>
    /// A buffer of at least <paramref name="length"/> name-value pairs for a payload writer to sort (a decision's inputs);
    /// the caller clears what it used (<see cref="ClearPairs"/>) so the scratch does not keep the values' documents alive.
    /// </summary>
    public KeyValuePair<string, System.Text.Json.JsonElement>[] Pairs(int length)
    {
        if (_pairs.Length < length)
        {
            _pairs = new KeyValuePair<string, System.Text.Json.JsonElement>[Math.Max(length, _pairs.Length * 2)];
        }

        return _pairs;
    }

    /// <summary>Clears the first <paramref name="count"/> pairs of <see cref="Pairs"/>.</summary>
    public void ClearPairs(int count) => Array.Clear(_pairs, 0, count);

    /// <summary>Marks the start of a run of the text that many texts repeat (see <see cref="Marked"/>).</summary>
    public void MarkStart() => _markStart = Position;

    /// <summary>Marks the end of the run <see cref="MarkStart"/> began.</summary>
    public void MarkEnd() => _markEnd = Position;

    /// <summary>The run marked since <see cref="Begin"/>, if one was.</summary>
    public (int Start, int Length)? Marked => _markStart >= 0 && _markEnd > _markStart ? (_markStart, _markEnd - _markStart) : null;

    private int Position => _raw ? _buffer.WrittenCount : checked((int)(_writer.BytesCommitted + _writer.BytesPending));

    /// <summary>What was written since <see cref="Begin"/> (the writer is flushed first); valid until the next <see cref="Begin"/>.</summary>
    public ReadOnlySpan<byte> Written
    {
        get
        {
            if (!_raw)
            {
                _writer.Flush();
            }

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
