using System.Security.Cryptography;

namespace Ocap.Workflow.Runtime;

/// <summary>
/// Unguessable ids (128 random bits as 32 lowercase hex digits, the shape of <c>Guid.ToString("N")</c>) drawn from the
/// operating system's cryptographic generator a buffer at a time: one system call per 64 ids instead of one per id,
/// which on Linux was a read of the kernel's generator costing about as much as the rest of an instance's start. Each
/// id uses its 16 bytes once; the buffer is cleared as it is handed out. Safe to call from any thread.
/// </summary>
internal sealed class RandomIds
{
    private const int IdBytes = 16;
    private const int BufferBytes = 64 * IdBytes;

    private readonly Lock _gate = new();
    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _next = BufferBytes;

    /// <summary>A new id.</summary>
    public string Next()
    {
        Span<byte> id = stackalloc byte[IdBytes];
        lock (_gate)
        {
            if (_next == BufferBytes)
            {
                RandomNumberGenerator.Fill(_buffer);
                _next = 0;
            }

            var slice = _buffer.AsSpan(_next, IdBytes);
            slice.CopyTo(id);
            slice.Clear();
            _next += IdBytes;
        }

        return Convert.ToHexStringLower(id);
    }
}
