using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using Ocap.Workflow.Sandbox.Data;

namespace Ocap.Workflow.Sandbox.Realm;

/// <summary>
/// One locked-down Jint engine. Built once (paying lockdown once), then rented by one evaluation at a time from its
/// sandbox's pool. Everything reachable from its global object is frozen, so the only state an evaluation can leave
/// behind is what it hands the engine's own caches, and the evaluation design (see <see cref="JsSandbox"/>) keeps those
/// per evaluation.
/// </summary>
internal sealed class SandboxRealm
{
    private readonly SandboxLimits _limits;
    private readonly int _maxFunctions;
    // Keyed by the wrapper program's identity: a prepared source has one program, and comparing references costs
    // nothing where hashing a key that holds a 64-character content hash costs more than a small condition's call.
    private readonly Dictionary<Acornima.Ast.Script, JsValue> _functions = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, JsValue> _capabilityObjects = new(StringComparer.Ordinal);
    private readonly HashSet<ObjectInstance> _joining = new(ReferenceEqualityComparer.Instance);

    public SandboxRealm(SandboxOptions options, bool freezeGlobal = true)
    {
        FreezeGlobal = freezeGlobal;
        _limits = options.Limits;
        _maxFunctions = options.MaxPreparedScripts;
        Guard = new EvaluationGuard(options.TimeProvider);
        Context = new EvaluationContext(options);
        var loader = new TenantModuleLoader(this);
        Engine = new Engine(o =>
        {
            o.Constraints.StackOverflowGuard = true;
            o.LimitRecursion(_limits.MaxRecursion);
            o.LimitMemory(_limits.MemoryBytes);
            o.Constraints.RegexTimeout = _limits.RegexTimeout;
            o.Constraints.MaxArraySize = (uint)_limits.MaxArrayLength;
            o.Constraint(Guard);
            o.EnableModules(loader);
            o.Culture = CultureInfo.InvariantCulture;
            o.TimeZone = TimeZoneInfo.Utc;
        });

        Guard.Arm(long.MaxValue, TimeSpan.FromMinutes(1), CancellationToken.None);
        var lockdown = Engine.Evaluate(LockdownScript.Source, "lockdown");
        Harden = Engine.Invoke(lockdown, CreateHostHooks());
        Freeze = Engine.Intrinsics.Object.Get("freeze");
        PromiseThen = Engine.Global.Get("Promise").AsObject().Get("prototype").AsObject().Get("then");
        ObjectPrototype = Engine.Intrinsics.Object.PrototypeObject;
        var names = Engine.Evaluate("Object.getOwnPropertyNames(globalThis)").AsArray();
        var globals = new HashSet<string>(StringComparer.Ordinal);
        for (uint i = 0; i < names.Length; i++)
        {
            globals.Add(names[i].ToString());
        }

        GlobalNames = globals;
    }

    public Engine Engine { get; }

    /// <summary>Whether the global object itself is frozen (pooled realms) or left to a persistent compartment.</summary>
    public bool FreezeGlobal { get; }

    public EvaluationGuard Guard { get; }

    public JsValue Harden { get; }

    public JsValue Freeze { get; }

    /// <summary>The intrinsic <c>Promise.prototype.then</c>, captured before any tenant code runs.</summary>
    public JsValue PromiseThen { get; }

    public ObjectInstance ObjectPrototype { get; }

    /// <summary>The names on the locked-down global object.</summary>
    public IReadOnlySet<string> GlobalNames { get; }

    /// <summary>Whether the last evaluation left this realm fit to serve another one (see <see cref="JsSandbox"/>).</summary>
    public bool LastEvaluationClean { get; set; }

    /// <summary>The context every evaluation on this realm runs with, begun afresh for each (one evaluation at a time).</summary>
    public EvaluationContext Context { get; }

    /// <summary>The evaluation currently running on this realm, if any.</summary>
    public EvaluationContext? Current { get; set; }

    /// <summary>ES module graphs instantiated on this engine; Jint keeps each, so the pool retires the engine after a budget.</summary>
    public int ModuleInstances { get; set; }

