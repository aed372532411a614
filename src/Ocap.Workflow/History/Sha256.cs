using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Ocap.Workflow.History;

/// <summary>
/// SHA-256 of the small inputs the history chains: each event's canonical bytes, a few hundred bytes to a few
/// kilobytes, several per command.
/// <para>
/// On Linux, .NET computes SHA-256 with OpenSSL 3 through its digest-object interface, which for inputs this small
/// costs more than the hashing: about 0.7 µs per call on our machine before the first byte is hashed (fetching the
/// algorithm, allocating and freeing a context, clearing the error queue). OpenSSL's own SHA-256 routines
/// (<c>SHA256_Init</c>, <c>SHA256_Update</c>, <c>SHA256_Final</c>, with a context on our stack) run the same
/// implementation (the processor's SHA instructions where it has them) without that overhead: about 0.13 µs for 64
/// bytes. Where that library is present and its result for test inputs matches <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>,
/// they are used; everywhere else (Windows, macOS, a Linux without OpenSSL 3, or any failure) <see cref="SHA256"/> is.
/// The digest is the same either way: SHA-256 is one function.
/// </para>
/// </summary>
internal static class Sha256
{
    private const string Library = "libcrypto.so.3";

    /// <summary>Room for OpenSSL's <c>SHA256_CTX</c> (112 bytes) with margin.</summary>
    private const int ContextBytes = 256;

    /// <summary>The most bytes handed to OpenSSL in one call (see <see cref="Native"/>).</summary>
    private const int SliceBytes = 512;

    private static readonly bool UseOpenSslRoutines = Probe();

    /// <summary>Whether OpenSSL's routines are in use (else <see cref="SHA256"/>).</summary>
    internal static bool UsesOpenSslRoutines => UseOpenSslRoutines;

    /// <summary>Writes the SHA-256 of <paramref name="data"/> into <paramref name="digest"/> (32 bytes).</summary>
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> digest) => HashData(data, default, default, default, default, digest);

    /// <summary>
    /// Writes the SHA-256 of the concatenation of the pieces into <paramref name="digest"/> (32 bytes), without
    /// concatenating them where OpenSSL's routines are in use (each piece is fed to the same context in turn).
    /// </summary>
    public static void HashData(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third, ReadOnlySpan<byte> fourth, ReadOnlySpan<byte> fifth, Span<byte> digest)
    {
        if (UseOpenSslRoutines && TryOpenSsl(first, second, third, fourth, fifth, digest))
        {
            return;
        }

        HashConcatenated(first, second, third, fourth, fifth, digest);
    }

    /// <summary>The path without OpenSSL's routines: the pieces copied into one buffer and hashed by <see cref="SHA256"/>.</summary>
    internal static void HashConcatenated(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third, ReadOnlySpan<byte> fourth, ReadOnlySpan<byte> fifth, Span<byte> digest)
    {
        if (second.IsEmpty && third.IsEmpty && fourth.IsEmpty && fifth.IsEmpty)
        {
            SHA256.HashData(first, digest);
            return;
        }

        var length = checked(first.Length + second.Length + third.Length + fourth.Length + fifth.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            first.CopyTo(rented);
            second.CopyTo(rented.AsSpan(first.Length));
            third.CopyTo(rented.AsSpan(first.Length + second.Length));
            fourth.CopyTo(rented.AsSpan(first.Length + second.Length + third.Length));
            fifth.CopyTo(rented.AsSpan(length - fifth.Length));
            SHA256.HashData(rented.AsSpan(0, length), digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <remarks>
    /// Never inlined: a P/Invoke without the GC transition is bound to its library when the method that calls it is
    /// compiled, not when the call runs. Kept in a method of its own, the binding happens only when this method is first
    /// called — from <see cref="Probe"/>, inside its handler, and never on a system the probe turns away (a method
    /// that merely might call it, such as <see cref="HashData(ReadOnlySpan{byte}, Span{byte})"/>, binds nothing).
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool TryOpenSsl(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third, ReadOnlySpan<byte> fourth, ReadOnlySpan<byte> fifth, Span<byte> digest)
    {
        Span<byte> context = stackalloc byte[ContextBytes];
        ref var c = ref MemoryMarshal.GetReference(context);
        return digest.Length >= SHA256.HashSizeInBytes
            && Native.SHA256_Init(ref c) == 1
            && Update(ref c, first)
            && Update(ref c, second)
            && Update(ref c, third)
            && Update(ref c, fourth)
            && Update(ref c, fifth)
            && Native.SHA256_Final(ref MemoryMarshal.GetReference(digest), ref c) == 1;
    }

    /// <summary>
    /// Feeds <paramref name="data"/> to the context in slices of at most <see cref="SliceBytes"/>: each call is then
    /// short (well under a microsecond), which is what lets it skip the runtime's GC transition.
    /// </summary>
    private static bool Update(ref byte context, ReadOnlySpan<byte> data)
    {
        while (data.Length > SliceBytes)
        {
            if (Native.SHA256_Update(ref context, ref MemoryMarshal.GetReference(data), SliceBytes) != 1)
            {
                return false;
            }

            data = data[SliceBytes..];
        }

        return data.IsEmpty || Native.SHA256_Update(ref context, ref MemoryMarshal.GetReference(data), (nuint)data.Length) == 1;
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            Span<byte> ours = stackalloc byte[SHA256.HashSizeInBytes];
            Span<byte> reference = stackalloc byte[SHA256.HashSizeInBytes];
            var input = new byte[1000];
            for (var length = 0; length <= input.Length; length += 111)
            {
                input[length % input.Length] = (byte)length;
                if (!TryOpenSsl(input.AsSpan(0, length), default, default, default, default, ours))
                {
                    return false;
                }

                SHA256.HashData(input.AsSpan(0, length), reference);
                if (!ours.SequenceEqual(reference))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// OpenSSL's SHA-256 routines. They compute and return: no blocking, no locks, no callbacks into the runtime, and at
    /// most <see cref="SliceBytes"/> bytes (about 0.4 µs on our machine) per call, so they are declared without the GC transition a
    /// P/Invoke otherwise makes on each call (about 20 ns, which is as much as hashing a block).
    /// </summary>
    private static class Native
    {
        [DllImport(Library, ExactSpelling = true)]
        [SuppressGCTransition]
        public static extern int SHA256_Init(ref byte context);

        [DllImport(Library, ExactSpelling = true)]
        [SuppressGCTransition]
        public static extern int SHA256_Update(ref byte context, ref byte data, nuint length);

        [DllImport(Library, ExactSpelling = true)]
        [SuppressGCTransition]
        public static extern int SHA256_Final(ref byte digest, ref byte context);
    }
}
