using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Expressions.Feel;

/// <summary>
/// The variables an expression evaluates against, converted from JSON once. Immutable and safe to share, so a
/// host that evaluates several expressions over the same data (the conditions of one gateway) converts once.
/// </summary>
public sealed class FeelContext
{
    private FeelContext(ContextValue entries) => Entries = entries;

    /// <summary>A context with no variables.</summary>
    public static FeelContext Empty { get; } = new(ContextValue.Empty);

    internal ContextValue Entries { get; }

    /// <summary>The variable names, in the order given.</summary>
    public IReadOnlyList<string> Names => [.. Enumerable.Range(0, Entries.Count).Select(Entries.KeyAt)];

    /// <summary>Converts a JSON object (see the mapping on <see cref="FeelExpression"/>); null is the empty context.</summary>
    /// <exception cref="FeelValueConversionException">A number is outside the decimal range, or nesting is deeper than 64.</exception>
    public static FeelContext FromJson(JsonObject? variables) =>
        variables is null ? Empty : new FeelContext(JsonMapping.FromNode(variables, "$").AsContext);

    /// <summary>Converts a JSON element, which must be an object or null.</summary>
    /// <exception cref="FeelValueConversionException">The element is not an object, or a value cannot be converted.</exception>
    public static FeelContext FromJson(JsonElement variables)
    {
        if (variables.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return Empty;
        }

        if (variables.ValueKind != JsonValueKind.Object)
        {
            throw new FeelValueConversionException("$", "the context must be a JSON object");
        }

        return new FeelContext(JsonMapping.FromElement(variables, "$").AsContext);
    }
}
