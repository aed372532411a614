using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Bpmn;

/// <summary>
/// Runs a diagram's JavaScript — conditions, script tasks, values and tenant script modules — in the hardened
/// sandbox. Conditions and values are <see cref="ScriptKind.Expression"/>s whose free identifiers are the instance
/// variables; script tasks are <see cref="ScriptKind.Script"/>s that read variables as read-only globals and write
/// them Camunda-7 style through <c>execution.getVariable(name)</c> / <c>execution.setVariable(name, value)</c>
/// (values copied as JSON); <c>execution.bpmnError(code)</c> raises a BPMN error for error boundary events. A module
/// reference (<c>ocap:scriptModule</c>) names a tenant script kept in its own file: it runs as a script task body
/// would, and its completion value is the result.
/// </summary>
/// <remarks>
/// One instance serves one tenant's bundle and is safe for concurrent use: the sandbox pools locked-down engines, and
/// the per-evaluation state that <c>execution</c> reads and writes lives in an <see cref="AsyncLocal{T}"/> owned by
/// the sandbox, so concurrent evaluations never see each other's variables. The runtime builds one evaluator per
/// deployed bundle over its tenant's shared sandbox (so a redeploy reuses warm engines); an evaluator built with the
/// public constructor has a sandbox of its own.
/// </remarks>
public sealed class SandboxBpmnScriptEvaluator : IBpmnScriptEvaluator
{
    /// <summary>The capability name scripts use for Camunda-style variable access.</summary>
    public const string ExecutionCapability = "execution";

    private readonly BpmnScriptSandbox _sandbox;
    private readonly IReadOnlyDictionary<string, string> _modules;
    private readonly ConcurrentDictionary<string, PreparedScript> _preparedModules = new(StringComparer.Ordinal);

    // Inline conditions and values (expressions) and script task bodies (scripts) by text: the sandbox caches parsing by
    // content hash, but hashing the text and checking grants on every evaluation cost more than the evaluation of a small
    // condition. One map per kind, keyed by the text alone with the ordinal comparer (which hashes without randomizing),
    // rather than one map keyed by a (kind, text) tuple, whose default comparer hashes the text the slower way.
    private readonly ConcurrentDictionary<string, PreparedScript> _preparedExpressions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PreparedScript> _preparedScripts = new(StringComparer.Ordinal);

    /// <summary>Creates an evaluator with its own sandbox.</summary>
    /// <param name="options">
    /// Sandbox limits and host effects. The <c>execution</c> capability is always granted; grant the names of
    /// <paramref name="capabilities"/> in <see cref="SandboxOptions.GrantedCapabilities"/> for scripts to use them.
    /// </param>
    /// <param name="modules">The tenant's JavaScript modules by name, for <c>ocap:scriptModule</c> references.</param>
    /// <param name="capabilities">Host capabilities the tenant's scripts may be granted.</param>
    public SandboxBpmnScriptEvaluator(
        SandboxOptions? options = null,
        IReadOnlyDictionary<string, string>? modules = null,
        IEnumerable<SandboxCapability>? capabilities = null)
        : this(new BpmnScriptSandbox(options ?? new SandboxOptions(), capabilities ?? []), modules)
    {
    }

