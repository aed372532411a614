using Acornima.Ast;

namespace Ocap.Workflow.Sandbox.Realm;

/// <summary>
/// Decides, from a module's syntax alone, whether one instance of it can serve every evaluation on an engine without
/// any evaluation being able to leave state in it. Jint instantiates a fresh ES module in hundreds of microseconds, so
/// modules that provably hold no state are instantiated once per pooled engine and reused; every other module gets a
/// fresh instance per evaluation. The rule is deliberately conservative: when in doubt, the module is fresh.
/// </summary>
/// <remarks>
/// A module is stateless when its top level only declares: imports of named or default bindings; function
/// declarations; <c>const</c> bindings initialised with a primitive literal or a function/arrow expression; exports of
/// those; re-exports. Module evaluation then has no side effects, and the only long-lived objects are the top-level
/// function objects (and their <c>prototype</c> objects). Those can be mutated only by code that holds them as values, so
/// every reference to a top-level function binding, or to an imported binding, must be the callee of a plain call
/// (<c>helper(x)</c>): not <c>new helper()</c>, not <c>helper.x</c>, not passing <c>helper</c> along. Code that breaks the
/// rule (even harmlessly, e.g. a local variable shadowing the name) just takes the fresh-instance path.
/// </remarks>
internal static class StatelessModule
{
    public static bool IsStateless(Acornima.Ast.Module module)
    {
        var guarded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in module.Body)
        {
            if (!CollectTopLevel(statement, guarded))
            {
                return false;
            }
        }

        foreach (var statement in module.Body)
        {
            if (!ReferencesAreCallsOnly(statement, null, guarded))
            {
                return false;
            }
        }

        return true;
    }

    private static bool CollectTopLevel(Node statement, HashSet<string> guarded)
    {
        switch (statement)
        {
            case ImportDeclaration import:
                foreach (var specifier in import.Specifiers)
                {
                    if (specifier is ImportNamespaceSpecifier)
                    {
                        return false;
                    }

                    guarded.Add(specifier.Local.Name);
                }

                return true;
            case FunctionDeclaration function:
                if (function.Id is { } id)
                {
                    guarded.Add(id.Name);
                }

                return true;
            case VariableDeclaration variables:
                return CollectConst(variables, guarded);
            case ExportNamedDeclaration named:
                return named.Declaration is null || CollectTopLevel(named.Declaration, guarded);
            case ExportDefaultDeclaration exportDefault:
                return exportDefault.Declaration switch
                {
                    FunctionDeclaration function => CollectTopLevel(function, guarded),
                    ArrowFunctionExpression or FunctionExpression => true,
                    _ => false,
                };
            case ExportAllDeclaration:
                return true;
            default:
                return false;
        }
    }

    private static bool CollectConst(VariableDeclaration variables, HashSet<string> guarded)
    {
        if (variables.Kind != VariableDeclarationKind.Const)
        {
            return false;
        }

        foreach (var declarator in variables.Declarations)
        {
            if (declarator.Id is not Identifier id)
            {
                return false;
            }

            switch (declarator.Init)
            {
                case ArrowFunctionExpression or FunctionExpression:
                    guarded.Add(id.Name);
                    break;
                case StringLiteral or NumericLiteral or BooleanLiteral or NullLiteral or BigIntLiteral:
                case TemplateLiteral { Expressions.Count: 0 }:
                case UnaryExpression { Argument: NumericLiteral or BigIntLiteral }:
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static bool ReferencesAreCallsOnly(Node node, Node? parent, HashSet<string> guarded)
    {
        // import() hands out module namespaces, and import.meta is a mutable per-module object: either would let an
        // evaluation reach the shared instance's objects as values.
        if (node is ImportExpression or MetaProperty)
        {
            return false;
        }

        if (node is Identifier identifier && guarded.Contains(identifier.Name) && !IsAllowedUse(identifier, parent))
        {
            return false;
        }

        foreach (var child in node.ChildNodes)
        {
            if (!ReferencesAreCallsOnly(child, node, guarded))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllowedUse(Identifier identifier, Node? parent) => parent switch
    {
        CallExpression call => ReferenceEquals(call.Callee, identifier),
        FunctionDeclaration function => ReferenceEquals(function.Id, identifier),
        VariableDeclarator declarator => ReferenceEquals(declarator.Id, identifier),
        ImportSpecifier or ImportDefaultSpecifier or ExportSpecifier => true,
        _ => false,
    };
}
