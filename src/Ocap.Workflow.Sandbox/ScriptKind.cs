namespace Ocap.Workflow.Sandbox;

/// <summary>How tenant source text is read and what an evaluation returns.</summary>
public enum ScriptKind
{
    /// <summary>
    /// A single JavaScript expression (a gateway condition, an assignment rule). Its free identifiers bind to the
    /// properties of the input object (and <c>ctx</c> to the whole input); the result is the expression's value.
    /// </summary>
    Expression,

    /// <summary>
    /// A script evaluated in strict mode in a fresh scope, as SES's <c>Compartment.evaluate</c> does; the result is its
    /// completion value. The input is endowed as <c>ctx</c>, and the script's other free identifiers bind to the input's
    /// properties as read-only bindings (a name the input lacks stays unresolvable, as in plain JavaScript).
    /// </summary>
    Script,

    /// <summary>
    /// An ES module. The default export (or a named one) is called with the input when it is a function; otherwise its
    /// value is the result. Relative imports resolve only among modules prepared in the same sandbox.
    /// </summary>
    Module,

    /// <summary>
    /// A CommonJS module: <c>module.exports</c> / <c>exports</c>, with <c>require</c> of modules prepared in the same
    /// sandbox only. An exported function is called with the input; otherwise the exported value is the result.
    /// </summary>
    CommonJs,
}
