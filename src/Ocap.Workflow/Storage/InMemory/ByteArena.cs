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

    private byte[] _chunk = [];
    private int _used;

    /// <summary>Copies <paramref name="bytes"/> in and returns where they are.</summary>
    public Utf8Slice Append(ReadOnlySpan<byte> bytes)
    {
        var target = Reserve(bytes.Length, out var offset);
        bytes.CopyTo(target.AsSpan(offset));
        return new Utf8Slice(target, offset, bytes.Length);
    }

    /// <summary>Encodes <paramref name="text"/> as UTF-8 into the arena.</summary>
    public Utf8Slice Append(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var target = Reserve(length, out var offset);
        Encoding.UTF8.GetBytes(text, target.AsSpan(offset, length));
        return new Utf8Slice(target, offset, length);
    }

    private byte[] Reserve(int length, out int offset)
    {
        if (length > MaxChunk / 4)
        {
            // A big value gets an array of its own rather than leaving most of a chunk unused.
            offset = 0;
            return new byte[length];
        }

        if (_chunk.Length - _used < length)
        {
            _chunk = new byte[Math.Min(MaxChunk, Math.Max(Math.Max(FirstChunk, length), _chunk.Length * 2))];
            _used = 0;
        }

        offset = _used;
        _used += length;
        return _chunk;
    }
}

/// <summary>UTF-8 bytes kept in a <see cref="ByteArena"/>.</summary>
internal readonly struct Utf8Slice(byte[] array, int offset, int length)
{
    public ReadOnlySpan<byte> Span => array.AsSpan(offset, length);

    public string Decode() => Encoding.UTF8.GetString(array, offset, length);
}