    /// <summary>Creates an evaluator for one bundle over its tenant's shared sandbox.</summary>
    /// <param name="sandbox">The tenant's sandbox.</param>
    /// <param name="modules">The bundle's JavaScript modules by name (never another bundle's).</param>
    internal SandboxBpmnScriptEvaluator(BpmnScriptSandbox sandbox, IReadOnlyDictionary<string, string>? modules)
    {
        _sandbox = sandbox;
        _modules = modules ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public string? Check(BpmnExpression expression, BpmnScriptPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(expression);
        try
        {
            Prepare(expression, purpose);
            return null;
        }
        catch (ScriptException e)
        {
            return Describe(e);
        }
        catch (KeyNotFoundException e)
        {
            return e.Message;
        }
    }

    /// <inheritdoc />
    public BpmnScriptOutcome Evaluate(BpmnScriptRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        PreparedScript script;
        try
        {
            script = Prepare(request.Expression, request.Purpose);
        }
        catch (ScriptException e)
        {
            return BpmnScriptOutcome.Failure(Describe(e));
        }
        catch (KeyNotFoundException e)
        {
            return BpmnScriptOutcome.Failure(e.Message);
        }

        if (JsSandbox.BindsFromVariables(script))
        {
            return EvaluatePlainExpression(script, request);
        }

        var scope = new BpmnScriptSandbox.Scope(request.Variables);
        var previous = _sandbox.Current;
        _sandbox.Current = scope;
        try
        {
            var options = request.Replay is { } replay ? new EvaluationOptions { Replay = replay } : null;
            var pending = _sandbox.Sandbox.EvaluateAsync(script, ToInput(script, request.Variables), options);
            var evaluation = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
            var value = evaluation.Value is null ? (JsonElement?)null : ToElement(evaluation.Value);
            return new BpmnScriptOutcome { Value = value, VariableWrites = scope.Writes, HostEffects = Recorded(evaluation.Effects) };
        }
        catch (ScriptException e) when (scope.BpmnErrorCode is { } code)
        {
            return new BpmnScriptOutcome { BpmnErrorCode = code, VariableWrites = scope.Writes, HostEffects = Recorded(e.HostEffects) };
        }
        catch (ScriptException e)
        {
            return new BpmnScriptOutcome { Error = Describe(e), HostEffects = Recorded(e.HostEffects) };
        }
        finally
        {
            _sandbox.Current = previous;
        }
    }

    /// <summary>
    /// An expression that names no capability and does not read <c>ctx</c> cannot reach <c>execution</c>, so it needs no
    /// variable scope, and its free identifiers bind straight from the variables: the outcome is the one the general
    /// path gives (no writes, the same value, error and host effects).
    /// </summary>
    private BpmnScriptOutcome EvaluatePlainExpression(PreparedScript script, BpmnScriptRequest request)
    {
        try
        {
            var options = request.Replay is { } replay ? new EvaluationOptions { Replay = replay } : null;
            var result = _sandbox.Sandbox.EvaluateExpression(script, request.Variables, options);
            var effects = Recorded(result.Effects);
            if (result.Boolean is { } boolean)
            {
                return effects is null
                    ? boolean ? TrueOutcome : FalseOutcome
                    : new BpmnScriptOutcome { Value = boolean ? True : False, HostEffects = effects };
            }

            return new BpmnScriptOutcome { Value = result.Value is null ? null : ToElement(result.Value), HostEffects = effects };
        }
        catch (ScriptException e)
        {
            return new BpmnScriptOutcome { Error = Describe(e), HostEffects = Recorded(e.HostEffects) };
        }
    }

    /// <summary>What an outcome carries for history: nothing when the evaluation read neither the clock nor randomness.</summary>
    private static HostEffects? Recorded(HostEffects effects) =>
        ReferenceEquals(effects, HostEffects.None) || (effects.ClockReadings.Count == 0 && effects.RandomValues.Count == 0) ? null : effects;

    private PreparedScript Prepare(BpmnExpression expression, BpmnScriptPurpose purpose)
    {
        if (expression.ModuleReference is { } module)
        {
            if (!_modules.TryGetValue(module, out var source))
            {
                throw new KeyNotFoundException($"the script module '{module}' is not available.");
            }

            return _preparedModules.GetOrAdd(module, static (name, s) => s.Sandbox.Sandbox.Prepare(s.Source, ScriptKind.Script, name, s.Sandbox.Granted), (Sandbox: _sandbox, Source: source));
        }

        var isScript = purpose == BpmnScriptPurpose.Script;
        var prepared = isScript ? _preparedScripts : _preparedExpressions;
        return prepared.TryGetValue(expression.Text, out var script)
            ? script
            : prepared.GetOrAdd(
                expression.Text,
                static (text, s) => s.Sandbox.Sandbox.Prepare(text, s.Kind, s.LogicalName, s.Sandbox.Granted),
                (Sandbox: _sandbox, Kind: isScript ? ScriptKind.Script : ScriptKind.Expression, LogicalName: isScript ? "script" : "condition"));
    }

    /// <summary>
    /// The input object: for an expression that does not read <c>ctx</c>, only the variables its free identifiers
    /// name (the others could never be read); otherwise every variable, since a script sees them all as <c>ctx</c>.
    /// </summary>
    private static JsonObject ToInput(PreparedScript script, IReadOnlyDictionary<string, JsonElement> variables)
    {
        var input = new JsonObject();
        if (script.Kind == ScriptKind.Expression && !script.FreeIdentifiers.Contains("ctx"))
        {
            foreach (var name in script.FreeIdentifiers)
            {
                if (variables.TryGetValue(name, out var value))
                {
                    input[name] = ToNode(value);
                }
            }

            return input;
        }

        foreach (var (name, value) in variables)
        {
            input[name] = ToNode(value);
        }

        return input;
    }

    /// <summary>A node over the element (read lazily by the sandbox's copy), without a serializer round trip.</summary>
    private static JsonNode? ToNode(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(value),
        JsonValueKind.Array => JsonArray.Create(value),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(value),
    };

    private static readonly JsonElement True = JsonDocument.Parse("true").RootElement.Clone();
    private static readonly JsonElement False = JsonDocument.Parse("false").RootElement.Clone();

    // A condition's two usual outcomes, immutable and shared: a decision with a boolean result that read neither the
    // clock nor randomness needs no outcome of its own. (Declared after the elements they hold: static fields initialise
    // in order.)
    private static readonly BpmnScriptOutcome TrueOutcome = new() { Value = True };
    private static readonly BpmnScriptOutcome FalseOutcome = new() { Value = False };

    /// <summary>The result as an element; a condition's boolean needs no serializer.</summary>
    private static JsonElement ToElement(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.True => True,
        JsonValueKind.False => False,
        _ => JsonSerializer.SerializeToElement(value),
    };

    private static string Describe(ScriptException e) =>
        e switch
        {
            ScriptLimitExceededException limit => $"the script exceeded a limit ({limit.Limit}): {e.ErrorMessage}",
            ScriptSyntaxException => $"SyntaxError: {e.ErrorMessage} (line {e.Line}, column {e.Column}).",
            _ when e.Line > 0 => $"{e.ErrorName}: {e.ErrorMessage} (line {e.Line}, column {e.Column}).",
            _ => $"{e.ErrorName}: {e.ErrorMessage}",
        };
}
