namespace Ocap.Workflow.Expressions.Feel;

/// <summary>The base of every error the FEEL engine raises, so a caller can catch them all at once.</summary>
public abstract class FeelException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected FeelException(string message)
        : base(message)
    {
    }

    /// <summary>A stable short name of the error kind, used in the CLI's JSON (<c>"FeelParseError"</c>, …).</summary>
    public abstract string ErrorType { get; }
}

/// <summary>
/// The expression is not valid FEEL, uses a construct this engine refuses, or calls an unknown function or a
/// built-in with the wrong arguments. Raised when the expression is parsed, that is at deploy time.
/// </summary>
public sealed class FeelParseException : FeelException
{
    /// <summary>Creates the exception for a problem at <paramref name="position"/> of <paramref name="expression"/>.</summary>
    public FeelParseException(string expression, int position, string reason)
        : base(Describe(expression, position, reason))
    {
        Expression = expression;
        Position = position;
        Reason = reason;
        (Line, Column) = LineAndColumn(expression, position);
    }

    /// <inheritdoc/>
    public override string ErrorType => "FeelParseError";

    /// <summary>The expression's full text.</summary>
    public string Expression { get; }

    /// <summary>The zero-based character offset of the problem.</summary>
    public int Position { get; }

    /// <summary>The one-based line of <see cref="Position"/>.</summary>
    public int Line { get; }

    /// <summary>The one-based column of <see cref="Position"/>.</summary>
    public int Column { get; }

    /// <summary>The problem, without the position.</summary>
    public string Reason { get; }

    private static string Describe(string expression, int position, string reason)
    {
        var (line, column) = LineAndColumn(expression, position);
        return $"FEEL expression rejected at line {line}, column {column}: {reason}";
    }

    private static (int Line, int Column) LineAndColumn(string text, int position)
    {
        int line = 1, column = 1;
        for (var i = 0; i < position && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }
}

/// <summary>Which bound of <see cref="FeelEvaluationOptions"/> an evaluation hit.</summary>
public enum FeelLimit
{
    /// <summary><see cref="FeelEvaluationOptions.MaxSteps"/>.</summary>
    Steps,

    /// <summary><see cref="FeelEvaluationOptions.MaxCollectionSize"/>.</summary>
    CollectionSize,

    /// <summary><see cref="FeelEvaluationOptions.MaxStringLength"/>.</summary>
    StringLength,

    /// <summary><see cref="FeelEvaluationOptions.MaxDepth"/>.</summary>
    Depth,

    /// <summary><see cref="FeelEvaluationOptions.RegexTimeout"/>.</summary>
    RegexTime,
}

/// <summary>An evaluation exceeded one of the bounds in <see cref="FeelEvaluationOptions"/> and was stopped.</summary>
public sealed class FeelLimitExceededException : FeelException
{
    /// <summary>Creates the exception.</summary>
    public FeelLimitExceededException(FeelLimit limit, object bound)
        : base($"FEEL evaluation stopped: {limit} limit of {bound} exceeded.")
    {
        Limit = limit;
    }

    /// <inheritdoc/>
    public override string ErrorType => "FeelLimitExceeded";

    /// <summary>The bound that was exceeded.</summary>
    public FeelLimit Limit { get; }
}

/// <summary>
/// A value could not cross the JSON boundary: an input number outside the decimal range, or a result (a
/// function, a range) that has no JSON form.
/// </summary>
public sealed class FeelValueConversionException : FeelException
{
    /// <summary>Creates the exception; <paramref name="path"/> names where in the value the problem is.</summary>
    public FeelValueConversionException(string path, string reason)
        : base($"FEEL value at '{path}' cannot be converted: {reason}")
    {
        Path = path;
    }

    /// <inheritdoc/>
    public override string ErrorType => "FeelValueConversionError";

    /// <summary>A JSON-path-like location of the offending value (<c>$.order.items[2]</c>).</summary>
    public string Path { get; }
}
