using System.Text.Json.Nodes;
using Ocap.Workflow.Sandbox.Realm;

namespace Ocap.Workflow.Sandbox;

/// <summary>
/// A compartment a host asked to keep: scripts evaluated in it share one global object, so what one evaluation
/// declares (<c>var</c>, <c>let</c>, functions, global properties) the next one sees, as with a reused SES
/// <see href="https://github.com/endojs/endo/tree/master/packages/ses">Compartment</see>. The intrinsics stay frozen
/// and the limits apply to every evaluation. Obtain one from <see cref="JsSandbox.CreatePersistentCompartment"/>.
/// </summary>
/// <remarks>
/// It owns one engine (paying lockdown once, when it is created) and runs one evaluation at a time; concurrent callers
/// wait their turn. A limit ends the compartment: the engine may have been stopped mid-step, so later evaluations are
/// refused with <see cref="InvalidOperationException"/> rather than run on state nobody can vouch for. An ordinary
/// JavaScript error does not end it. Only <see cref="ScriptKind.Script"/> is evaluated here; expressions and modules
/// always get fresh instances from the sandbox itself.
/// </remarks>
public sealed class PersistentCompartment
{
    private readonly JsSandbox _sandbox;
    private readonly SandboxRealm _realm;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly IReadOnlySet<string> _capabilities;
    private bool _ended;

    internal PersistentCompartment(JsSandbox sandbox, SandboxRealm realm, IReadOnlySet<string> capabilities)
    {
        _sandbox = sandbox;
        _realm = realm;
        _capabilities = capabilities;
    }

    /// <summary>Whether a limit has ended this compartment.</summary>
    public bool IsEnded => Volatile.Read(ref _ended);

    /// <summary>
    /// Evaluates a script prepared by the same sandbox in this compartment. The input is bound to the global
    /// <c>ctx</c>; the compartment's capabilities are globals for its whole life.
    /// </summary>
    /// <param name="script">A <see cref="ScriptKind.Script"/> prepared by the sandbox that created this compartment.</param>
    /// <param name="input">The data handed in, copied as hardened data.</param>
    /// <param name="options">Replay recording and random seed.</param>
    /// <param name="cancellationToken">Ends the evaluation as a <see cref="ScriptLimit.Timeout"/> (which ends the compartment).</param>
    /// <returns>The result and the host time and randomness consumed.</returns>
    /// <exception cref="ArgumentException">The script is not a script, or was prepared by another sandbox.</exception>
    /// <exception cref="InvalidOperationException">A limit ended this compartment earlier.</exception>
    /// <exception cref="ScriptCapabilityException">The script uses a capability this compartment does not hold.</exception>
    public async ValueTask<ScriptEvaluation> EvaluateAsync(PreparedScript script, JsonNode? input, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (!ReferenceEquals(script.Owner, _sandbox))
        {
            throw new ArgumentException("the script was prepared by another sandbox.", nameof(script));
        }

        if (script.Kind != ScriptKind.Script)
        {
            throw new ArgumentException($"a persistent compartment evaluates scripts; a {script.Kind} gets a fresh instance from JsSandbox.EvaluateAsync.", nameof(script));
        }

        foreach (var capability in script.Capabilities)
        {
            if (!_capabilities.Contains(capability))
            {
                throw new ScriptCapabilityException(script.LogicalName, script.ContentHash, capability,
                    $"capability '{capability}' was not granted to this persistent compartment");
            }
        }

        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ended)
            {
                throw new InvalidOperationException("this persistent compartment was ended by a limit; create a new one.");
            }

            try
            {
                return await _sandbox.EvaluateOnAsync(_realm, script, input, options ?? new EvaluationOptions(), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (!_realm.LastEvaluationClean)
                {
                    Volatile.Write(ref _ended, true);
                }
            }
        }
        finally
        {
            _turn.Release();
        }
    }
}
