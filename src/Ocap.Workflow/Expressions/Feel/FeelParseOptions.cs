namespace Ocap.Workflow.Expressions.Feel;

/// <summary>What the parser may know in advance about the names an expression will see.</summary>
public sealed class FeelParseOptions
{
    /// <summary>Defaults: no known variable names.</summary>
    public static FeelParseOptions Default { get; } = new();

    /// <summary>
    /// Variable names the expression may use, needed only for names that contain a keyword
    /// (<c>"order and payment"</c>): a name of plain words separated by spaces (<c>order total</c>) is read
    /// as one name without help. See the name-resolution section of ADR 0006.
    /// </summary>
    public IReadOnlyCollection<string> KnownNames { get; init; } = [];
}
