using System.Globalization;

namespace Ocap.Workflow.Expressions.Feel;

/// <summary>
/// A recursive-descent FEEL parser that produces the evaluation tree directly. Names with spaces are resolved
/// here, by context: see <see cref="ReadName"/> and ADR 0006.
/// </summary>
internal sealed class Parser
{
    /// <summary>Words that end a name: a name with spaces never swallows one of them.</summary>
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "in", "between", "instance", "if", "then", "else", "for", "return", "some", "every",
        "satisfies", "true", "false", "null", "function",
    };

    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly HashSet<string> _knownNames;
    private readonly List<string> _lexical = [];
    private readonly HashSet<string> _freeNames = new(StringComparer.Ordinal);
    private int _pos;
    private int _inputUses;
    private int _partialUses;

    private Parser(string text, FeelParseOptions options)
    {
        _text = text;
        _tokens = Lexer.Tokenize(text);
        _knownNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in options.KnownNames)
        {
            if (name.Contains(' ', StringComparison.Ordinal))
            {
                _knownNames.Add(name);
            }
        }
    }

    /// <summary>The names the expression reads from its input context, in first-use order.</summary>
    public IReadOnlyList<string> FreeNames => [.. _freeNames.Order(StringComparer.Ordinal)];

    public static (Node Root, IReadOnlyList<string> FreeNames) ParseExpression(string text, FeelParseOptions options)
    {
        var parser = new Parser(text, options);
        var node = parser.ParseExpr();
        parser.ExpectEnd();
        return (node, parser.FreeNames);
    }

    public static (UnaryTest[] Tests, bool Negated, IReadOnlyList<string> FreeNames) ParseUnaryTests(string text, FeelParseOptions options)
    {
        var parser = new Parser(text, options);
        if (parser.Peek.Is("-") && parser.PeekAt(1).Kind == TokenKind.End)
        {
            return ([AnyTest.Instance], false, []);
        }

        if (parser.Peek.Is("not") && parser.PeekAt(1).Is("("))
        {
            // not(tests) is a negated test list only when the whole text is that call.
            var save = parser._pos;
            parser._pos += 2;
            var inner = parser.ParseTestList(fullExpressions: true);
            if (parser.Peek.Is(")") && parser.PeekAt(1).Kind == TokenKind.End)
            {
                parser._pos++;
                return (inner, true, parser.FreeNames);
            }

            parser._pos = save;
        }

        var tests = parser.ParseTestList(fullExpressions: true);
        parser.ExpectEnd();
        return (tests, false, parser.FreeNames);
    }

    private Token Peek => _tokens[_pos];

    private Token PeekAt(int offset) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private Token Next() => _tokens[_pos++];

    private FeelParseException Error(Token at, string reason) => new(_text, at.Start, reason);

    private static string Describe(Token t) => t.Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.String => $"string \"{t.Text}\"",
        _ => $"'{t.Text}'",
    };

    private Token Expect(string punctOrWord)
    {
        var t = Peek;
        if (!t.Is(punctOrWord))
        {
            throw Error(t, $"expected '{punctOrWord}' but found {Describe(t)}");
        }

        _pos++;
        return t;
    }

    private void ExpectEnd()
    {
        if (Peek.Kind != TokenKind.End)
        {
            throw Error(Peek, $"unexpected {Describe(Peek)}");
        }
    }

    private bool Accept(string punctOrWord)
    {
        if (Peek.Is(punctOrWord))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private bool IsBound(string name) => _lexical.Contains(name);

    /// <summary>How deeply expressions may nest; deeper text is refused rather than risking the host's stack.</summary>
    internal const int MaxNesting = 128;

    private int _nesting;

    private Node ParseExpr()
    {
        Enter();
        try
        {
            return ParseDisjunction();
        }
        finally
        {
            _nesting--;
        }
    }

    private void Enter()
    {
        if (++_nesting > MaxNesting)
        {
            throw Error(Peek, $"expression nested more than {MaxNesting} levels deep");
        }
    }

    private Node ParseDisjunction()
    {
        var left = ParseConjunction();
        while (Peek.Is("or"))
        {
            var t = Next();
            left = new LogicNode(t.Start, isAnd: false, left, ParseConjunction());
        }

        return left;
    }

    private Node ParseConjunction()
    {
        var left = ParseComparison();
        while (Peek.Is("and"))
        {
            var t = Next();
            left = new LogicNode(t.Start, isAnd: true, left, ParseComparison());
        }

        return left;
    }

    private static CompareOp? CompareOperator(Token t) => t.Kind != TokenKind.Punct ? null : t.Text switch
    {
        "=" => CompareOp.Equal,
        "!=" => CompareOp.NotEqual,
        "<" => CompareOp.Less,
        "<=" => CompareOp.LessOrEqual,
        ">" => CompareOp.Greater,
        ">=" => CompareOp.GreaterOrEqual,
        _ => null,
    };

    private Node ParseComparison()
    {
        var left = ParseAdditive();
        while (true)
        {
            var t = Peek;
            if (CompareOperator(t) is { } op)
            {
                _pos++;
                left = new CompareNode(t.Start, op, left, ParseAdditive());
            }
            else if (t.Is("between"))
            {
                _pos++;
                var low = ParseAdditive();
                Expect("and");
                left = new BetweenNode(t.Start, left, low, ParseAdditive());
            }
            else if (t.Is("in"))
            {
                _pos++;
                left = new InNode(t.Start, left, ParseInTests());
            }
            else if (t.Is("instance"))
            {
                _pos++;
                Expect("of");
                left = new InstanceOfNode(t.Start, left, ParseType());
            }
            else
            {
                return left;
            }
        }
    }

    private Node ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Peek.Is("+") || Peek.Is("-"))
        {
            var t = Next();
            left = new ArithmeticNode(t.Start, t.Text == "+" ? ArithmeticOp.Add : ArithmeticOp.Subtract, left, ParseMultiplicative());
        }

        return left;
    }

    private Node ParseMultiplicative()
    {
        var left = ParsePower();
        while (Peek.Is("*") || Peek.Is("/"))
        {
            var t = Next();
            left = new ArithmeticNode(t.Start, t.Text == "*" ? ArithmeticOp.Multiply : ArithmeticOp.Divide, left, ParsePower());
        }

        return left;
    }

    private Node ParsePower()
    {
        var left = ParseUnary();
        while (Peek.Is("**"))
        {
            var t = Next();
            left = new ArithmeticNode(t.Start, ArithmeticOp.Power, left, ParseUnary());
        }

        return left;
    }

    private Node ParseUnary()
    {
        if (Peek.Is("-"))
        {
            var t = Next();
            Enter();
            var operand = ParseUnary();
            _nesting--;
            if (operand.TryGetConstant(out var c) && c.Kind == ValueKind.Number)
            {
                return new LiteralNode(t.Start, Value.Num(-c.Number));
            }

            return new NegateNode(t.Start, operand);
        }

        return ParsePostfix(ParsePrimary());
    }

    private Node ParsePostfix(Node node)
    {
        while (true)
        {
            var t = Peek;
            if (t.Is("."))
            {
                _pos++;
                var member = ReadPathMember();
                node = new PathNode(t.Start, node, member);
            }
            else if (t.Is("["))
            {
                _pos++;
                _lexical.Add("item");
                var filter = ParseExpr();
                _lexical.RemoveAt(_lexical.Count - 1);
                Expect("]");
                node = new FilterNode(t.Start, node, filter);
            }
            else if (t.Is("("))
            {
                var (args, names) = ParseArguments();
                node = new DynamicCallNode(t.Start, node, args, names);
            }
            else
            {
                return node;
            }
        }
    }

    private string ReadPathMember()
    {
        var t = Peek;
        if (t.Kind == TokenKind.String)
        {
            _pos++;
            return t.Text;
        }

        if (t.Kind != TokenKind.Word)
        {
            throw Error(t, $"expected a name after '.' but found {Describe(t)}");
        }

        return ReadGreedyName(allowKeywordsFirst: true);
    }

    /// <summary>Joins consecutive words that are not keywords into one name (<c>order total</c>).</summary>
    private string ReadGreedyName(bool allowKeywordsFirst)
    {
        var first = Next();
        if (first.Quoted)
        {
            return first.Text;
        }

        if (!allowKeywordsFirst && Keywords.Contains(first.Text))
        {
            throw Error(first, $"'{first.Text}' is a keyword, not a name");
        }

        var name = first.Text;
        while (Peek.Kind == TokenKind.Word && !Peek.Quoted && !Keywords.Contains(Peek.Text))
        {
            name = name + " " + Next().Text;
        }

        return name;
    }

    /// <summary>
    /// Reads a name at a name position. First the longest run of words that is a known name with spaces
    /// (a built-in such as <c>date and time</c> when a call follows, a name in scope, or a name the caller
    /// declared); failing that, consecutive non-keyword words joined by single spaces.
    /// </summary>
    private string ReadName()
    {
        var first = Peek;
        if (first.Quoted)
        {
            _pos++;
            return first.Text;
        }

        var words = 1;
        while (PeekAt(words).Kind == TokenKind.Word && !PeekAt(words).Quoted)
        {
            words++;
        }

        for (var n = words; n >= 2; n--)
        {
            var candidate = string.Join(' ', Enumerable.Range(0, n).Select(k => PeekAt(k).Text));
            var followedByCall = PeekAt(n).Is("(");
            if ((followedByCall && Builtins.Exists(candidate)) || _knownNames.Contains(candidate) || IsBound(candidate))
            {
                _pos += n;
                return candidate;
            }
        }

        return ReadGreedyName(allowKeywordsFirst: false);
    }

    private Node ParsePrimary()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Number:
                _pos++;
                if (!decimal.TryParse(t.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    throw Error(t, $"number {t.Text} is outside the supported range");
                }

                return new LiteralNode(t.Start, Value.Num(number));
            case TokenKind.String:
                _pos++;
                return new LiteralNode(t.Start, Value.Str(t.Text));
            case TokenKind.At:
                _pos++;
                var s = Peek;
                if (s.Kind != TokenKind.String)
                {
                    throw Error(s, "expected a string after '@'");
                }

                _pos++;
                return new LiteralNode(t.Start, TemporalLiteral(s));
            case TokenKind.Punct:
                return ParsePunctPrimary(t);
            case TokenKind.Word:
                return ParseWordPrimary(t);
            default:
                throw Error(t, $"expected an expression but found {Describe(t)}");
        }
    }

    private Value TemporalLiteral(Token s)
    {
        var text = s.Text;
        if ((text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal)) && Temporal.TryParseDuration(text, out var duration))
        {
            return duration;
        }

        if (text.Contains('T', StringComparison.Ordinal) && Temporal.TryParseDateTime(text, out var dt))
        {
            return Value.DateTime(dt);
        }

        if (Temporal.TryParseDate(text, out var date))
        {
            return Value.Date(date);
        }

        if (Temporal.TryParseTime(text, out var time))
        {
            return Value.Time(time);
        }

        throw Error(s, $"\"{text}\" is not a date, time, date and time or duration");
    }

    private Node ParsePunctPrimary(Token t)
    {
        if (t.Is("("))
        {
            _pos++;
            var inner = ParseExpr();
            if (Peek.Is(".."))
            {
                return FinishRange(t, inner, lowIncluded: false);
            }

            Expect(")");
            return inner;
        }

        if (t.Is("]"))
        {
            _pos++;
            var low = ParseExpr();
            return FinishRange(t, low, lowIncluded: false);
        }

        if (t.Is("["))
        {
            _pos++;
            if (Accept("]"))
            {
                return new LiteralNode(t.Start, Value.EmptyList);
            }

            var first = ParseExpr();
            if (Peek.Is(".."))
            {
                return FinishRange(t, first, lowIncluded: true);
            }

            var items = new List<Node> { first };
            while (Accept(","))
            {
                items.Add(ParseExpr());
            }

            Expect("]");
            return FoldList(t.Start, items);
        }

        if (t.Is("{"))
        {
            return ParseContext(t);
        }

        if (CompareOperator(t) is { } op && op is not CompareOp.Equal and not CompareOp.NotEqual)
        {
            // A comparison used as a value (`< 10`) is the range it describes.
            _pos++;
            var endpoint = ParseAdditive();
            return op switch
            {
                CompareOp.Less => new RangeNode(t.Start, null, false, endpoint, false),
                CompareOp.LessOrEqual => new RangeNode(t.Start, null, false, endpoint, true),
                CompareOp.Greater => new RangeNode(t.Start, endpoint, false, null, false),
                _ => new RangeNode(t.Start, endpoint, true, null, false),
            };
        }

        throw Error(t, $"expected an expression but found {Describe(t)}");
    }

    private static Node FoldList(int start, List<Node> items)
    {
        var constants = new Value[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (!items[i].TryGetConstant(out constants[i]))
            {
                return new ListNode(start, [.. items]);
            }
        }

        return new LiteralNode(start, Value.List(constants));
    }

    private Node FinishRange(Token open, Node low, bool lowIncluded)
    {
        Expect("..");
        var high = ParseExpr();
        var close = Next();
        bool highIncluded;
        if (close.Is("]"))
        {
            highIncluded = true;
        }
        else if (close.Is(")") || close.Is("["))
        {
            highIncluded = false;
        }
        else
        {
            throw Error(close, $"expected ']', ')' or '[' to close the range but found {Describe(close)}");
        }

        var node = new RangeNode(open.Start, low, lowIncluded, high, highIncluded);
        if (low.TryGetConstant(out _) && high.TryGetConstant(out _))
        {
            var env = new Env(ContextValue.Empty, FeelEvaluationOptions.Default, CancellationToken.None);
            return new LiteralNode(open.Start, node.Eval(ref env));
        }

        return node;
    }

    private Node ParseContext(Token open)
    {
        _pos++;
        var keys = new List<string>();
        var values = new List<Node>();
        var mark = _lexical.Count;
        if (!Accept("}"))
        {
            do
            {
                var k = Peek;
                string key;
                if (k.Kind == TokenKind.String)
                {
                    _pos++;
                    key = k.Text;
                }
                else if (k.Kind == TokenKind.Word)
                {
                    key = ReadGreedyName(allowKeywordsFirst: true);
                }
                else
                {
                    throw Error(k, $"expected a context key but found {Describe(k)}");
                }

                if (keys.Contains(key))
                {
                    throw Error(k, $"duplicate context key '{key}'");
                }

                Expect(":");
                var recursive = Peek.Is("function");
                if (recursive)
                {
                    _lexical.Add(key);
                }

                values.Add(ParseExpr());
                keys.Add(key);
                if (!recursive)
                {
                    _lexical.Add(key);
                }
            }
            while (Accept(","));

            Expect("}");
        }

        _lexical.RemoveRange(mark, _lexical.Count - mark);
        return new ContextNode(open.Start, [.. keys], [.. values]);
    }

    private Node ParseWordPrimary(Token t)
    {
        if (!t.Quoted)
        {
            switch (t.Text)
            {
                case "true":
                    _pos++;
                    return new LiteralNode(t.Start, Value.True);
                case "false":
                    _pos++;
                    return new LiteralNode(t.Start, Value.False);
                case "null":
                    _pos++;
                    return new LiteralNode(t.Start, Value.Null);
                case "if":
                    return ParseIf();
                case "for":
                    return ParseFor();
                case "some":
                case "every":
                    return ParseQuantified();
                case "function":
                    return ParseFunctionDefinition();
            }
        }

        var name = ReadName();
        if (Peek.Is("("))
        {
            return ParseCall(t, name);
        }

        if (name == "?")
        {
            _inputUses++;
        }
        else if (name == "partial")
        {
            _partialUses++;
        }

        if (!IsBound(name) && name != "?")
        {
            _freeNames.Add(name);
        }

        return new NameNode(t.Start, name);
    }

    private Node ParseCall(Token at, string name)
    {
        if (IsBound(name))
        {
            var (dynArgs, dynNames) = ParseArguments();
            return new DynamicCallNode(at.Start, new NameNode(at.Start, name), dynArgs, dynNames);
        }

        if (!Builtins.Exists(name))
        {
            throw Error(at, $"unknown function '{name}'");
        }

        var open = Peek;
        var (args, names) = ParseArguments();
        if (name == "is defined")
        {
            if (args.Length != 1 || (names is not null && names[0] != "value"))
            {
                throw Error(open, "is defined expects one argument (value)");
            }

            return new IsDefinedNode(at.Start, args[0]);
        }

        if (!Builtins.TryResolve(name, args, names, out var overload, out var ordered, out var problem))
        {
            throw Error(open, problem);
        }

        return new BuiltinCallNode(at.Start, overload, ordered);
    }

    private (Node[] Args, string[]? Names) ParseArguments()
    {
        Expect("(");
        var args = new List<Node>();
        List<string>? names = null;
        if (Accept(")"))
        {
            return ([], null);
        }

        do
        {
            var named = IsNamedArgument();
            if (named && names is null && args.Count > 0)
            {
                throw Error(Peek, "positional and named arguments cannot be mixed");
            }

            if (named)
            {
                names ??= [];
                var nameToken = Peek;
                var argName = ReadGreedyName(allowKeywordsFirst: true);
                if (names.Contains(argName))
                {
                    throw Error(nameToken, $"argument '{argName}' is given twice");
                }

                names.Add(argName);
                Expect(":");
            }
            else if (names is not null)
            {
                throw Error(Peek, "positional and named arguments cannot be mixed");
            }

            args.Add(ParseExpr());
        }
        while (Accept(","));

        Expect(")");
        return ([.. args], names?.ToArray());
    }

    private bool IsNamedArgument()
    {
        var k = 0;
        while (PeekAt(k).Kind == TokenKind.Word)
        {
            k++;
        }

        return k > 0 && PeekAt(k).Is(":");
    }

    private Node ParseIf()
    {
        var t = Next();
        var condition = ParseExpr();
        Expect("then");
        var then = ParseExpr();
        Expect("else");
        return new IfNode(t.Start, condition, then, ParseExpr());
    }

    private Iterator[] ParseIterators(out int mark)
    {
        mark = _lexical.Count;
        var iterators = new List<Iterator>();
        do
        {
            if (Peek.Kind != TokenKind.Word)
            {
                throw Error(Peek, $"expected a variable name but found {Describe(Peek)}");
            }

            var name = ReadGreedyName(allowKeywordsFirst: false);
            Expect("in");
            var source = ParseExpr();
            Node? end = null;
            if (Accept(".."))
            {
                end = ParseExpr();
            }

            iterators.Add(new Iterator(name, source, end));
            _lexical.Add(name);
        }
        while (Accept(","));

        return [.. iterators];
    }

    private Node ParseFor()
    {
        var t = Next();
        var iterators = ParseIterators(out var mark);
        Expect("return");
        _lexical.Add("partial");
        var partialBefore = _partialUses;
        var body = ParseExpr();
        _lexical.RemoveRange(mark, _lexical.Count - mark);
        return new ForNode(t.Start, iterators, body, _partialUses != partialBefore);
    }

    private Node ParseQuantified()
    {
        var t = Next();
        var iterators = ParseIterators(out var mark);
        Expect("satisfies");
        var condition = ParseExpr();
        _lexical.RemoveRange(mark, _lexical.Count - mark);
        return new QuantifiedNode(t.Start, t.Text == "every", iterators, condition);
    }

    private Node ParseFunctionDefinition()
    {
        var t = Next();
        Expect("(");
        var parameters = new List<string>();
        if (!Accept(")"))
        {
            do
            {
                var p = Peek;
                if (p.Kind != TokenKind.Word)
                {
                    throw Error(p, $"expected a parameter name but found {Describe(p)}");
                }

                parameters.Add(ReadGreedyName(allowKeywordsFirst: false));
                if (Peek.Is(":"))
                {
                    throw Error(Peek, "typed function parameters are not supported");
                }
            }
            while (Accept(","));

            Expect(")");
        }

        if (Peek.Is("external"))
        {
            throw Error(Peek, "external functions are not supported");
        }

        var mark = _lexical.Count;
        _lexical.AddRange(parameters);
        var body = ParseExpr();
        _lexical.RemoveRange(mark, _lexical.Count - mark);
        return new FunctionDefinitionNode(t.Start, [.. parameters], body);
    }

    private FeelType ParseType()
    {
        Enter();
        try
        {
            return ParseTypeCore();
        }
        finally
        {
            _nesting--;
        }
    }

    private FeelType ParseTypeCore()
    {
        var t = Peek;
        if (t.Kind != TokenKind.Word)
        {
            throw Error(t, $"expected a type name but found {Describe(t)}");
        }

        string? name = null;
        var words = 1;
        while (PeekAt(words).Kind == TokenKind.Word && words < 4)
        {
            words++;
        }

        for (var n = words; n >= 1 && name is null; n--)
        {
            var candidate = string.Join(' ', Enumerable.Range(0, n).Select(k => PeekAt(k).Text));
            if (FeelType.BaseNames.Contains(candidate))
            {
                name = candidate;
                _pos += n;
            }
        }

        if (name is null)
        {
            throw Error(t, $"unknown type '{t.Text}'");
        }

        if ((name == "list" || name == "context") && Accept("<"))
        {
            if (name == "list")
            {
                var item = ParseType();
                Expect(">");
                return new FeelType(name, item);
            }

            var entries = new List<(string, FeelType)>();
            do
            {
                var key = ReadGreedyName(allowKeywordsFirst: true);
                Expect(":");
                entries.Add((key, ParseType()));
            }
            while (Accept(","));

            Expect(">");
            return new FeelType(name, entries: [.. entries]);
        }

        return new FeelType(name);
    }

    /// <summary>The right side of <c>in</c>: one positive unary test, or a parenthesised list of them.</summary>
    private UnaryTest[] ParseInTests()
    {
        if (Peek.Is("("))
        {
            var open = Next();
            if (CompareOperator(Peek) is null)
            {
                var first = ParseExpr();
                if (Peek.Is(".."))
                {
                    var range = FinishRange(open, first, lowIncluded: false);
                    return [new ExpressionTest(ParsePostfix(range), usesInput: false)];
                }

                var tests = new List<UnaryTest> { new ExpressionTest(first, usesInput: false) };
                while (Accept(","))
                {
                    tests.Add(ParsePositiveTest(fullExpression: false));
                }

                Expect(")");
                return [.. tests];
            }

            var list = ParseTestList(fullExpressions: false);
            Expect(")");
            return list;
        }

        return [ParsePositiveTest(fullExpression: false)];
    }

    private UnaryTest[] ParseTestList(bool fullExpressions)
    {
        var tests = new List<UnaryTest>();
        do
        {
            tests.Add(ParsePositiveTest(fullExpressions));
        }
        while (Accept(","));

        return [.. tests];
    }

    private UnaryTest ParsePositiveTest(bool fullExpression)
    {
        if (CompareOperator(Peek) is { } op)
        {
            _pos++;
            return new CompareTest(op, ParseAdditive());
        }

        var before = _inputUses;
        var expression = fullExpression ? ParseExpr() : ParseAdditive();
        return new ExpressionTest(expression, usesInput: _inputUses != before);
    }
}
