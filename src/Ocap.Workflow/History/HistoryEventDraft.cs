using System.Text;
using Ocap.Workflow.Storage;

namespace Ocap.Workflow.History;

/// <summary>
/// An event the runtime wants appended to an instance's history. The store assigns its sequence number and
/// chains it to its predecessor inside the same atomic commit that saves the instance's new state.
/// </summary>
public sealed class HistoryEventDraft
{
    /// <summary>Validates and captures one event.</summary>
    /// <param name="type">What happened, e.g. <c>instance-started</c>, <c>task-completed</c>, <c>script-decision</c>. Not empty.</param>
    /// <param name="timestamp">When it happened, from the runtime's <see cref="TimeProvider"/>; kept to the tick, in UTC.</param>
    /// <param name="actor">Who did it: a principal id, or a system actor such as <c>system:timer</c>. May be empty, never null.</param>
    /// <param name="artifactHashes">The SHA-256 hashes (64 lowercase hex characters) of the artifacts in force, in a meaningful order.</param>
    /// <param name="payloadJson">
    /// The event's details as JSON (for a script decision: its inputs and output). Stored and hashed exactly as
    /// given, byte for byte, so it must already be the text the runtime wants to keep.
    /// </param>
    /// <exception cref="ArgumentException">A field is empty where it must not be, a hash is malformed, or the payload is not JSON.</exception>
    public HistoryEventDraft(string type, DateTimeOffset timestamp, string actor, IReadOnlyList<string> artifactHashes, string payloadJson)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(artifactHashes);
        foreach (var hash in artifactHashes)
        {
            Sha256Hex.EnsureValid(hash, nameof(artifactHashes));
        }

        JsonText.EnsureValid(payloadJson, nameof(payloadJson));
        Type = type;
        Timestamp = timestamp.ToUniversalTime();
        Actor = actor;
        ArtifactHashes = [.. artifactHashes];
        _payloadJson = payloadJson;
    }

    /// <summary>
    /// An event the runtime built itself: the payload was written as UTF-8 by a validating <c>Utf8JsonWriter</c> and the
    /// hashes are SHA-256 hex it computed or read from its deployment, so the public constructor's checks (a JSON parse
    /// and a scan of every hash) would only repeat what construction guarantees. The array and the bytes are kept, not
    /// copied; <see cref="PayloadJson"/> is decoded only if someone asks for the text (a store that keeps UTF-8 never does).
    /// </summary>
    internal HistoryEventDraft(string type, DateTimeOffset timestamp, string actor, string[] artifactHashes, byte[] payloadUtf8)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(artifactHashes);
        ArgumentNullException.ThrowIfNull(payloadUtf8);
        Type = type;
        Timestamp = timestamp.ToUniversalTime();
        Actor = actor;
        ArtifactHashes = artifactHashes;
        _payloadUtf8 = payloadUtf8;
    }

    /// <summary>
    /// An event the runtime built itself whose payload is <paramref name="ownPayload"/> with <paramref name="sharedPayload"/>
    /// (bytes many events repeat, kept once by the process) inserted at <paramref name="sharedAt"/>: the whole payload is
    /// put together only if someone asks for it (a store that keeps and hashes the pieces never does).
    /// </summary>
    internal HistoryEventDraft(string type, DateTimeOffset timestamp, string actor, string[] artifactHashes, byte[] ownPayload, byte[] sharedPayload, int sharedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(artifactHashes);
        ArgumentNullException.ThrowIfNull(ownPayload);
        ArgumentNullException.ThrowIfNull(sharedPayload);
        ArgumentOutOfRangeException.ThrowIfNegative(sharedAt);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sharedAt, ownPayload.Length);
        Type = type;
        Timestamp = timestamp.ToUniversalTime();
        Actor = actor;
        ArtifactHashes = artifactHashes;
        _ownPayload = ownPayload;
        SharedPayload = sharedPayload;
        SharedPayloadAt = sharedAt;
    }

    /// <summary>
    /// A run of the payload that many events repeat byte for byte (a command's <c>steps</c> on a common path, the fixed
    /// head of a decision): <see cref="SharedPayload"/> holds those bytes, shared by every draft that repeats them, and
    /// they stand at <see cref="SharedPayloadAt"/> in <see cref="PayloadUtf8"/>. A store that keeps payloads in memory
    /// may keep only the rest and a reference; the payload, and so the hash, are the whole bytes either way.
    /// </summary>
    internal byte[]? SharedPayload { get; private set; }

    /// <summary>Where <see cref="SharedPayload"/> starts in the payload.</summary>
    internal int SharedPayloadAt { get; private set; }

    /// <summary>Names <paramref name="run"/>, which the payload holds at <paramref name="at"/>, as its shared run (before the draft is handed out).</summary>
    /// <exception cref="ArgumentException">The payload does not hold those bytes there.</exception>
    internal void SharePayloadRun(byte[] run, int at)
    {
        var payload = PayloadUtf8;
        if (at < 0 || at > payload.Length - run.Length || !payload.Slice(at, run.Length).SequenceEqual(run))
        {
            throw new ArgumentException("The payload does not hold the shared run at that position.", nameof(run));
        }

        if (_ownPayload is not null)
        {
            throw new InvalidOperationException("The draft names its shared run already.");
        }

        SharedPayload = run;
        SharedPayloadAt = at;
    }

    /// <summary>
    /// The payload without its shared run, when it names one (<see cref="SharedPayload"/> goes at
    /// <see cref="SharedPayloadAt"/>); the whole payload otherwise.
    /// </summary>
    internal ReadOnlySpan<byte> OwnPayload
    {
        get
        {
            if (SharedPayload is not { } shared)
            {
                return PayloadUtf8;
            }

            if (_ownPayload is { } own)
            {
                return own;
            }

            // A whole payload that names a run (SharePayloadRun): its bytes around the run.
            var whole = PayloadUtf8;
            return _ownPayload = [.. whole[..SharedPayloadAt], .. whole[(SharedPayloadAt + shared.Length)..]];
        }
    }

    /// <summary>What happened.</summary>
    public string Type { get; }

    /// <summary>When it happened (UTC).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Who did it.</summary>
    public string Actor { get; }

    /// <summary>The artifact hashes in force.</summary>
    public IReadOnlyList<string> ArtifactHashes { get; }

    /// <summary>The event's details as JSON text.</summary>
    public string PayloadJson => _payloadJson ??= Encoding.UTF8.GetString(PayloadUtf8);

    /// <summary>
    /// The payload as the UTF-8 bytes that are hashed (encoded once, on first use, for a draft built from text; put
    /// together once, on first use, for a draft built from pieces).
    /// </summary>
    internal ReadOnlySpan<byte> PayloadUtf8 => _payloadUtf8 ??= _payloadJson is { } text ? Encoding.UTF8.GetBytes(text) : Whole();

    private byte[] Whole()
    {
        var own = _ownPayload!;
        var shared = SharedPayload!;
        var at = SharedPayloadAt;
        return [.. own.AsSpan(0, at), .. shared, .. own.AsSpan(at)];
    }

    private string? _payloadJson;
    private byte[]? _payloadUtf8;
    private byte[]? _ownPayload;
}