    /// <summary>Compiles (once per realm) a wrapper program that evaluates to a function.</summary>
    public JsValue GetFunction(Prepared<Acornima.Ast.Script> wrapper)
    {
        var key = wrapper.Program!;
        if (!_functions.TryGetValue(key, out var function))
        {
            if (_functions.Count >= _maxFunctions)
            {
                // The same bound as the sandbox's prepare cache: a long-lived engine must not keep a function for every
                // script it ever ran. Starting over is simple and safe (each function is recompiled from its program on
                // next use), and with the prepare cache bounded as well it happens only when the working set outgrows it.
                _functions.Clear();
            }

            function = Engine.Evaluate(wrapper);
            _functions[key] = function;
        }

        return function;
    }

    /// <summary>Frozen objects holding a grant set's capability objects (frozen, so one per engine serves every evaluation).</summary>
    public Dictionary<string, JsValue> CapabilityBags { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Exports of stateless module graphs already instantiated on this engine, by prepared script (one graph id each)
    /// and export name: resolved once per engine, so an evaluation builds no key and hashes no path.
    /// </summary>
    public Dictionary<(PreparedScript Script, string Export), JsValue> ReusableExports { get; } = [];

    /// <summary>The frozen JavaScript face of a capability, built once per realm.</summary>
    public JsValue GetCapability(SandboxCapability capability)
    {
        if (_capabilityObjects.TryGetValue(capability.Name, out var existing))
        {
            return existing;
        }

        var obj = new JsObject(Engine);
        foreach (var (methodName, method) in capability.Methods.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var label = $"{capability.Name}.{methodName}";
            var function = new ClrFunction(Engine, methodName, (_, args) => CallCapability(label, method, args), 0, PropertyFlag.Configurable);
            obj.FastSetProperty(methodName, new PropertyDescriptor(function, PropertyFlag.Enumerable));
        }

        Engine.Call(Harden, obj);
        _capabilityObjects[capability.Name] = obj;
        return obj;
    }

    private JsValue CallCapability(string label, CapabilityMethod method, JsValue[] args)
    {
        var context = Current ?? throw new InvalidOperationException("no evaluation is running on this realm.");
        var copied = new JsonNode?[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            try
            {
                copied[i] = JsonBridge.ToJson(Engine, args[i], _limits.MaxResultBytes);
            }
            catch (ResultShapeException e)
            {
                throw new JavaScriptException(Engine.Intrinsics.TypeError, $"{label}: argument {i + 1} is not plain data ({e.Message})");
            }
        }

        if (method.Sync is { } sync)
        {
            JsonNode? result;
            try
            {
                result = sync(copied);
            }
            catch (CapabilityException e)
            {
                throw new JavaScriptException(Engine.Intrinsics.Error, e.Message);
            }
            catch (Exception e) when (e is not LimitSignal)
            {
                throw new JavaScriptException(Engine.Intrinsics.Error, $"{label} failed");
            }

            return JsonBridge.ToJs(Engine, result);
        }

        Task<JsonNode?> task;
        try
        {
            task = method.Async!(copied, context.CapabilityToken(Guard.Remaining));
        }
        catch (CapabilityException e)
        {
            task = Task.FromException<JsonNode?>(e);
        }
        catch (Exception e) when (e is not LimitSignal)
        {
            task = Task.FromException<JsonNode?>(e);
        }

        var promise = Engine.Advanced.RegisterPromise();
        context.PendingHostCalls.Add((task, promise, label));
        return promise.Promise;
    }

    /// <summary>Settles a finished capability task into its promise, on the evaluation's thread.</summary>
    public void Settle(Task<JsonNode?> task, Jint.Native.Promise.ManualPromise promise, string label)
    {
        if (task.IsCompletedSuccessfully)
        {
            promise.Resolve(JsonBridge.ToJs(Engine, task.Result));
            return;
        }

        var message = task.Exception?.InnerException is CapabilityException ce ? ce.Message : $"{label} failed";
        promise.Reject(Engine.Intrinsics.Error.Construct([new JsString(message)], Engine.Intrinsics.Error));
    }

    private JsObject CreateHostHooks()
    {
        var hooks = new JsObject(Engine);
        hooks.FastSetDataProperty("freezeGlobal", FreezeGlobal ? JsBoolean.True : JsBoolean.False);
        hooks.FastSetDataProperty("maxStringLength", JsNumber.Create(_limits.MaxStringLength));
        hooks.FastSetDataProperty("maxArrayLength", JsNumber.Create(_limits.MaxArrayLength));
        hooks.FastSetDataProperty("now", new ClrFunction(Engine, "now", (_, _) => JsNumber.Create(RequireContext().ReadClock()), 0, PropertyFlag.Configurable));
        hooks.FastSetDataProperty("random", new ClrFunction(Engine, "random", (_, _) => RequireContext().NextRandom() is { } value
            ? JsNumber.Create(value)
            : throw new JavaScriptException(Engine.Intrinsics.Error, "Math.random() is disabled in this sandbox"), 0, PropertyFlag.Configurable));
        hooks.FastSetDataProperty("limit", new ClrFunction(Engine, "limit", (_, args) => throw new LimitSignal(ScriptLimit.Memory, args.Length > 0 ? args[0].ToString() : "allocation limit"), 1, PropertyFlag.Configurable));
        hooks.FastSetDataProperty("checkString", new ClrFunction(Engine, "checkString", (_, args) =>
        {
            var value = args.Length > 0 ? args[0] : JsValue.Undefined;
            if (value.IsString() && value.ToString().Length > _limits.MaxStringLength)
            {
                throw new LimitSignal(ScriptLimit.Memory, "JSON.stringify built a string longer than the limit");
            }

            return value;
        }, 1, PropertyFlag.Configurable));
        hooks.FastSetDataProperty("join", new ClrFunction(Engine, "join", Join, 1, PropertyFlag.Configurable));
        return hooks;
    }

    private EvaluationContext RequireContext() => Current ?? throw new LimitSignal(ScriptLimit.Timeout, "no evaluation is running");

    /// <summary>Array.prototype.join with an output bound, cycle detection (as engines do: a cycle joins as empty) and a depth bound.</summary>
    private JsValue Join(JsValue thisObj, JsValue[] args)
    {
        if (thisObj.IsNull() || thisObj.IsUndefined())
        {
            throw new JavaScriptException(Engine.Intrinsics.TypeError, "Array.prototype.join called on null or undefined");
        }

        var obj = thisObj as ObjectInstance ?? (ObjectInstance)Engine.Call(Engine.Intrinsics.Object, thisObj);
        var length = TypeConverter.ToLength(obj.Get("length"));
        var separator = args.Length > 0 && !args[0].IsUndefined() ? TypeConverter.ToString(args[0]) : ",";
        if (length == 0)
        {
            return JsString.Empty;
        }

        if ((double)separator.Length * (length - 1) > _limits.MaxStringLength)
        {
            throw new LimitSignal(ScriptLimit.Memory, "Array.prototype.join would build a string longer than the limit");
        }

        if (!_joining.Add(obj))
        {
            return JsString.Empty;
        }

        try
        {
            if (_joining.Count > _limits.MaxRecursion)
            {
                throw new LimitSignal(ScriptLimit.Recursion, "Array.prototype.join nested deeper than the recursion limit");
            }

            RuntimeHelpers.EnsureSufficientExecutionStack();
            var builder = new StringBuilder();
            for (ulong k = 0; k < length; k++)
            {
                if (k > 0)
                {
                    builder.Append(separator);
                }

                var element = obj.Get(JsNumber.Create((double)k));
                if (!element.IsNull() && !element.IsUndefined())
                {
                    builder.Append(TypeConverter.ToString(element));
                }

                if (builder.Length > _limits.MaxStringLength)
                {
                    throw new LimitSignal(ScriptLimit.Memory, "Array.prototype.join would build a string longer than the limit");
                }
            }

            return new JsString(builder.ToString());
        }
        finally
        {
            _joining.Remove(obj);
        }
    }
}
