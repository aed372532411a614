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

        var scope = new BpmnScriptSandbox.Scope(request.Variables);
        var previous = _sandbox.Current;
        _sandbox.Current = scope;
        try
        {
            var options = request.Replay is { } replay ? new EvaluationOptions { Replay = replay } : null;
            var pending = _sandbox.Sandbox.EvaluateAsync(script, ToInput(request.Variables), options);
            var evaluation = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
            var value = evaluation.Value is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(evaluation.Value);
            var effects = ReferenceEquals(evaluation.Effects, HostEffects.None) ? null : evaluation.Effects;
            return new BpmnScriptOutcome { Value = value, VariableWrites = scope.Writes, HostEffects = effects };
        }
        catch (ScriptException) when (scope.BpmnErrorCode is { } code)
        {
            return new BpmnScriptOutcome { BpmnErrorCode = code, VariableWrites = scope.Writes };
        }
        catch (ScriptException e)
        {
            return BpmnScriptOutcome.Failure(Describe(e));
        }
        finally
        {
            _sandbox.Current = previous;
        }
    }

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

        var kind = purpose == BpmnScriptPurpose.Script ? ScriptKind.Script : ScriptKind.Expression;
        var logicalName = purpose == BpmnScriptPurpose.Script ? "script" : "condition";
        return _sandbox.Sandbox.Prepare(expression.Text, kind, logicalName, _sandbox.Granted);
    }

    private static JsonObject ToInput(IReadOnlyDictionary<string, JsonElement> variables)
    {
        var input = new JsonObject();
        foreach (var (name, value) in variables)
        {
            input[name] = JsonSerializer.SerializeToNode(value);
        }

        return input;
    }

    private static string Describe(ScriptException e) =>
        e switch
        {
            ScriptLimitExceededException limit => $"the script exceeded a limit ({limit.Limit}): {e.ErrorMessage}",
            ScriptSyntaxException => $"SyntaxError: {e.ErrorMessage} (line {e.Line}, column {e.Column}).",
            _ when e.Line > 0 => $"{e.ErrorName}: {e.ErrorMessage} (line {e.Line}, column {e.Column}).",
            _ => $"{e.ErrorName}: {e.ErrorMessage}",
        };
}
