using System.Collections.Concurrent;
using System.Text.Json;
using Acornima;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace Ocap.Workflow.Bpmn;

/// <summary>
/// TEMPORARY evaluator on plain Jint, used by tests, benchmarks and the conformance harness until the hardened
/// sandbox (issue 3) lands with its evaluation API; then an adapter over the sandbox replaces it. It is NOT
/// hardened: intrinsics are not frozen. It does keep the contract the adapter must keep: a fresh engine per
/// evaluation (nothing leaks between evaluations), variables as read-only globals (strict mode, so assigning
/// one throws), Camunda-7 style <c>execution.getVariable/setVariable</c> with values copied as JSON, results
/// copied out as JSON, and statement, time and recursion limits. <c>execution.bpmnError(code)</c> raises a BPMN error.
/// </summary>
internal sealed class InterimJintScriptEvaluator : IBpmnScriptEvaluator
{
    private readonly ConcurrentDictionary<(string Text, bool Expression), Prepared<Script>> _prepared = new();
    private readonly IReadOnlyDictionary<string, string> _modules;
    private readonly Action<Engine>? _configure;

    /// <param name="modules">Tenant modules by name, for <c>ocap:scriptModule</c> references.</param>
    /// <param name="configure">Test-only: adds globals (for example the conformance harness's trace capability).</param>
    public InterimJintScriptEvaluator(IReadOnlyDictionary<string, string>? modules = null, Action<Engine>? configure = null)
    {
        _modules = modules ?? new Dictionary<string, string>();
        _configure = configure;
    }

    public string? Check(BpmnExpression expression, BpmnScriptPurpose purpose)
    {
        if (expression.ModuleReference is { } module)
        {
            return _modules.ContainsKey(module) ? null : $"the script module '{module}' is not available.";
        }

        try
        {
            Prepare(expression.Text, purpose != BpmnScriptPurpose.Script);
            return null;
        }
        catch (ScriptPreparationException e) when (e.InnerException is ParseErrorException parse)
        {
            return $"{parse.Description} (line {parse.LineNumber}, column {parse.Column}).";
        }
    }

    public BpmnScriptOutcome Evaluate(BpmnScriptRequest request)
    {
        var expression = request.Expression;
        var isExpression = request.Purpose != BpmnScriptPurpose.Script;
        string text;
        if (expression.ModuleReference is { } module)
        {
            if (!_modules.TryGetValue(module, out var source))
            {
                return BpmnScriptOutcome.Failure($"the script module '{module}' is not available.");
            }

            text = source;
            isExpression = false;
        }
        else
        {
            text = expression.Text;
        }

        Prepared<Script> script;
        try
        {
            script = Prepare(text, isExpression);
        }
        catch (ScriptPreparationException e) when (e.InnerException is ParseErrorException parse)
        {
            return BpmnScriptOutcome.Failure($"SyntaxError: {parse.Description}");
        }

        var engine = new Engine(options => options.Strict().MaxStatements(100_000).TimeoutInterval(TimeSpan.FromSeconds(2)).LimitRecursion(200));
        var current = new Dictionary<string, JsonElement>(request.Variables, StringComparer.Ordinal);
        var writes = new List<KeyValuePair<string, JsonElement>>();
        string? bpmnError = null;
        foreach (var (name, value) in request.Variables)
        {
            engine.Global.DefineOwnProperty(name, new PropertyDescriptor(ToJs(engine, value), PropertyFlag.Enumerable));
        }

        var execution = new JsObject(engine);
        execution.Set("getVariable", new ClrFunction(engine, "getVariable", (_, args) =>
            current.TryGetValue(args.Length > 0 ? args[0].ToString() : string.Empty, out var value) ? ToJs(engine, value) : JsValue.Undefined));
        execution.Set("setVariable", new ClrFunction(engine, "setVariable", (_, args) =>
        {
            var name = args.Length > 0 ? args[0].ToString() : string.Empty;
            var value = ToJson(engine, args.Length > 1 ? args[1] : JsValue.Undefined) ?? JsonSerializer.SerializeToElement<object?>(null);
            current[name] = value;
            writes.Add(new(name, value));
            return JsValue.Undefined;
        }));
        execution.Set("bpmnError", new ClrFunction(engine, "bpmnError", (_, args) =>
        {
            bpmnError = args.Length > 0 ? args[0].ToString() : string.Empty;
            throw new JavaScriptException(engine.Intrinsics.Error, "BPMN error " + bpmnError);
        }));
        engine.Global.DefineOwnProperty("execution", new PropertyDescriptor(execution, PropertyFlag.Enumerable));
        _configure?.Invoke(engine);
        try
        {
            var result = engine.Evaluate(script);
            return BpmnScriptOutcome.Success(ToJson(engine, result), writes);
        }
        catch (JavaScriptException) when (bpmnError is not null)
        {
            return new BpmnScriptOutcome { BpmnErrorCode = bpmnError, VariableWrites = writes };
        }
        catch (JavaScriptException e)
        {
            return BpmnScriptOutcome.Failure($"{e.Error.Get("name")}: {e.Message}");
        }
        catch (Exception e) when (e is StatementsCountOverflowException or TimeoutException or RecursionDepthOverflowException or MemoryLimitExceededException)
        {
            return BpmnScriptOutcome.Failure($"the script exceeded a limit ({e.Message}).");
        }
    }

    private Prepared<Script> Prepare(string text, bool isExpression) =>
        _prepared.GetOrAdd((text, isExpression), key => Engine.PrepareScript(key.Expression ? "(" + key.Text + "\n)" : key.Text, strict: true));

    private static JsValue ToJs(Engine engine, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => JsBoolean.True,
        JsonValueKind.False => JsBoolean.False,
        JsonValueKind.Null => JsValue.Null,
        JsonValueKind.String => new JsString(value.GetString()!),
        JsonValueKind.Number => new JsNumber(value.GetDouble()),
        _ => new Jint.Native.Json.JsonParser(engine).Parse(value.GetRawText()),
    };

    private static JsonElement? ToJson(Engine engine, JsValue value)
    {
        if (value.IsUndefined())
        {
            return null;
        }

        if (value.IsBoolean())
        {
            return value.AsBoolean() ? True : False;
        }

        var text = new Jint.Native.Json.JsonSerializer(engine).Serialize(value);
        return text.IsUndefined() ? null : JsonDocument.Parse(text.ToString()).RootElement.Clone();
    }

    private static readonly JsonElement True = JsonSerializer.SerializeToElement(true);
    private static readonly JsonElement False = JsonSerializer.SerializeToElement(false);
}
