using System.Text;

namespace Ocap.Workflow.Storage.InMemory;

/// <summary>
/// Append-only storage for the bytes the in-memory store keeps forever (history payloads, the state text of ended
/// instances): copied into shared chunks that grow up to 1 MiB, so a completed instance costs the garbage collector a
/// few small objects instead of one array or string per payload, and the chunks — large, pointer-free and never
/// changed once written — end in the large-object heap, where young-generation collections neither copy nor scan them.
/// Callers serialize access (the store's lock); a slice, once handed out, is never written again.
/// </summary>
internal sealed class ByteArena
{
    private const int FirstChunk = 4 * 1024;
    private const int MaxChunk = 1024 * 1024;

    private readonly List<byte[]> _chunks = [];
    private byte[] _chunk = [];
    private int _used;
    private int _chunkIndex;

    /// <summary>The chunk a slice's <see cref="Utf8Slice.Chunk"/> names.</summary>
    public byte[] Chunk(int index) => _chunks[index];

    /// <summary>Copies <paramref name="bytes"/> in and returns where they are.</summary>
    public Utf8Slice Append(ReadOnlySpan<byte> bytes)
    {
        var target = Reserve(bytes.Length, out var offset, out var chunk);
        bytes.CopyTo(target.AsSpan(offset));
        return new Utf8Slice(target, offset, bytes.Length, chunk);
    }

    /// <summary>Copies <paramref name="first"/> and then <paramref name="second"/> in, as one run of bytes.</summary>
    public Utf8Slice Append(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var target = Reserve(first.Length + second.Length, out var offset, out var chunk);
        first.CopyTo(target.AsSpan(offset));
        second.CopyTo(target.AsSpan(offset + first.Length));
        return new Utf8Slice(target, offset, first.Length + second.Length, chunk);
    }

    /// <summary>
    /// Room for up to <paramref name="max"/> bytes at the arena's end, to be written in place and then kept with
    /// <see cref="Close"/> (nothing else may be appended in between): a record whose exact size is known only once
    /// written needs no second buffer and copy.
    /// </summary>
    public Span<byte> Open(int max, out int chunk, out int offset)
    {
        var target = Reserve(max, out offset, out chunk);
        _openMax = max;
        return target.AsSpan(offset, max);
    }

    /// <summary>Keeps the first <paramref name="used"/> bytes of the room <see cref="Open"/> gave and returns the rest.</summary>
    public void Close(int chunk, int used)
    {
        if (_chunks[chunk] != _chunk)
        {
            // A record too large to share a chunk got an array of its own: cut to size.
            _chunks[chunk] = _chunks[chunk][..used];
        }
        else
        {
            _used -= _openMax - used;
        }
    }

    private int _openMax;

    private byte[] Reserve(int length, out int offset, out int chunk)
    {
        if (length > MaxChunk / 4)
        {
            // A big value gets an array of its own rather than leaving most of a chunk unused.
            offset = 0;
            chunk = _chunks.Count;
            var own = new byte[length];
            _chunks.Add(own);
            return own;
        }

        if (_chunk.Length - _used < length || _chunks.Count == 0)
        {
            _chunk = new byte[Math.Min(MaxChunk, Math.Max(Math.Max(FirstChunk, length), _chunk.Length * 2))];
            _chunkIndex = _chunks.Count;
            _chunks.Add(_chunk);
            _used = 0;
        }

        offset = _used;
        chunk = _chunkIndex;
        _used += length;
        return _chunk;
    }
}

/// <summary>UTF-8 bytes kept in a <see cref="ByteArena"/>.</summary>
internal readonly struct Utf8Slice(byte[] array, int offset, int length, int chunk)
{
    /// <summary>Which of its arena's chunks holds the bytes (<see cref="ByteArena.Chunk"/>).</summary>
    public int Chunk => chunk;

    public int Offset => offset;

    public int Length => length;

    public ReadOnlySpan<byte> Span => array.AsSpan(offset, length);

    public string Decode() => Encoding.UTF8.GetString(array, offset, length);
}
