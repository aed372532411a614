using Jint;

namespace Ocap.Workflow.Sandbox.Realm;

/// <summary>
/// One engine constraint for the whole evaluation: statement count, wall-time deadline and the caller's cancellation.
/// Jint resets constraints at every host call into the engine; this one ignores those resets and is armed once per
/// evaluation, so an evaluation made of several calls (entry, promise jobs, capability continuations) shares one budget.
/// </summary>
internal sealed class EvaluationGuard : Constraint
{
    private readonly TimeProvider _time;
    private long _statementsLeft;
    private long _deadline;
    private CancellationToken _cancellation;
    private int _countdown;
    private bool _justArmed;

    public EvaluationGuard(TimeProvider time) => _time = time;

    public long MaxStatements { get; private set; }

    public void Arm(long maxStatements, TimeSpan timeout, CancellationToken cancellation)
    {
        MaxStatements = maxStatements;
        _statementsLeft = maxStatements;
        _deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        _cancellation = cancellation;
        _countdown = 0;
        _justArmed = true;
    }

    /// <summary>The time left before the deadline (zero when it has passed).</summary>
    public TimeSpan Remaining
    {
        get
        {
            var ticks = _deadline - _time.GetTimestamp();
            return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)ticks / _time.TimestampFrequency);
        }
    }

    public override void Check()
    {
        if (--_statementsLeft < 0)
        {
            throw new LimitSignal(ScriptLimit.Statements, $"the script executed more than {MaxStatements} statements");
        }

        // Reading the clock every statement would double the cost of a tight loop; every 64th is within the bound.
        if (--_countdown <= 0)
        {
            _countdown = 64;
            if (_justArmed)
            {
                // The first statement of an evaluation: the clock was read when the guard was armed, an instant ago, to
                // set the deadline, so reading it again here could only confirm that no time has passed (half the cost
                // of a small condition's limit setup). Cancellation is checked as always; the clock is read again at the
                // 65th statement and every 64th after it, as before.
                _justArmed = false;
                ThrowIfCancelled();
                return;
            }

            ThrowIfOutOfTime();
        }
    }

    private void ThrowIfCancelled()
    {
        if (_cancellation.IsCancellationRequested)
        {
            throw new LimitSignal(ScriptLimit.Timeout, "the evaluation was cancelled by the host");
        }
    }

    public void ThrowIfOutOfTime()
    {
        ThrowIfCancelled();
        if (_time.GetTimestamp() > _deadline)
        {
            throw new LimitSignal(ScriptLimit.Timeout, "the evaluation ran past its time limit");
        }
    }

    public override void Reset()
    {
        // Deliberately empty: the budget is per evaluation, not per host call (see the class remarks).
    }
}
