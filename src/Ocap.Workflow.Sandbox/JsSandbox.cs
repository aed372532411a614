using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Acornima;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Ocap.Workflow.Sandbox.Data;
using Ocap.Workflow.Sandbox.Realm;

namespace Ocap.Workflow.Sandbox;

/// <summary>
/// One tenant's hardened JavaScript sandbox: prepares scripts once per content hash and evaluates them, each evaluation
/// in a fresh compartment, on a pool of locked-down engines. Thread-safe: any number of threads may prepare and evaluate
/// at once.
/// </summary>
/// <remarks>
/// Lockdown (freezing every intrinsic) is paid once per pooled engine, never per evaluation. Freshness comes from how
/// code is run on a frozen realm: expressions are compiled once into functions whose parameters are their free
/// identifiers; scripts run as a strict direct <c>eval</c> in a new function scope (as SES's compartments do), so their
/// declarations die with the evaluation; CommonJS modules are wrapped functions called with a new <c>module</c>; ES modules
/// are instantiated under a key unique to the evaluation. See docs/adr/0001.
/// </remarks>
public sealed class JsSandbox
{
    /// <summary>ES module graphs one engine may instantiate before the pool replaces it (Jint never forgets a module).</summary>
    internal const int ModuleInstancesPerRealm = 256;

    private const string ExpressionPrefixFormat = "(function ({0}) {{ 'use strict'; return (";
    private const string CommonJsPrefixFormat = "(function ({0}) {{";

    private readonly SandboxOptions _options;
    private readonly FrozenDictionary<string, SandboxCapability> _capabilities;
    private readonly ConcurrentBag<SandboxRealm> _pool = [];

    // The realm returned last, when the slot was free: the sequential caller (one evaluation after another on a thread,
    // as the engine's commands make them) rents and returns it with one interlocked exchange each. Counted in _pooled.
    private SandboxRealm? _spare;
    private readonly BoundedCache<string, ParsedSource> _prepared;
    private readonly SandboxModuleSet _modules;
    private readonly BoundedCache<string, Prepared<Script>> _scriptScopes;
    private readonly Lazy<IReadOnlySet<string>> _globalNames;
    private readonly int _poolCapacity = Math.Max(2, Environment.ProcessorCount * 2);
    private int _pooled;
    private long _evaluationIds;
    private long _graphIds;
    private int _realmsCreated;

    /// <summary>Creates a sandbox for one tenant.</summary>
    /// <param name="options">Limits, granted capabilities, host time and randomness.</param>
    /// <param name="capabilities">The capabilities registered with the host (typically <c>GetServices&lt;SandboxCapability&gt;()</c>); only those granted in <paramref name="options"/> can be used.</param>
    public JsSandbox(SandboxOptions options, IEnumerable<SandboxCapability>? capabilities = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Limits.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPreparedScripts, 1, nameof(options));
        _options = options;
        _prepared = new BoundedCache<string, ParsedSource>(options.MaxPreparedScripts, StringComparer.Ordinal);
        _scriptScopes = new BoundedCache<string, Prepared<Script>>(options.MaxPreparedScripts, StringComparer.Ordinal);
        _modules = new SandboxModuleSet(this);
        var registered = new Dictionary<string, SandboxCapability>(StringComparer.Ordinal);
        foreach (var capability in capabilities ?? [])
        {
            if (!registered.TryAdd(capability.Name, capability))
            {
                throw new ArgumentException($"two capabilities are registered as '{capability.Name}'.", nameof(capabilities));
            }
        }

