using Jint.Native;
using Jint.Native.Promise;

namespace Ocap.Workflow.Sandbox.Realm;

/// <summary>
/// The per-evaluation state a pooled realm consults while one evaluation runs on it: host time and randomness (with
/// their recording), capability calls still in flight, and the module graph instance of this evaluation.
/// </summary>
internal sealed class EvaluationContext : IDisposable
{
    private readonly TimeProvider _time;
    private readonly bool _hostEffectsAllowed;
    private HostEffects? _replay;
    private int? _seed;
    private List<double>? _clock;
    private List<double>? _random;
    private Random? _randomSource;
    private List<(Task<System.Text.Json.Nodes.JsonNode?> Task, ManualPromise Promise, string Method)>? _pending;
    private int _clockIndex;
    private int _randomIndex;

    /// <summary>Creates the context a realm reuses for each evaluation it runs (one at a time); see <see cref="Begin"/>.</summary>
    public EvaluationContext(SandboxOptions options)
    {
        _time = options.TimeProvider;
        _hostEffectsAllowed = options.AllowHostTimeAndRandomness;
    }

    /// <summary>
    /// Starts an evaluation: forgets everything the previous one recorded or was given, so nothing of it reaches this one.
    /// A realm runs one evaluation at a time and ends each with <see cref="Dispose"/> before the next begins.
    /// </summary>
    public EvaluationContext Begin(EvaluationOptions evaluation, long evaluationId, CancellationToken cancellation)
    {
        _replay = evaluation.Replay;
        _seed = evaluation.RandomSeed;
        _clock = null;
        _random = null;
        _randomSource = null;
        _pending = null;
        _clockIndex = 0;
        _randomIndex = 0;
        _capabilityCancellation = null;
        _modulePrefix = null;
        Modules = null;
        Capabilities = null;
        EvaluationId = evaluationId;
        Cancellation = cancellation;
        return this;
    }

    public long EvaluationId { get; private set; }

    public CancellationToken Cancellation { get; private set; }

    private CancellationTokenSource? _capabilityCancellation;

    /// <summary>
    /// The token handed to asynchronous capabilities: cancelled when the caller cancels or when the evaluation's time
    /// is up, so host work started by a script does not outlive the evaluation that asked for it.
    /// </summary>
    public CancellationToken CapabilityToken(TimeSpan remaining)
    {
        if (_capabilityCancellation is null)
        {
            _capabilityCancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
            _capabilityCancellation.CancelAfter(remaining);
        }

        return _capabilityCancellation.Token;
    }

    /// <summary>
    /// Whether the capability token's timer fired: it is set to the evaluation's deadline, so the evaluation is out of
    /// time even if the guard's own clock has not caught up yet (timers and clocks can disagree by a tick).
    /// </summary>
    public bool CapabilityDeadlinePassed =>
        _capabilityCancellation is { IsCancellationRequested: true } && !Cancellation.IsCancellationRequested;

    /// <summary>Ends the evaluation: cancels and releases the capability token, if one was handed out.</summary>
    public void Dispose()
    {
        if (_capabilityCancellation is { } source)
        {
            _capabilityCancellation = null;
            source.Cancel();
            source.Dispose();
        }
    }

    /// <summary>Capability calls whose tasks have not been settled into their promises yet.</summary>
    public List<(Task<System.Text.Json.Nodes.JsonNode?> Task, ManualPromise Promise, string Method)> PendingHostCalls => _pending ??= [];

    /// <summary>Whether any capability call is still in flight (without allocating the list).</summary>
    public bool HasPendingHostCalls => _pending is { Count: > 0 };

    /// <summary>For ES and CommonJS modules: the modules this evaluation may load, by path.</summary>
    public IReadOnlyDictionary<string, PreparedScript>? Modules { get; set; }

    /// <summary>The module key prefix for this evaluation: <c>/e{id}/</c> for fresh instances, <c>/g{graph}/</c> for a reusable graph.</summary>
    /// <remarks>Every evaluation starts with its own prefix, so even an <c>import()</c> from a CommonJS module gets fresh instances.</remarks>
    public string ModulePrefix
    {
        get => _modulePrefix ??= $"/e{EvaluationId}/";
        set => _modulePrefix = value;
    }

    private string? _modulePrefix;

    /// <summary>Granted capability objects for this evaluation, by name.</summary>
    public IReadOnlyDictionary<string, JsValue>? Capabilities { get; set; }

    public HostEffects Effects => _clock is null && _random is null
        ? HostEffects.None
        : new HostEffects(_clock?.ToArray() ?? [], _random?.ToArray() ?? []);

    /// <summary>Unix milliseconds for <c>Date</c>, or <c>NaN</c> when host time is not allowed.</summary>
    public double ReadClock()
    {
        if (!_hostEffectsAllowed)
        {
            return double.NaN;
        }

        double value;
        if (_replay is not null)
        {
            if (_clockIndex >= _replay.ClockReadings.Count)
            {
                throw new ReplayDivergedException("the script read the clock more often than the recording holds");
            }

            value = _replay.ClockReadings[_clockIndex++];
        }
        else
        {
            value = _time.GetUtcNow().ToUnixTimeMilliseconds();
        }

        (_clock ??= []).Add(value);
        return value;
    }

    /// <summary>The next value for <c>Math.random</c>, or <see langword="null"/> when randomness is not allowed.</summary>
    public double? NextRandom()
    {
        if (!_hostEffectsAllowed)
        {
            return null;
        }

        double value;
        if (_replay is not null)
        {
            if (_randomIndex >= _replay.RandomValues.Count)
            {
                throw new ReplayDivergedException("the script drew more random numbers than the recording holds");
            }

            value = _replay.RandomValues[_randomIndex++];
        }
        else
        {
            _randomSource ??= _seed is { } seed ? new Random(seed) : new Random();
            value = _randomSource.NextDouble();
        }

        (_random ??= []).Add(value);
        return value;
    }
}

/// <summary>A replayed evaluation asked the host for more than was recorded.</summary>
internal sealed class ReplayDivergedException(string message) : Exception(message);
