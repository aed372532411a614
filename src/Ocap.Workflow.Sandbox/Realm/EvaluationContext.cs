using Jint.Native;
using Jint.Native.Promise;

namespace Ocap.Workflow.Sandbox.Realm;

/// <summary>
/// The per-evaluation state a pooled realm consults while one evaluation runs on it: host time and randomness (with
/// their recording), capability calls still in flight, and the module graph instance of this evaluation.
/// </summary>
internal sealed class EvaluationContext
{
    private readonly List<double> _clock = [];
    private readonly List<double> _random = [];
    private readonly HostEffects? _replay;
    private readonly Random? _randomSource;
    private readonly TimeProvider _time;
    private readonly bool _hostEffectsAllowed;
    private int _clockIndex;
    private int _randomIndex;

    public EvaluationContext(SandboxOptions options, EvaluationOptions evaluation, long evaluationId, CancellationToken cancellation)
    {
        _time = options.TimeProvider;
        _hostEffectsAllowed = options.AllowHostTimeAndRandomness;
        _replay = evaluation.Replay;
        if (_hostEffectsAllowed && _replay is null)
        {
            _randomSource = evaluation.RandomSeed is { } seed ? new Random(seed) : new Random();
        }

        EvaluationId = evaluationId;
        Cancellation = cancellation;
    }

    public long EvaluationId { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>Capability calls whose tasks have not been settled into their promises yet.</summary>
    public List<(Task<System.Text.Json.Nodes.JsonNode?> Task, ManualPromise Promise, string Method)> PendingHostCalls { get; } = [];

    /// <summary>For ES and CommonJS modules: the modules this evaluation may load, by path.</summary>
    public IReadOnlyDictionary<string, PreparedScript>? Modules { get; set; }

    /// <summary>Granted capability objects for this evaluation, by name.</summary>
    public IReadOnlyDictionary<string, JsValue>? Capabilities { get; set; }

    public HostEffects Effects => _clock.Count == 0 && _random.Count == 0 ? HostEffects.None : new HostEffects(_clock.ToArray(), _random.ToArray());

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

        _clock.Add(value);
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
            value = _randomSource!.NextDouble();
        }

        _random.Add(value);
        return value;
    }
}

/// <summary>A replayed evaluation asked the host for more than was recorded.</summary>
internal sealed class ReplayDivergedException(string message) : Exception(message);
