using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Bpmn;

/// <summary>
/// One tenant's sandbox as BPMN scripts see it: the <see cref="JsSandbox"/> (its engine pool, prepare cache and
/// limits), the Camunda-style <c>execution</c> capability, and the host capabilities granted to the tenant. Shared by
/// every bundle the tenant deploys, so a redeploy reuses warm, locked-down engines; modules stay per bundle (see
/// <see cref="SandboxBpmnScriptEvaluator"/> and <see cref="JsSandbox.CreateModuleSet"/>).
/// </summary>
/// <remarks>
/// Every registered host capability is known to the sandbox, granted or not, so a script that names a capability its
/// tenant was not granted is refused when it is prepared (at deployment), instead of failing when it runs.
/// </remarks>
internal sealed class BpmnScriptSandbox
{
    private readonly AsyncLocal<Scope?> _scope = new();

    /// <summary>Creates the sandbox.</summary>
    /// <param name="options">Limits and host effects; <see cref="SandboxOptions.GrantedCapabilities"/> names the host capabilities granted to the tenant.</param>
    /// <param name="capabilities">Every capability the host registered (granted to this tenant or not).</param>
    /// <exception cref="ArgumentException">A capability is named <c>execution</c>, or two capabilities share a name.</exception>
    public BpmnScriptSandbox(SandboxOptions options, IEnumerable<SandboxCapability> capabilities)
    {
        var hostCapabilities = capabilities.ToArray();
        if (hostCapabilities.Any(c => c.Name == SandboxBpmnScriptEvaluator.ExecutionCapability))
        {
            throw new ArgumentException($"the capability name '{SandboxBpmnScriptEvaluator.ExecutionCapability}' is reserved for the engine's variable access.", nameof(capabilities));
        }

        var granted = new HashSet<string>(options.GrantedCapabilities, StringComparer.Ordinal) { SandboxBpmnScriptEvaluator.ExecutionCapability };
        Sandbox = new JsSandbox(options with { GrantedCapabilities = granted }, hostCapabilities.Append(CreateExecutionCapability()));
        Granted = [.. granted.Order(StringComparer.Ordinal)];
        HostGranted = [.. Granted.Where(n => n != SandboxBpmnScriptEvaluator.ExecutionCapability)];
    }

    /// <summary>The tenant's sandbox.</summary>
    public JsSandbox Sandbox { get; }

    /// <summary>Every capability granted to the tenant's BPMN scripts, <c>execution</c> included, sorted.</summary>
    public string[] Granted { get; }

    /// <summary>The host capabilities granted to the tenant (without <c>execution</c>), sorted: what form validators receive.</summary>
    public string[] HostGranted { get; }

    /// <summary>The variables of the BPMN evaluation running on this logical call, for <c>execution</c>.</summary>
    public Scope? Current
    {
        get => _scope.Value;
        set => _scope.Value = value;
    }

    private SandboxCapability CreateExecutionCapability() =>
        SandboxCapability.Create(SandboxBpmnScriptEvaluator.ExecutionCapability)
            .Method("getVariable", args =>
            {
                var scope = CurrentScope();
                return scope.Variables.TryGetValue(NameArgument(args), out var value) ? JsonSerializer.SerializeToNode(value) : null;
            })
            .Method("hasVariable", args => JsonValue.Create(CurrentScope().Variables.ContainsKey(NameArgument(args))))
            .Method("setVariable", args =>
            {
                var scope = CurrentScope();
                var name = NameArgument(args);
                var value = args.Count > 1 && args[1] is { } node
                    ? JsonSerializer.SerializeToElement(node)
                    : JsonSerializer.SerializeToElement<object?>(null);
                scope.Variables[name] = value;
                scope.Writes.Add(new(name, value));
                return null;
            })
            .Method("bpmnError", args =>
            {
                var scope = CurrentScope();
                scope.BpmnErrorCode = args.Count > 0 && args[0] is JsonValue code && code.TryGetValue<string>(out var text) ? text : string.Empty;
                throw new CapabilityException("BPMN error " + scope.BpmnErrorCode);
            })
            .Build();

    private Scope CurrentScope() =>
        _scope.Value ?? throw new CapabilityException("execution is only available while the engine runs a script.");

    private static string NameArgument(IReadOnlyList<JsonNode?> args) =>
        args.Count > 0 && args[0] is JsonValue value && value.TryGetValue<string>(out var name) && name.Length > 0
            ? name
            : throw new CapabilityException("a variable name must be a non-empty string.");

    /// <summary>One BPMN evaluation's variables and the writes it made through <c>execution</c>.</summary>
    internal sealed class Scope(IReadOnlyDictionary<string, JsonElement> variables)
    {
        private Dictionary<string, JsonElement>? _variables;

        /// <summary>The variables as the script's <c>execution</c> calls see them; copied only when a script asks.</summary>
        public Dictionary<string, JsonElement> Variables => _variables ??= new(variables, StringComparer.Ordinal);

        public List<KeyValuePair<string, JsonElement>> Writes { get; } = [];

        public string? BpmnErrorCode { get; set; }
    }
}
