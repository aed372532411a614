using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Forms;

/// <summary>
/// Runs forms' custom validators in the hardened sandbox. A validator is an ES module exporting
/// <c>validate(data, ctx)</c>; it receives the cleaned submission and <c>ctx</c> = <c>{ formId, errors,
/// capabilities }</c> (the declarative errors in form-js's shape, and the capabilities granted to it), and
/// returns errors keyed by component id. Each call runs in a fresh compartment under the sandbox's limits.
/// </summary>
public sealed class SandboxFormScriptValidator : IFormScriptValidator
{
    private readonly JsSandbox _sandbox;
    private readonly SandboxModuleSet _modules;
    private readonly ConcurrentDictionary<string, PreparedScript> _entries = new(StringComparer.Ordinal);

    /// <summary>Creates the runner over one tenant's sandbox.</summary>
    /// <param name="sandbox">The tenant's sandbox, with its limits and granted capabilities.</param>
    public SandboxFormScriptValidator(JsSandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        _sandbox = sandbox;
        _modules = sandbox.CreateModuleSet();
    }

    /// <summary>Creates the runner over one tenant's sandbox, preparing validator modules into <paramref name="modules"/>.</summary>
    /// <param name="sandbox">The tenant's sandbox, with its limits and granted capabilities.</param>
    /// <param name="modules">
    /// The module namespace validators are prepared into (from <paramref name="sandbox"/>'s
    /// <see cref="JsSandbox.CreateModuleSet"/>): one per deployed bundle keeps two bundles' same-named modules apart.
    /// </param>
    public SandboxFormScriptValidator(JsSandbox sandbox, SandboxModuleSet modules)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(modules);
        _sandbox = sandbox;
        _modules = modules;
    }

    /// <summary>Prepares a validator module under the name forms use for it (their <c>ocap:validator</c>).</summary>
    /// <param name="module">The module's logical path, for example <c>validators/expense.js</c>.</param>
    /// <param name="source">The module's source, as written.</param>
    /// <param name="capabilities">The capabilities granted to this validator (each must be granted to the tenant).</param>
    /// <exception cref="FormScriptException">The module does not parse, lacks a <c>validate</c> export, or asks for capabilities it may not have.</exception>
    public void Prepare(string module, string source, IEnumerable<string>? capabilities = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        ArgumentNullException.ThrowIfNull(source);
        var grants = capabilities?.ToArray() ?? [];
        var slash = module.LastIndexOf('/');
        var file = module[(slash + 1)..];
        var entryName = module[..(slash + 1)] + "__form_validate__" + file;

        // The sandbox calls a module's export with (input, capabilities); this entry adapts that to validate(data, ctx).
        var entry = $$"""
            import { validate } from './{{file}}';
            export default function (input, capabilities) {
              return validate(input.data, Object.freeze({ formId: input.ctx.formId, errors: input.ctx.errors, capabilities }));
            }
            """;
        try
        {
            _sandbox.Prepare(source, ScriptKind.Module, module, grants, _modules);
            _entries[module] = _sandbox.Prepare(entry, ScriptKind.Module, entryName, grants, _modules);
        }
        catch (ScriptException e)
        {
            throw new FormScriptException(Kind(e), $"The custom validator '{module}' cannot be prepared: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<JsonNode?> ValidateAsync(FormScriptRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_entries.TryGetValue(request.Module, out var entry))
        {
            throw new FormScriptException(FormScriptFailureKind.Unavailable, $"The custom validator '{request.Module}' of form '{request.Form.Id}' has not been prepared.");
        }

        // The sandbox only reads its input (copying it into the realm as hardened data), so the request's objects are
        // lent to the input object for the call and handed back unchanged; one that already has a parent is copied.
        var input = new JsonObject { ["data"] = Lend(request.Data), ["ctx"] = Lend(request.Context) };
        try
        {
            var evaluation = await _sandbox.EvaluateAsync(entry, input, null, cancellationToken).ConfigureAwait(false);
            return evaluation.Value;
        }
        catch (ScriptException e)
        {
            throw new FormScriptException(Kind(e), $"The custom validator '{request.Module}' of form '{request.Form.Id}' failed: {e.Message}", e);
        }
        finally
        {
            // Removing detaches them again: their parent is what it was before the call.
            input.Remove("data");
            input.Remove("ctx");
        }
    }

    private static JsonNode Lend(JsonObject value) => value.Parent is null ? value : value.DeepClone();

    private static FormScriptFailureKind Kind(ScriptException e) => e switch
    {
        ScriptLimitExceededException => FormScriptFailureKind.LimitExceeded,
        ScriptResultException => FormScriptFailureKind.InvalidResult,
        _ => FormScriptFailureKind.ScriptError,
    };
}
