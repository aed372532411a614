using Jint;
using Jint.Runtime.Modules;

namespace Ocap.Workflow.Sandbox.Realm;

/// <summary>
/// Resolves ES module imports only among the tenant's own prepared modules, and gives every evaluation its own instances:
/// module keys carry the evaluation's id (<c>/e42/rules/decide.js</c>), so Jint's per-engine module cache never hands one
/// evaluation a module instance another evaluation has run.
/// </summary>
internal sealed class TenantModuleLoader(SandboxRealm realm) : IModuleLoader
{
    public ResolvedSpecifier Resolve(string? referencingModuleLocation, ModuleRequest moduleRequest)
    {
        var context = realm.Current ?? throw new InvalidOperationException("no evaluation is running on this realm.");
        var prefix = $"/e{context.EvaluationId}/";
        var specifier = moduleRequest.Specifier;
        string path;
        if (specifier.StartsWith(prefix, StringComparison.Ordinal) && referencingModuleLocation is null)
        {
            path = specifier[prefix.Length..];
        }
        else if ((specifier.StartsWith("./", StringComparison.Ordinal) || specifier.StartsWith("../", StringComparison.Ordinal))
            && referencingModuleLocation is not null)
        {
            // A module built from a prepared AST reports the location it was prepared under: its logical path.
            var from = referencingModuleLocation.StartsWith(prefix, StringComparison.Ordinal)
                ? referencingModuleLocation[prefix.Length..]
                : referencingModuleLocation;
            path = ModulePaths.Resolve(from, specifier) ?? throw Refuse(specifier);
        }
        else
        {
            throw Refuse(specifier);
        }

        var modules = context.Modules;
        if (modules is null || !modules.ContainsKey(path))
        {
            throw Refuse(specifier);
        }

        var key = prefix + path;
        return new ResolvedSpecifier(moduleRequest, key, null, SpecifierType.Bare);
    }

    public Module LoadModule(Engine engine, ResolvedSpecifier resolved)
    {
        var context = realm.Current ?? throw new InvalidOperationException("no evaluation is running on this realm.");
        var prefix = $"/e{context.EvaluationId}/";
        var path = resolved.Key[prefix.Length..];
        var prepared = context.Modules![path].PreparedModule!.Value;
        return ModuleFactory.BuildSourceTextModule(engine, in prepared);
    }

    private Jint.Runtime.JavaScriptException Refuse(string specifier)
        => new(realm.Engine.Intrinsics.TypeError, $"import of '{specifier}' is refused: only the tenant's own modules can be imported");
}
