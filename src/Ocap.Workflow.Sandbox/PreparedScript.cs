using Jint;

namespace Ocap.Workflow.Sandbox;

/// <summary>
/// A script checked and parsed once, ready to evaluate any number of times on any of its sandbox's engines. Obtain one
/// from <see cref="JsSandbox.Prepare(string, ScriptKind, string, IEnumerable{string}?)"/>; it is immutable and safe to share between threads.
/// </summary>
public sealed class PreparedScript
{
    internal PreparedScript(string logicalName, string contentHash, ScriptKind kind, IReadOnlyList<string> freeIdentifiers, IReadOnlyList<string> capabilities)
    {
        LogicalName = logicalName;
        ContentHash = contentHash;
        Kind = kind;
        FreeIdentifiers = freeIdentifiers;
        Capabilities = capabilities;
        BindsFromVariables = kind == ScriptKind.Expression && capabilities.Count == 0 && !freeIdentifiers.Contains("ctx");
    }

    /// <summary>The host's name for the script (for modules: its path, which imports resolve against).</summary>
    public string LogicalName { get; }

    /// <summary>The SHA-256 of the source text.</summary>
    public string ContentHash { get; }

    /// <summary>How the source is read.</summary>
    public ScriptKind Kind { get; }

    /// <summary>
    /// For expressions: the identifiers the expression reads that are neither standard globals nor capabilities, sorted.
    /// They bind to the input object's properties. Empty for other kinds.
    /// </summary>
    public IReadOnlyList<string> FreeIdentifiers { get; }

    /// <summary>The capabilities this script uses (and was granted), sorted.</summary>
    public IReadOnlyList<string> Capabilities { get; }

    /// <summary>The sandbox that prepared this script; only it can evaluate it (grants and module graphs are per sandbox).</summary>
    internal object? Owner { get; init; }

    /// <summary>An expression with no capability and no free <c>ctx</c> (see <see cref="JsSandbox.BindsFromVariables"/>);
    /// decided once, as the lists it is read from never change.</summary>
    internal bool BindsFromVariables { get; }

    /// <summary>For an expression that compares one variable with a number literal: that comparison (see <see cref="NumericComparison"/>).</summary>
    internal NumericComparison? Comparison { get; init; }

    /// <summary>Source text, for scripts (evaluated by a strict direct eval in a fresh scope).</summary>
    internal string Source { get; init; } = string.Empty;

    /// <summary>For scripts: the parsed program, run as global code in a <see cref="PersistentCompartment"/>.</summary>
    internal Prepared<Acornima.Ast.Script>? ScriptProgram { get; init; }

    /// <summary>For expressions and CommonJS: a program that evaluates to the function to call.</summary>
    internal Prepared<Acornima.Ast.Script>? Wrapper { get; init; }

    /// <summary>For expressions and CommonJS: what identifies the compiled function (kind, content hash, logical name); scripts prepared from the same source share it.</summary>
    internal string FunctionKey { get; init; } = string.Empty;

    /// <summary>For ES modules: the parsed module.</summary>
    internal Prepared<Acornima.Ast.Module>? PreparedModule { get; init; }

    /// <summary>Characters the wrapper adds before the source on its first line (subtracted from reported columns).</summary>
    internal int FirstLineOffset { get; init; }

    /// <summary>For ES modules: whether this module alone provably holds no state (see <see cref="Realm.StatelessModule"/>).</summary>
    internal bool Stateless { get; init; }

    /// <summary>For ES modules: whether this module and everything it imports are stateless, so one instance per engine can serve every evaluation.</summary>
    internal bool ReusableGraph { get; set; }

    /// <summary>For ES modules: identifies this prepared graph in the engines' module caches.</summary>
    internal long GraphId { get; set; }

    /// <summary>For ES modules with a reusable graph: the module key prefix (<c>/g{GraphId}/</c>), built once at prepare.</summary>
    internal string? ReusablePrefix { get; set; }

    /// <summary>The capability names joined by commas: the key of the engine's frozen capability bag for this grant set.</summary>
    internal string CapabilityKey { get; init; } = string.Empty;

    /// <summary>For modules: the snapshot of the tenant's modules (by path) this one may import or require.</summary>
    internal IReadOnlyDictionary<string, PreparedScript>? ModuleGraph { get; set; }
}