        _capabilities = registered.ToFrozenDictionary(StringComparer.Ordinal);
        _globalNames = new Lazy<IReadOnlySet<string>>(() =>
        {
            var realm = Rent();
            var names = realm.GlobalNames;
            Return(realm);
            return names;
        });
    }

    /// <summary>
    /// Creates a compartment whose global state persists across the evaluations made in it — only when a host asks
    /// for it explicitly; every other evaluation gets a fresh compartment. It builds (and locks down) its own engine.
    /// </summary>
    /// <param name="capabilities">
    /// Capabilities the compartment holds, as globals, for its whole life (each must be registered and granted to the
    /// tenant). Scripts evaluated in it may use only these: authority placed in a persistent global cannot be taken back
    /// per evaluation, so it is granted to the compartment, not to one script.
    /// </param>
    /// <returns>The compartment.</returns>
    /// <exception cref="ArgumentException">A capability is not registered or not granted to this tenant.</exception>
    public PersistentCompartment CreatePersistentCompartment(IEnumerable<string>? capabilities = null)
    {
        var grants = new SortedSet<string>(capabilities ?? [], StringComparer.Ordinal);
        foreach (var grant in grants)
        {
            if (!_capabilities.ContainsKey(grant) || !_options.GrantedCapabilities.Contains(grant))
            {
                throw new ArgumentException($"capability '{grant}' is not registered with the host or not granted to this tenant.", nameof(capabilities));
            }
        }

        Interlocked.Increment(ref _realmsCreated);
        var realm = new SandboxRealm(_options, freezeGlobal: false);
        foreach (var grant in grants)
        {
            realm.Engine.Global.DefineOwnProperty(grant, new Jint.Runtime.Descriptors.PropertyDescriptor(
                realm.GetCapability(_capabilities[grant]), Jint.Runtime.Descriptors.PropertyFlag.None));
        }

        return new PersistentCompartment(this, realm, grants);
    }

    /// <summary>How many locked-down engines this sandbox has built (lockdown is paid once for each).</summary>
    internal int RealmsCreated => Volatile.Read(ref _realmsCreated);

    /// <summary>How many parsed sources the prepare cache holds now (bounded by <see cref="SandboxOptions.MaxPreparedScripts"/>).</summary>
    internal int PreparedCount => _prepared.Count;

    /// <summary>
    /// Creates an empty module namespace: ES and CommonJS modules prepared into it import and require only each other,
    /// never the modules of another set or the sandbox's own default set. Scripts and expressions are not affected.
    /// </summary>
    /// <returns>The new, empty set.</returns>
    public SandboxModuleSet CreateModuleSet() => new(this);

    /// <summary>
    /// Checks and parses <paramref name="source"/> once per content hash. Syntax errors, an oversize source and requests
    /// for capabilities or modules the script may not have are all reported here, not at evaluation.
    /// </summary>
    /// <param name="source">The script as written.</param>
    /// <param name="kind">How to read it.</param>
    /// <param name="logicalName">The host's name for it; for modules, its path (e.g. <c>rules/decide.js</c>), which other modules import it by.</param>
    /// <param name="capabilities">Capabilities granted to this script; each must be registered and granted to the tenant.</param>
    /// <returns>The prepared script.</returns>
    /// <exception cref="ScriptSyntaxException">The source is not valid for <paramref name="kind"/>.</exception>
    /// <exception cref="ScriptCapabilityException">A capability or import is not available to this script.</exception>
    /// <exception cref="ScriptLimitExceededException">The source is longer than <see cref="SandboxLimits.MaxSourceLength"/>.</exception>
    public PreparedScript Prepare(string source, ScriptKind kind, string logicalName, IEnumerable<string>? capabilities = null)
        => Prepare(source, kind, logicalName, capabilities, _modules);

    /// <summary>
    /// Checks and parses <paramref name="source"/> as <see cref="Prepare(string, ScriptKind, string, IEnumerable{string}?)"/>
    /// does, placing a module into <paramref name="modules"/>: it can import (or require) only modules prepared into the
    /// same set before it, and only modules prepared into the same set after it can import it.
    /// </summary>
    /// <param name="source">The script as written.</param>
    /// <param name="kind">How to read it.</param>
    /// <param name="logicalName">The host's name for it; for modules, its path within <paramref name="modules"/>.</param>
    /// <param name="capabilities">Capabilities granted to this script; each must be registered and granted to the tenant.</param>
    /// <param name="modules">The module namespace, created by this sandbox's <see cref="CreateModuleSet"/>.</param>
    /// <returns>The prepared script.</returns>
    /// <exception cref="ArgumentException"><paramref name="modules"/> belongs to another sandbox.</exception>
    /// <exception cref="ScriptSyntaxException">The source is not valid for <paramref name="kind"/>.</exception>
    /// <exception cref="ScriptCapabilityException">A capability or import is not available to this script.</exception>
    /// <exception cref="ScriptLimitExceededException">The source is longer than <see cref="SandboxLimits.MaxSourceLength"/>.</exception>
    public PreparedScript Prepare(string source, ScriptKind kind, string logicalName, IEnumerable<string>? capabilities, SandboxModuleSet modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        if (!ReferenceEquals(modules.Owner, this))
        {
            throw new ArgumentException("the module set was created by another sandbox.", nameof(modules));
        }

        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(logicalName);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown script kind.");
        }

        var hash = ContentHash.Of(source);
        if (source.Length > _options.Limits.MaxSourceLength)
        {
            throw new ScriptLimitExceededException(logicalName, hash, ScriptLimit.SourceSize, $"the source has {source.Length} characters; the limit is {_options.Limits.MaxSourceLength}");
        }

        var grants = new SortedSet<string>(capabilities ?? [], StringComparer.Ordinal);
        foreach (var grant in grants)
        {
            if (!_capabilities.ContainsKey(grant))
            {
                throw new ScriptCapabilityException(logicalName, hash, grant, $"capability '{grant}' is not registered with the host");
            }

            if (!_options.GrantedCapabilities.Contains(grant))
            {
                throw new ScriptCapabilityException(logicalName, hash, grant, $"capability '{grant}' is not granted to this tenant");
            }
        }

        var parsed = _prepared.GetOrAdd($"{kind}|{hash}|{logicalName}", static (_, s) => s.Sandbox.Parse(s.Source, s.Kind, s.LogicalName, s.Hash), (Sandbox: this, Source: source, Kind: kind, LogicalName: logicalName, Hash: hash));
        var used = kind == ScriptKind.Module ? grants.ToArray() : parsed.Capabilities;
        foreach (var name in used)
        {
            if (!grants.Contains(name))
            {
                throw new ScriptCapabilityException(logicalName, hash, name, $"the script uses capability '{name}', which it was not granted");
            }
        }

        var prepared = new PreparedScript(logicalName, hash, kind, parsed.FreeIdentifiers, used)
        {
            Source = parsed.Source,
            Wrapper = parsed.Wrapper,
            FunctionKey = parsed.FunctionKey,
            PreparedModule = parsed.PreparedModule,
            FirstLineOffset = parsed.FirstLineOffset,
            Stateless = parsed.Stateless,
            ScriptProgram = parsed.ScriptProgram,
            Comparison = parsed.Comparison,
            CapabilityKey = string.Join(',', used),
            Owner = this,
        };

        if (kind is ScriptKind.Module or ScriptKind.CommonJs)
        {
            var graph = new Dictionary<string, PreparedScript>(modules.Modules, StringComparer.Ordinal) { [logicalName] = prepared };
            prepared.ModuleGraph = graph.ToFrozenDictionary(StringComparer.Ordinal);
            if (kind == ScriptKind.Module)
            {
                CheckStaticImports(prepared, graph);
                prepared.ReusableGraph = IsReusableGraph(prepared, graph, []);
                prepared.GraphId = Interlocked.Increment(ref _graphIds);
                prepared.ReusablePrefix = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/g{prepared.GraphId}/");
            }

            modules.Modules[logicalName] = prepared;
        }

        return prepared;
    }

    /// <summary>
    /// Evaluates a prepared script in a fresh compartment. The input is copied in as hardened data; the result is copied
    /// out as JSON.
    /// </summary>
    /// <param name="script">A script prepared by this sandbox.</param>
    /// <param name="input">
    /// The data handed in: for expressions, an object whose properties bind the free identifiers (<c>ctx</c> binds the
    /// whole input); for scripts, the global-looking binding <c>ctx</c>; for modules, the first argument of the export.
    /// </param>
    /// <param name="options">Export to call, replay recording, random seed.</param>
    /// <param name="cancellationToken">Ends the evaluation as a <see cref="ScriptLimit.Timeout"/>.</param>
    /// <returns>The result and the host time and randomness consumed.</returns>
    /// <exception cref="ScriptRuntimeException">The script threw.</exception>
    /// <exception cref="ScriptLimitExceededException">A limit fired.</exception>
    /// <exception cref="ScriptResultException">The result is not plain JSON data.</exception>
    public ValueTask<ScriptEvaluation> EvaluateAsync(PreparedScript script, JsonNode? input, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Not an async method: an evaluation that queues no capability call completes synchronously, and then neither
        // this method nor EvaluateOnAsync builds an async state machine. Argument errors still arrive through the task.
        if (script is null)
        {
            return ValueTask.FromException<ScriptEvaluation>(new ArgumentNullException(nameof(script)));
        }

        if (!ReferenceEquals(script.Owner, this))
        {
            return ValueTask.FromException<ScriptEvaluation>(new ArgumentException("the script was prepared by another sandbox; prepare it with this one (grants and modules are per sandbox).", nameof(script)));
        }

        options ??= DefaultEvaluation;
        SandboxRealm realm;
        try
        {
            realm = Rent();
        }
        catch (Exception e)
        {
            return ValueTask.FromException<ScriptEvaluation>(e);
        }

        var evaluation = EvaluateOnAsync(realm, script, input, options, cancellationToken);
        if (evaluation.IsCompleted)
        {
            ReturnIfReusable(realm);
            return evaluation;
        }

        return ReturnWhenDoneAsync(evaluation, realm);
    }

    /// <summary>
    /// Evaluates an expression that uses no capability and does not read <c>ctx</c>, binding each free identifier
    /// straight from <paramref name="variables"/>: the result, errors and recorded effects are those of
    /// <see cref="EvaluateAsync(PreparedScript, JsonNode?, EvaluationOptions?, CancellationToken)"/> with an input
    /// object holding the same variables, without building that object, a node per value or one for a boolean result.
    /// </summary>
    /// <remarks>
    /// Synchronous: without a capability nothing can wait for the host, so the promise jobs the expression queues all
    /// run before this returns (as they do on the asynchronous path, which then completes synchronously too).
    /// </remarks>
    /// <param name="script">An expression prepared by this sandbox, with no capabilities and no free <c>ctx</c>.</param>
    /// <param name="variables">Values by name; only the expression's free identifiers are read.</param>
    /// <param name="options">Replay recording, random seed.</param>
    /// <returns>The result and the host time and randomness consumed.</returns>
    /// <exception cref="ScriptException">As <see cref="EvaluateAsync(PreparedScript, JsonNode?, EvaluationOptions?, CancellationToken)"/> reports failures.</exception>
    internal ExpressionResult EvaluateExpression(PreparedScript script, IReadOnlyDictionary<string, System.Text.Json.JsonElement> variables, EvaluationOptions? options)
    {
        if (!ReferenceEquals(script.Owner, this) || !BindsFromVariables(script))
        {
            throw new ArgumentException("the script is not an expression of this sandbox that binds only plain variables.", nameof(script));
        }

        // A variable compared with a number literal, holding a finite number: one IEEE comparison, no engine (see
        // NumericComparison). A replay takes the engine, which checks the recorded host effects.
        // (Limits so tight that the engine would refuse even this — a handful of statements, a 5-byte result — keep it.)
        if (script.Comparison is { } comparison && options?.Replay is null && _options.Limits.MaxResultBytes >= 5
            && _options.Limits.MaxStatements >= 16 && comparison.TryEvaluate(variables, out var compared))
        {
            return new ExpressionResult(null, compared, HostEffects.None);
        }

        options ??= DefaultEvaluation;
        var realm = Rent();
        var context = realm.Context.Begin(options, Interlocked.Increment(ref _evaluationIds), CancellationToken.None);
        realm.Current = context;
        realm.Guard.Arm(_options.Limits.MaxStatements, _options.Limits.Timeout, CancellationToken.None);
        realm.LastEvaluationClean = false;
        try
        {
            var value = Run(realm, script, null, variables, options);
            if (!value.IsPromise())
            {
                realm.Engine.Advanced.ProcessTasks();
            }

            if (value.IsPromise() || context.HasPendingHostCalls)
            {
                var settling = SettleAsync(realm, context, value);
                value = settling.IsCompleted ? settling.Result : settling.AsTask().GetAwaiter().GetResult();
            }

            // A boolean costs 5 bytes of JSON; below that the general copy reports the result as too large.
            ExpressionResult result = value is JsBoolean boolean && _options.Limits.MaxResultBytes >= 5
                ? new(null, boolean.AsBoolean(), context.Effects)
                : new(JsonBridge.ToJson(realm.Engine, value, _options.Limits.MaxResultBytes), null, context.Effects);
            realm.LastEvaluationClean = true;
            return result;
        }
        catch (Exception e)
        {
            throw WithEffects(Fail(realm, script, e), context);
        }
        finally
        {
            context.Dispose();
            realm.Current = null;
            ReturnIfReusable(realm);
        }
    }

    /// <summary>Whether <see cref="EvaluateExpression"/> can run <paramref name="script"/>: an expression with no capability and no free <c>ctx</c>.</summary>
    internal static bool BindsFromVariables(PreparedScript script) => script.BindsFromVariables;

    private async ValueTask<ScriptEvaluation> ReturnWhenDoneAsync(ValueTask<ScriptEvaluation> evaluation, SandboxRealm realm)
    {
        try
        {
            return await evaluation.ConfigureAwait(false);
        }
        finally
        {
            ReturnIfReusable(realm);
        }
    }

    private void ReturnIfReusable(SandboxRealm realm)
    {
        if (realm.LastEvaluationClean && realm.ModuleInstances < ModuleInstancesPerRealm)
        {
            Return(realm);
        }
    }

    /// <summary>Evaluates a prepared script with input given as a <see cref="System.Text.Json.JsonElement"/>; see the <see cref="JsonNode"/> overload.</summary>
    /// <param name="script">A script prepared by this sandbox.</param>
    /// <param name="input">The data handed in (copied; the element is not retained).</param>
    /// <param name="options">Export to call, replay recording, random seed.</param>
    /// <param name="cancellationToken">Ends the evaluation as a <see cref="ScriptLimit.Timeout"/>.</param>
    /// <returns>The result and the host time and randomness consumed.</returns>
    public ValueTask<ScriptEvaluation> EvaluateAsync(PreparedScript script, System.Text.Json.JsonElement input, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
        => EvaluateAsync(script, input.ValueKind == System.Text.Json.JsonValueKind.Undefined ? null : JsonNode.Parse(input.GetRawText()), options, cancellationToken);

    private static readonly EvaluationOptions DefaultEvaluation = new();

    /// <summary>Runs the promise jobs a failed evaluation left queued, still under its limits; true when the realm is clean.</summary>
    private static bool TryDrain(SandboxRealm realm)
    {
        try
        {
            realm.Engine.Advanced.ProcessTasks();
            return true;
        }
        catch (Exception e) when (e is JintException or LimitSignal or TimeoutException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            // The queued jobs failed or hit a limit: the realm is dropped rather than trusted.
            return false;
        }
    }

    private JsValue Run(SandboxRealm realm, PreparedScript script, JsonNode? input, IReadOnlyDictionary<string, System.Text.Json.JsonElement>? variables, EvaluationOptions options)
    {
        var engine = realm.Engine;
        var context = realm.Current!;
        switch (script.Kind)
        {
            case ScriptKind.Expression when variables is not null:
            {
                // Bound straight from the caller's elements (see EvaluateExpression): the same values and the same
                // ReferenceError for a missing name as an input object holding those variables would give.
                var function = realm.GetFunction(script.Wrapper!.Value);
                var args = new JsValue[script.FreeIdentifiers.Count];
                for (var i = 0; i < args.Length; i++)
                {
                    var name = script.FreeIdentifiers[i];
                    args[i] = variables.TryGetValue(name, out var value)
                        ? JsonBridge.ToJs(engine, value)
                        : throw new ScriptRuntimeException(script.LogicalName, script.ContentHash, "ReferenceError", $"{name} is not defined", 0, 0);
                }

                return engine.Call(function, JsValue.Undefined, args);
            }

            case ScriptKind.Expression:
            {
                var function = realm.GetFunction(script.Wrapper!.Value);
                var args = new JsValue[script.FreeIdentifiers.Count + script.Capabilities.Count];
                var inputObject = input as JsonObject;
                for (var i = 0; i < script.FreeIdentifiers.Count; i++)
                {
                    var name = script.FreeIdentifiers[i];
                    if (inputObject is not null && inputObject.TryGetPropertyValue(name, out var property))
                    {
                        args[i] = JsonBridge.ToJs(engine, property);
                    }
                    else if (name == "ctx")
                    {
                        args[i] = JsonBridge.ToJs(engine, input);
                    }
                    else
                    {
                        throw new ScriptRuntimeException(script.LogicalName, script.ContentHash, "ReferenceError", $"{name} is not defined", 0, 0);
                    }
                }

                FillCapabilities(realm, script, args, script.FreeIdentifiers.Count);
                return engine.Call(function, JsValue.Undefined, args);
            }

            case ScriptKind.Script when !realm.FreezeGlobal:
            {
                // A persistent compartment: the script runs as global code on the compartment's own global object.
                var global = engine.Global;
                global.DefineOwnProperty("ctx", new Jint.Runtime.Descriptors.PropertyDescriptor(JsonBridge.ToJs(engine, input), Jint.Runtime.Descriptors.PropertyFlag.Writable | Jint.Runtime.Descriptors.PropertyFlag.Configurable));

                return engine.Evaluate(script.ScriptProgram!.Value);
            }

            case ScriptKind.Script:
            {
                var inputObject = input as JsonObject;
                var present = new List<JsonNode?>(script.FreeIdentifiers.Count);
                var names = new List<string>(script.FreeIdentifiers.Count);
                foreach (var name in script.FreeIdentifiers)
                {
                    if (inputObject is not null && inputObject.TryGetPropertyValue(name, out var property))
                    {
                        names.Add(name);
                        present.Add(property);
                    }
                }

                var scope = realm.GetFunction(ScriptScope(names, script.Capabilities));
                var args = new JsValue[1 + present.Count + script.Capabilities.Count];
                args[0] = JsonBridge.ToJs(engine, input);
                for (var i = 0; i < present.Count; i++)
                {
                    args[1 + i] = JsonBridge.ToJs(engine, present[i]);
                }

                FillCapabilities(realm, script, args, 1 + present.Count);
                var evaluator = engine.Call(scope, JsValue.Undefined, args);
                return engine.Call(evaluator, JsValue.Undefined, [new JsString(script.Source)]);
            }

            case ScriptKind.CommonJs:
            {
                context.Modules = script.ModuleGraph;
                var inputJs = JsonBridge.ToJs(engine, input);
                var loaded = new Dictionary<string, ObjectInstance>(StringComparer.Ordinal);
                var exports = RequireCommonJs(realm, script, inputJs, loaded).Get("exports");
                return CallExport(realm, script, exports, options.ExportName, inputJs);
            }

            case ScriptKind.Module:
            {
                context.Modules = script.ModuleGraph;
                var inputJs = JsonBridge.ToJs(engine, input);
                var exportName = options.ExportName ?? "default";
                JsValue export;
                if (script.ReusableGraph)
                {
                    context.ModulePrefix = script.ReusablePrefix!;
                    var key = (script, exportName);
                    if (!realm.ReusableExports.TryGetValue(key, out export!))
                    {
                        realm.ModuleInstances++;
                        export = ImportExport(engine, script, context.ModulePrefix, exportName);
                        realm.ReusableExports[key] = export;
                    }
                }
                else
                {
                    realm.ModuleInstances++;
                    export = ImportExport(engine, script, context.ModulePrefix, exportName);
                }

                return export.IsCallable() ? engine.Call(export, JsValue.Undefined, [inputJs, CapabilityBag(realm, script)]) : export;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(script), script.Kind, "unknown script kind.");
        }
    }

    /// <summary>
    /// Runs one evaluation on <paramref name="realm"/>, recording in <see cref="SandboxRealm.LastEvaluationClean"/>
    /// whether the realm may serve another evaluation; on failure the translated <see cref="ScriptException"/> is thrown.
    /// </summary>
    internal ValueTask<ScriptEvaluation> EvaluateOnAsync(SandboxRealm realm, PreparedScript script, JsonNode? input, EvaluationOptions options, CancellationToken cancellationToken)
    {
        var context = realm.Context.Begin(options, Interlocked.Increment(ref _evaluationIds), cancellationToken);
        realm.Current = context;
        realm.Guard.Arm(_options.Limits.MaxStatements, _options.Limits.Timeout, cancellationToken);
        realm.LastEvaluationClean = false;
        var continuesAsynchronously = false;
        try
        {
            var value = Run(realm, script, input, null, options);
            if (!value.IsPromise())
            {
                // The synchronous fast path: the same steps SettleAsync takes when nothing is pending.
                realm.Engine.Advanced.ProcessTasks();
                if (!context.HasPendingHostCalls)
                {
                    return new ValueTask<ScriptEvaluation>(Complete(realm, context, value));
                }
            }

            continuesAsynchronously = true;
            return ContinueAsync(realm, script, context, value);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<ScriptEvaluation>(WithEffects(Fail(realm, script, e), context));
        }
        finally
        {
            if (!continuesAsynchronously)
            {
                context.Dispose();
                realm.Current = null;
            }
        }
    }

    /// <summary>An evaluation waiting for a promise or a capability call: settles it, then completes as the synchronous path does.</summary>
    private async ValueTask<ScriptEvaluation> ContinueAsync(SandboxRealm realm, PreparedScript script, EvaluationContext context, JsValue value)
    {
        try
        {
            value = await SettleAsync(realm, context, value).ConfigureAwait(false);
            return Complete(realm, context, value);
        }
        catch (Exception e)
        {
            var failure = WithEffects(Fail(realm, script, e), context);
            if (ReferenceEquals(failure, e))
            {
                throw;
            }

            throw failure;
        }
        finally
        {
            context.Dispose();
            realm.Current = null;
        }
    }

    /// <summary>Attaches what the failed evaluation read of the host's time and randomness, for replay.</summary>
    private static Exception WithEffects(Exception failure, EvaluationContext context)
    {
        if (failure is ScriptException script)
        {
            script.HostEffects = context.Effects;
        }

        return failure;
    }

    private ScriptEvaluation Complete(SandboxRealm realm, EvaluationContext context, JsValue value)
    {
        var json = JsonBridge.ToJson(realm.Engine, value, _options.Limits.MaxResultBytes);
        realm.LastEvaluationClean = true;
        return new ScriptEvaluation(json, context.Effects);
    }

    /// <summary>
    /// Decides whether the realm may serve another evaluation after <paramref name="e"/>, and returns the exception the
    /// caller sees (a <see cref="ScriptException"/> as is, anything else translated).
    /// </summary>
    private Exception Fail(SandboxRealm realm, PreparedScript script, Exception e)
    {
        if (e is ScriptException)
        {
            realm.LastEvaluationClean = TryDrain(realm);
            return e;
        }

        var translated = Translate(script, e);

        // An ordinary JavaScript failure unwinds the engine normally, so the realm can serve the next evaluation
        // once the jobs this one queued have run. A limit or a host fault may have stopped the engine mid-step:
        // that realm is dropped, never reused.
        if (e is JavaScriptException or PromiseRejectedException or ResultShapeException { TooLarge: false })
        {
            realm.LastEvaluationClean = TryDrain(realm);
        }

        return translated;
    }

    private static JsValue ImportExport(Engine engine, PreparedScript script, string prefix, string exportName)
    {
        var ns = engine.Modules.Import(prefix + script.LogicalName);
        if (!ns.HasProperty(exportName))
        {
            throw new ScriptRuntimeException(script.LogicalName, script.ContentHash, "ReferenceError", $"the module has no export named '{exportName}'", 0, 0);
        }

        return ns.Get(exportName);
    }

    private JsValue CallExport(SandboxRealm realm, PreparedScript script, JsValue exports, string? exportName, JsValue inputJs)
    {
        var target = exports;
        if (exportName is not null)
        {
            if (exports is not ObjectInstance exportsObject || !exportsObject.HasProperty(exportName))
            {
                throw new ScriptRuntimeException(script.LogicalName, script.ContentHash, "ReferenceError", $"the module has no export named '{exportName}'", 0, 0);
            }

            target = exportsObject.Get(exportName);
        }

        return target.IsCallable() ? realm.Engine.Call(target, JsValue.Undefined, [inputJs, CapabilityBag(realm, script)]) : target;
    }

    private ObjectInstance RequireCommonJs(SandboxRealm realm, PreparedScript module, JsValue inputJs, Dictionary<string, ObjectInstance> loaded)
    {
        var engine = realm.Engine;
        var moduleObject = new JsObject(engine);
        var exports = new JsObject(engine);
        moduleObject.FastSetDataProperty("exports", exports);
        loaded[module.LogicalName] = moduleObject;
        var graph = realm.Current!.Modules!;
        var require = new ClrFunction(engine, "require", (_, args) =>
        {
            var specifier = args.Length > 0 && args[0].IsString() ? args[0].ToString() : string.Empty;
            var path = specifier.StartsWith("./", StringComparison.Ordinal) || specifier.StartsWith("../", StringComparison.Ordinal)
                ? ModulePaths.Resolve(module.LogicalName, specifier)
                : null;
            if (path is not null && !graph.ContainsKey(path) && graph.ContainsKey(path + ".js"))
            {
                path += ".js";
            }

            if (path is null || !graph.TryGetValue(path, out var target) || target.Kind != ScriptKind.CommonJs)
            {
                throw new JavaScriptException(engine.Intrinsics.Error, $"require('{specifier}') is refused: only the tenant's own CommonJS modules can be required");
            }

            return loaded.TryGetValue(path, out var cached)
                ? cached.Get("exports")
                : RequireCommonJs(realm, target, inputJs, loaded).Get("exports");
        }, 1, Jint.Runtime.Descriptors.PropertyFlag.Configurable);

        var function = realm.GetFunction(module.Wrapper!.Value);
        var args = new JsValue[4 + module.Capabilities.Count];
        args[0] = exports;
        args[1] = require;
        args[2] = moduleObject;
        args[3] = inputJs;
        FillCapabilities(realm, module, args, 4);
        engine.Call(function, exports, args);
        return moduleObject;
    }

    // The function that gives a script its fresh strict scope: ctx, the input-bound names and the capabilities as
    // read-only bindings, then a direct eval of the source. Prepared once per distinct binding list and cached.
    private Prepared<Script> ScriptScope(List<string> inputs, IReadOnlyList<string> capabilities)
    {
        var bindings = string.Join(", ", new[] { "ctx" }.Concat(inputs).Concat(capabilities));
        return _scriptScopes.GetOrAdd("s|" + bindings, static (_, b) => Engine.PrepareScript(
            $"(function () {{ 'use strict'; const [{b}] = arguments; return function () {{ 'use strict'; return eval(arguments[0]); }}; }})", "compartment", strict: true), bindings);
    }

    private void FillCapabilities(SandboxRealm realm, PreparedScript script, JsValue[] args, int offset)
    {
        for (var i = 0; i < script.Capabilities.Count; i++)
        {
            args[offset + i] = realm.GetCapability(_capabilities[script.Capabilities[i]]);
        }
    }

    private JsValue CapabilityBag(SandboxRealm realm, PreparedScript script)
    {
        var key = script.CapabilityKey;
        if (realm.CapabilityBags.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var bag = new JsObject(realm.Engine);
        foreach (var name in script.Capabilities)
        {
            bag.FastSetDataProperty(name, realm.GetCapability(_capabilities[name]));
        }

        realm.Engine.Call(realm.Freeze, bag);
        realm.CapabilityBags[key] = bag;
        return bag;
    }

    /// <summary>Runs promise jobs and settles capability calls until nothing is pending; then unwraps a promise result.</summary>
    private async ValueTask<JsValue> SettleAsync(SandboxRealm realm, EvaluationContext context, JsValue value)
    {
        var engine = realm.Engine;
        var state = 0;
        JsValue settled = JsValue.Undefined;
        if (value.IsPromise())
        {
            var then = realm.PromiseThen;
            var onFulfilled = new ClrFunction(engine, string.Empty, (_, a) => { state = 1; settled = a.Length > 0 ? a[0] : JsValue.Undefined; return JsValue.Undefined; }, 1);
            var onRejected = new ClrFunction(engine, string.Empty, (_, a) => { state = 2; settled = a.Length > 0 ? a[0] : JsValue.Undefined; return JsValue.Undefined; }, 1);
            engine.Call(then, value, [onFulfilled, onRejected]);
        }

        engine.Advanced.ProcessTasks();
        while (context.HasPendingHostCalls)
        {
            var remaining = realm.Guard.Remaining;
            if (remaining <= TimeSpan.Zero)
            {
                realm.Guard.ThrowIfOutOfTime();
            }

            var pending = context.PendingHostCalls.Select(p => (Task)p.Task).ToList();
            var any = Task.WhenAny(pending);
            if (!any.IsCompleted)
            {
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
                await Task.WhenAny(any, Task.Delay(remaining, _options.TimeProvider, delay.Token)).ConfigureAwait(false);
                await delay.CancelAsync().ConfigureAwait(false);
            }

            realm.Guard.ThrowIfOutOfTime();
            if (context.CapabilityDeadlinePassed)
            {
                // A host call cancelled by the deadline must end the evaluation as a timeout, not settle as a rejection.
                throw new LimitSignal(ScriptLimit.Timeout, "the evaluation ran past its time limit");
            }

            for (var i = context.PendingHostCalls.Count - 1; i >= 0; i--)
            {
                var call = context.PendingHostCalls[i];
                if (call.Task.IsCompleted)
                {
                    context.PendingHostCalls.RemoveAt(i);
                    realm.Settle(call.Task, call.Promise, call.Method);
                }
            }

            engine.Advanced.ProcessTasks();
        }

        if (!value.IsPromise())
        {
            return value;
        }

        return state switch
        {
            1 => settled,
            2 => throw new JavaScriptException(settled),
            _ => throw new JavaScriptException(engine.Intrinsics.Error, "the script's promise never settled"),
        };
    }

    private ScriptException Translate(PreparedScript script, Exception e)
    {
        string name = script.LogicalName, hash = script.ContentHash;
        switch (e)
        {
            case LimitSignal s:
                return new ScriptLimitExceededException(name, hash, s.Limit, s.Message);
            case StatementsCountOverflowException:
                return new ScriptLimitExceededException(name, hash, ScriptLimit.Statements, "the script executed too many statements");
            case MemoryLimitExceededException m:
                return new ScriptLimitExceededException(name, hash, ScriptLimit.Memory, m.Message);
            case RecursionDepthOverflowException or InsufficientExecutionStackException:
                return new ScriptLimitExceededException(name, hash, ScriptLimit.Recursion, $"the script nested calls deeper than {_options.Limits.MaxRecursion}");
            case RegexMatchTimeoutException:
                return new ScriptLimitExceededException(name, hash, ScriptLimit.RegexTimeout, $"a regular expression ran longer than {_options.Limits.RegexTimeout.TotalMilliseconds} ms");
            case TimeoutException or ExecutionCanceledException or OperationCanceledException:
                return new ScriptLimitExceededException(name, hash, ScriptLimit.Timeout, "the evaluation ran past its time limit or was cancelled");
            case OutOfMemoryException:
                return new ScriptLimitExceededException(name, hash, ScriptLimit.Memory, "the script tried to allocate more memory than the process could give");
            case ResultShapeException r:
                return r.TooLarge
                    ? new ScriptLimitExceededException(name, hash, ScriptLimit.ResultSize, r.Message)
                    : new ScriptResultException(name, hash, r.Path, r.Message);
            case ReplayDivergedException d:
                return new ScriptRuntimeException(name, hash, "ReplayError", d.Message, 0, 0);
            case JavaScriptException js:
            {
                var (errorName, message) = DescribeThrown(js.Error);
                var line = js.Location.Start.Line;
                var column = js.Location.Start.Column + 1;
                if (line == 1 && script.FirstLineOffset > 0 && IsOwnSource(js, script))
                {
                    column = Math.Max(1, column - script.FirstLineOffset);
                }

                return new ScriptRuntimeException(name, hash, errorName, message, line, line > 0 ? column : 0);
            }

            case PromiseRejectedException rejected:
            {
                var (errorName, message) = DescribeThrown(rejected.RejectedValue);
                return new ScriptRuntimeException(name, hash, errorName, message, 0, 0);
            }

            default:
                return new ScriptRuntimeException(name, hash, "InternalError", "the engine failed while running the script", 0, 0);
        }
    }

    private static bool IsOwnSource(JavaScriptException js, PreparedScript script)
        => string.Equals(js.Location.SourceFile, script.LogicalName, StringComparison.Ordinal);

    /// <summary>
    /// Reads a thrown value's name and message without trusting it: getters and Proxy traps run under the evaluation's
    /// limits, and anything that fails falls back to a generic description.
    /// </summary>
    private static (string Name, string Message) DescribeThrown(JsValue thrown)
    {
        if (thrown is not ObjectInstance obj || JsonBridge.IsProxy((ObjectInstance)thrown))
        {
            return ("Error", thrown is ObjectInstance ? "a Proxy was thrown" : SafeToString(thrown));
        }

        try
        {
            var name = obj.Get("name");
            var message = obj.Get("message");
            return (name.IsString() ? name.ToString() : "Error", message.IsString() ? message.ToString() : SafeToString(message));
        }
        catch (Exception e) when (e is JavaScriptException or LimitSignal or JintException)
        {
            return ("Error", "an error object whose name or message could not be read was thrown");
        }

        static string SafeToString(JsValue value) => value.Type switch
        {
            Types.String or Types.Number or Types.Boolean or Types.BigInt => value.ToString(),
            Types.Undefined => string.Empty,
            Types.Null => "null",
            Types.Symbol => "a symbol was thrown",
            _ => "a non-error value was thrown",
        };
    }

    private SandboxRealm Rent()
    {
        // The spare slot first: one exchange, where the bag looks up its per-thread list and takes its lock-free path.
        var realm = Interlocked.Exchange(ref _spare, null);
        if (realm is not null || _pool.TryTake(out realm))
        {
            Interlocked.Decrement(ref _pooled);
            return realm;
        }

        Interlocked.Increment(ref _realmsCreated);
        return new SandboxRealm(_options);
    }

    private void Return(SandboxRealm realm)
    {
        // ConcurrentBag.Count takes every per-thread lock; a counter of our own (the spare slot included) costs one
        // interlocked add, and keeps the pool's bound as it was.
        if (Interlocked.Increment(ref _pooled) <= _poolCapacity)
        {
            if (Interlocked.CompareExchange(ref _spare, realm, null) is not null)
            {
                _pool.Add(realm);
            }
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
        }
    }

    private ParsedSource Parse(string source, ScriptKind kind, string logicalName, string hash)
    {
        switch (kind)
        {
            case ScriptKind.Expression:
            {
                var globals = _globalNames.Value;
                Expression expression;
                try
                {
                    expression = new Parser(new ParserOptions { AllowReturnOutsideFunction = false }).ParseExpression(source, logicalName, true);
                }
                catch (ParseErrorException pe)
                {
                    throw Syntax(logicalName, hash, pe, 0);
                }

                var analysis = PrepareScript("(" + source + "\n)", logicalName, hash, strict: true, 1);
                var free = analysis.ReferencedGlobals!.Where(n => !globals.Contains(n) && n != "arguments").Distinct().ToList();
                var capabilities = free.Where(_capabilities.ContainsKey).Order(StringComparer.Ordinal).ToArray();
                var inputs = free.Where(n => !_capabilities.ContainsKey(n)).Order(StringComparer.Ordinal).ToArray();
                var prefix = string.Format(System.Globalization.CultureInfo.InvariantCulture, ExpressionPrefixFormat, string.Join(", ", inputs.Concat(capabilities)));
                var wrapper = PrepareScript(prefix + source + "\n); })", logicalName, hash, strict: true, prefix.Length);
                RequireSingleFunction(wrapper, logicalName, hash);
                return new ParsedSource(inputs, capabilities)
                {
                    Wrapper = wrapper, FunctionKey = "x|" + hash + "|" + logicalName, FirstLineOffset = prefix.Length,
                    Comparison = capabilities.Length == 0 ? NumericComparison.Of(expression, inputs) : null,
                };
            }

            case ScriptKind.Script:
            {
                var analysis = PrepareScript(source, logicalName, hash, strict: true, 0);
                var globals = _globalNames.Value;
                var referenced = analysis.ReferencedGlobals!.Distinct().ToArray();
                var capabilities = referenced.Where(_capabilities.ContainsKey).Order(StringComparer.Ordinal).ToArray();

                // The script's other free identifiers bind to the input's properties, as read-only locals: a BPMN script
                // reads instance variables as globals, and assigning one is a TypeError, as on a frozen global. A name the
                // script declares itself shadows the binding inside the script's own strict eval scope.
                var inputs = referenced
                    .Where(n => !globals.Contains(n) && !_capabilities.ContainsKey(n) && n is not ("arguments" or "ctx"))
                    .Order(StringComparer.Ordinal).ToArray();
                // Only the names an evaluation's input provides are bound (see ScriptScope), so a name it lacks stays
                // unresolvable: reading it is a ReferenceError and typeof gives "undefined", exactly as in plain JavaScript.
                return new ParsedSource(inputs, capabilities) { Source = source, ScriptProgram = analysis };
            }

            case ScriptKind.CommonJs:
            {
                var basePrefix = string.Format(System.Globalization.CultureInfo.InvariantCulture, CommonJsPrefixFormat, "exports, require, module, ctx");
                var analysis = PrepareScript(basePrefix + source + "\n})", logicalName, hash, strict: false, basePrefix.Length);
                RequireSingleFunction(analysis, logicalName, hash);
                var capabilities = analysis.ReferencedGlobals!.Where(_capabilities.ContainsKey).Distinct().Order(StringComparer.Ordinal).ToArray();
                var prefix = string.Format(System.Globalization.CultureInfo.InvariantCulture, CommonJsPrefixFormat, string.Join(", ", new[] { "exports", "require", "module", "ctx" }.Concat(capabilities)));
                var wrapper = capabilities.Length == 0 ? analysis : PrepareScript(prefix + source + "\n})", logicalName, hash, strict: false, prefix.Length);
                return new ParsedSource([], capabilities) { Wrapper = wrapper, FunctionKey = "c|" + hash + "|" + logicalName, FirstLineOffset = prefix.Length };
            }

            default:
            {
                Prepared<Module> module;
                try
                {
                    module = Engine.PrepareModule(source, logicalName);
                }
                catch (ScriptPreparationException e) when (e.InnerException is ParseErrorException pe)
                {
                    throw Syntax(logicalName, hash, pe, 0);
                }

                return new ParsedSource([], []) { PreparedModule = module, Stateless = StatelessModule.IsStateless(module.Program!) };
            }
        }
    }

    private static Prepared<Script> PrepareScript(string text, string logicalName, string hash, bool strict, int firstLineOffset)
    {
        try
        {
            return Engine.PrepareScript(text, logicalName, strict, new ScriptPreparationOptions { CollectReferencedGlobals = true });
        }
        catch (ScriptPreparationException e) when (e.InnerException is ParseErrorException pe)
        {
            throw Syntax(logicalName, hash, pe, firstLineOffset);
        }
    }

    private static ScriptSyntaxException Syntax(string logicalName, string hash, ParseErrorException pe, int firstLineOffset)
    {
        var column = pe.Column + 1;
        if (pe.LineNumber == 1)
        {
            column = Math.Max(1, column - firstLineOffset);
        }

        return new ScriptSyntaxException(logicalName, hash, pe.Description, pe.LineNumber, column);
    }

    /// <summary>
    /// A wrapped source must stay inside its wrapper: the program must be exactly one function expression. A source that
    /// closes the wrapper early (<c>}); let leaked = 1; (function () {</c>) would otherwise run at global scope.
    /// </summary>
    private static void RequireSingleFunction(Prepared<Script> wrapper, string logicalName, string hash)
    {
        var body = wrapper.Program!.Body;
        if (body.Count != 1 || body[0] is not ExpressionStatement { Expression: FunctionExpression })
        {
            throw new ScriptSyntaxException(logicalName, hash, "the source closes the scope it is evaluated in", 1, 1);
        }
    }

    /// <summary>Whether <paramref name="module"/> and every module it imports (transitively) is stateless.</summary>
    private static bool IsReusableGraph(PreparedScript module, Dictionary<string, PreparedScript> graph, HashSet<string> visited)
    {
        if (!visited.Add(module.LogicalName))
        {
            return true;
        }

        if (!module.Stateless)
        {
            return false;
        }

        foreach (var statement in module.PreparedModule!.Value.Program!.Body)
        {
            var specifier = statement switch
            {
                ImportDeclaration import => import.Source.Value,
                ExportAllDeclaration all => all.Source.Value,
                ExportNamedDeclaration { Source: { } source } => source.Value,
                _ => null,
            };
            if (specifier is not null
                && (ModulePaths.Resolve(module.LogicalName, specifier) is not { } path
                    || !graph.TryGetValue(path, out var target)
                    || !IsReusableGraph(target, graph, visited)))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckStaticImports(PreparedScript module, Dictionary<string, PreparedScript> graph)
    {
        foreach (var statement in module.PreparedModule!.Value.Program!.Body)
        {
            var specifier = statement switch
            {
                ImportDeclaration import => import.Source.Value,
                ExportAllDeclaration all => all.Source.Value,
                ExportNamedDeclaration { Source: { } source } => source.Value,
                _ => null,
            };
            if (specifier is null)
            {
                continue;
            }

            var relative = specifier.StartsWith("./", StringComparison.Ordinal) || specifier.StartsWith("../", StringComparison.Ordinal);
            var path = relative ? ModulePaths.Resolve(module.LogicalName, specifier) : null;
            if (path is null || !graph.TryGetValue(path, out var target) || target.Kind != ScriptKind.Module)
            {
                throw new ScriptCapabilityException(module.LogicalName, module.ContentHash, specifier,
                    relative
                        ? $"import '{specifier}' names no module deployed for this tenant"
                        : $"import '{specifier}' is refused: only relative imports of the tenant's own modules are allowed");
            }
        }
    }

    private sealed record ParsedSource(IReadOnlyList<string> FreeIdentifiers, IReadOnlyList<string> Capabilities)
    {
        public string Source { get; init; } = string.Empty;

        public Prepared<Script>? Wrapper { get; init; }

        public string FunctionKey { get; init; } = string.Empty;

        public Prepared<Module>? PreparedModule { get; init; }

        public int FirstLineOffset { get; init; }

        public bool Stateless { get; init; }

        public NumericComparison? Comparison { get; init; }

        public Prepared<Script>? ScriptProgram { get; init; }
    }
}
