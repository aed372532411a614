namespace Ocap.Workflow.Expressions.Feel;

/// <summary>A lexical binding: one name (a <c>for</c> variable, a parameter, <c>?</c>) or the entries of a context (a filter's item).</summary>
internal sealed class Scope
{
    public Scope(Scope? parent, string name, Value value)
    {
        Parent = parent;
        Name = name;
        Value = value;
    }

    public Scope(Scope? parent, ContextValue entries)
    {
        Parent = parent;
        Entries = entries;
    }

    public Scope? Parent { get; }

    public string? Name { get; }

    /// <summary>The bound value; set once more only for a context entry holding a function, so the function can call itself.</summary>
    public Value Value { get; internal set; }

    public ContextValue? Entries { get; }
}

/// <summary>
/// The state of one evaluation, passed by reference through the tree so that it costs no allocation: the
/// variables, the current lexical scope, and the remaining budget of steps and call depth.
/// </summary>
internal struct Env
{
    private const int CancellationStride = 1023;

    public readonly ContextValue Root;
    public readonly FeelEvaluationOptions Options;
    public readonly CancellationToken CancellationToken;
    public Scope? Scope;
    private long _stepsLeft;
    private int _depth;

    public Env(ContextValue root, FeelEvaluationOptions options, CancellationToken cancellationToken)
    {
        Root = root;
        Options = options;
        CancellationToken = cancellationToken;
        _stepsLeft = options.MaxSteps;
    }

    /// <summary>Charges one step (a node evaluated, an item iterated) against the budget.</summary>
    public void Step()
    {
        if (--_stepsLeft < 0)
        {
            throw new FeelLimitExceededException(FeelLimit.Steps, Options.MaxSteps);
        }

        if ((_stepsLeft & CancellationStride) == 0)
        {
            CancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Charges <paramref name="count"/> steps at once (a built-in walking a list).</summary>
    public void Steps(long count)
    {
        _stepsLeft -= count;
        if (_stepsLeft < 0)
        {
            throw new FeelLimitExceededException(FeelLimit.Steps, Options.MaxSteps);
        }

        CancellationToken.ThrowIfCancellationRequested();
    }

    public void EnterCall()
    {
        if (++_depth > Options.MaxDepth)
        {
            throw new FeelLimitExceededException(FeelLimit.Depth, Options.MaxDepth);
        }
    }

    public void ExitCall() => _depth--;

    /// <summary>Refuses a list about to be built with more items than allowed.</summary>
    public readonly void CheckListSize(long count)
    {
        if (count > Options.MaxCollectionSize)
        {
            throw new FeelLimitExceededException(FeelLimit.CollectionSize, Options.MaxCollectionSize);
        }
    }

    /// <summary>Refuses a string about to be built longer than allowed.</summary>
    public readonly void CheckStringLength(long length)
    {
        if (length > Options.MaxStringLength)
        {
            throw new FeelLimitExceededException(FeelLimit.StringLength, Options.MaxStringLength);
        }
    }

    public readonly bool TryLookup(string name, out Value value)
    {
        for (var s = Scope; s is not null; s = s.Parent)
        {
            if (s.Entries is { } entries)
            {
                if (entries.TryGet(name, out value))
                {
                    return true;
                }
            }
            else if (string.Equals(s.Name, name, StringComparison.Ordinal))
            {
                value = s.Value;
                return true;
            }
        }

        return Root.TryGet(name, out value);
    }
}
