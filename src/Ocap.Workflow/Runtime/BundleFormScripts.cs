using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Runtime;

/// <summary>
/// The engine's default <see cref="IFormScriptValidator"/> when the host registered none: routes each form's custom
/// validator call to the sandbox-backed runner of the bundle that deployed the form (its tenant's sandbox, its own
/// modules). The route is keyed by the compiled form object itself, which belongs to exactly one compiled bundle, so a
/// form can never reach another bundle's or another tenant's validator modules.
/// </summary>
internal sealed class BundleFormScripts : IFormScriptValidator
{
    // Weak keys: a bundle compiled and then dropped (a redeploy of known bytes, a refused deployment) takes its routes with it.
    private readonly ConditionalWeakTable<FormDefinition, SandboxFormScriptValidator> _routes = [];

    /// <summary>Routes <paramref name="form"/>'s custom validator to <paramref name="runner"/>.</summary>
    public void Register(FormDefinition form, SandboxFormScriptValidator runner) => _routes.AddOrUpdate(form, runner);

    /// <inheritdoc />
    public ValueTask<JsonNode?> ValidateAsync(FormScriptRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _routes.TryGetValue(request.Form, out var runner)
            ? runner.ValidateAsync(request, cancellationToken)
            : ValueTask.FromException<JsonNode?>(new FormScriptException(FormScriptFailureKind.Unavailable,
                $"The custom validator '{request.Module}' of form '{request.Form.Id}' was not deployed with this engine."));
    }
}
