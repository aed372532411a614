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
    /// Empties the buffer to write a new text byte by byte (<see cref="Append(ReadOnlySpan{byte})"/>, <see cref="AppendSafeString(string)"/>):
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

    /// <summary>The commands and field names of command payloads, found by object wherever they were kept (see <see cref="SafeTexts"/>).</summary>
    public SafeTexts CommandTexts { get; } = new();

    /// <summary>The data's property names of the last command payload, by position.</summary>
    public SafeTexts DataNames { get; } = new();

    /// <summary>The input names of the last decision payload by position (in the order given), and their order by name.</summary>
    public SafeTexts InputNames { get; } = new();

    /// <summary>
    /// Appends <paramref name="value"/> as <see cref="AppendSafeString(string)"/> does, from <paramref name="texts"/>' copy
    /// when the text at <paramref name="index"/> is the same string object (the names a payload writes are mostly the same
    /// objects every time: literals, a form's keys), else checked and kept there for the next time.
    /// </summary>
    /// <param name="texts">The texts remembered for this part of the payload.</param>
    /// <param name="index">The text's position among them.</param>
    /// <param name="value">The text.</param>
    public bool AppendSafeString(SafeTexts texts, int index, string value)
    {
        if (texts.Holds(index, value))
        {
            _buffer.Write(texts.Json(index));
            return true;
        }

        var start = _buffer.WrittenCount;
        if (!AppendSafeString(value))
        {
            return false;
        }

        texts.Keep(index, value, _buffer.WrittenSpan[start..]);
        return true;
    }

    /// <summary>
    /// <see cref="AppendSafeString(SafeTexts, int, string)"/> with the text found at any position it was kept at, and
    /// kept, when it is not there, in place of the oldest one.
    /// </summary>
    /// <param name="texts">The texts remembered for this part of the payload.</param>
    /// <param name="value">The text.</param>
    public bool AppendSafeStringAnywhere(SafeTexts texts, string value)
    {
        var index = texts.Find(value);
        if (index >= 0)
        {
            _buffer.Write(texts.Json(index));
            return true;
        }

        var start = _buffer.WrittenCount;
        if (!AppendSafeString(value))
        {
            return false;
        }

        texts.Keep(texts.NextReplaced(), value, _buffer.WrittenSpan[start..]);
        return true;
    }

    /// <summary>
    /// Texts a payload writer wrote, each with its quoted JSON form (only texts <see cref="AppendSafeString(string)"/>
    /// writes unchanged), so that the same string object is copied instead of checked again. One per scratch and part of
    /// a payload, so per engine; at most <see cref="MaxTexts"/> texts, each one's bytes in a buffer reused from one text
    /// to the next. A string is matched by reference only: the same object has the same characters.
    /// </summary>
    internal sealed class SafeTexts
    {
        /// <summary>Positions past this are not remembered.</summary>
        public const int MaxTexts = 16;

        private readonly string?[] _texts = new string?[MaxTexts];
        private readonly byte[]?[] _json = new byte[]?[MaxTexts];
        private readonly int[] _lengths = new int[MaxTexts];
        private int _replaced;

        /// <summary>An order of positions a writer keeps with the texts (a decision's inputs sorted by name).</summary>
        public int[] Order { get; private set; } = new int[MaxTexts];

        /// <summary>How many entries of <see cref="Order"/> are valid for the texts now held; 0 when none (the writer sorts again).</summary>
        public int OrderCount { get; set; }

        /// <summary>Whether <paramref name="index"/> holds <paramref name="value"/> itself (not an equal copy).</summary>
        public bool Holds(int index, string value) => (uint)index < MaxTexts && ReferenceEquals(_texts[index], value);

        /// <summary>The position that holds <paramref name="value"/> itself, or -1.</summary>
        public int Find(string value)
        {
            for (var i = 0; i < _texts.Length; i++)
            {
                if (ReferenceEquals(_texts[i], value))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The quoted JSON text kept at <paramref name="index"/>.</summary>
        public ReadOnlySpan<byte> Json(int index) => _json[index].AsSpan(0, _lengths[index]);

        /// <summary>The position <see cref="AppendSafeStringAnywhere"/> keeps a new text at: each in turn.</summary>
        public int NextReplaced()
        {
            var index = _replaced;
            _replaced = (index + 1) % MaxTexts;
            return index;
        }

        /// <summary>Keeps <paramref name="value"/> and its quoted JSON text at <paramref name="index"/> (nothing past <see cref="MaxTexts"/>).</summary>
        public void Keep(int index, string value, ReadOnlySpan<byte> json)
        {
            if ((uint)index >= MaxTexts)
            {
                return;
            }

            var buffer = _json[index];
            if (buffer is null || buffer.Length < json.Length)
            {
                buffer = _json[index] = new byte[Math.Max(32, json.Length)];
            }

            json.CopyTo(buffer);
            _lengths[index] = json.Length;
            _texts[index] = value;
        }

        /// <summary><see cref="Order"/>, at least <paramref name="length"/> long.</summary>
        public int[] OrderOf(int length)
        {
            if (Order.Length < length)
            {
                Order = new int[length];
            }

            return Order;
        }
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
