using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Tests.Expressions;

public class FeelParserTests
{
    [TestCase("1 +", 3, "expected an expression but found the end of the expression")]
    [TestCase("[1, 2", 5, "expected ']' but found the end of the expression")]
    [TestCase("\"abc", 0, "unterminated string")]
    [TestCase("1 # 2", 2, "unexpected character '#'")]
    [TestCase("if x then 1", 11, "expected 'else'")]
    [TestCase("for x [1] return x", 6, "expected 'in'")]
    [TestCase("x instance of banana", 14, "unknown type 'banana'")]
    [TestCase("{a: 1, a: 2}", 7, "duplicate context key 'a'")]
    [TestCase("\"a\\q\"", 2, "unknown escape")]
    [TestCase("@\"not a date\"", 1, "is not a date, time, date and time or duration")]
    [TestCase("1 2", 2, "unexpected '2'")]
    public void Parse_InvalidText_ThrowsWithPositionAndReason(string text, int position, string reason)
    {
        var e = Assert.Throws<FeelParseException>(() => FeelExpression.Parse(text));
        Assert.That(e!.Position, Is.EqualTo(position));
        Assert.That(e.Reason, Does.Contain(reason));
        Assert.That(e.Expression, Is.EqualTo(text));
        Assert.That(e.ErrorType, Is.EqualTo("FeelParseError"));
    }

    [Test]
    public void Parse_ErrorOnSecondLine_ReportsLineAndColumn()
    {
        var e = Assert.Throws<FeelParseException>(() => FeelExpression.Parse("amount > 10\n  and )"));
        Assert.That((e!.Line, e.Column), Is.EqualTo((2, 7)));
        Assert.That(e.Message, Does.Contain("line 2, column 7"));
    }

    [Test]
    public void Parse_CamundaMarker_IsSkippedAndPositionsPointIntoTheOriginalText()
    {
        Assert.That(FeelExpression.Parse("=1 + 2").Evaluate(FeelContext.Empty)!.GetValue<decimal>(), Is.EqualTo(3m));
        var e = Assert.Throws<FeelParseException>(() => FeelExpression.Parse("= 1 +"));
        Assert.That(e!.Position, Is.EqualTo(5));
        Assert.That(e.Expression, Is.EqualTo("= 1 +"));
    }

    [TestCase("frobnicate(1)", "unknown function 'frobnicate'")]
    [TestCase("x.y + foo(2)", "unknown function 'foo'")]
    [TestCase("string length(\"a\", 2)", "string length does not take 2 arguments")]
    [TestCase("substring(\"abc\")", "substring does not take 1 argument")]
    [TestCase("substring(text: \"abc\", start position: 1)", "substring has no signature with parameters (text, start position)")]
    [TestCase("substring(string: \"abc\", 1)", "positional and named arguments cannot be mixed")]
    [TestCase("substring(string: \"a\", string: \"b\", start position: 1)", "argument 'string' is given twice")]
    [TestCase("sort([1, 2])", "sort does not take 1 argument")]
    public void Parse_BadFunctionCall_IsRejectedAtParseTime(string text, string reason)
    {
        var e = Assert.Throws<FeelParseException>(() => FeelExpression.Parse(text));
        Assert.That(e!.Reason, Does.Contain(reason));
    }

    [TestCase("function(a: number) a", "typed function parameters are not supported")]
    [TestCase("function(a) external {java: {}}", "external functions are not supported")]
    public void Parse_RefusedConstruct_SaysSo(string text, string reason)
    {
        var e = Assert.Throws<FeelParseException>(() => FeelExpression.Parse(text));
        Assert.That(e!.Reason, Does.Contain(reason));
    }

    [Test]
    public void Parse_DeeplyNestedText_IsRefusedNotAStackOverflow()
    {
        var text = new string('(', 10_000) + "1" + new string(')', 10_000);
        var e = Assert.Throws<FeelParseException>(() => FeelExpression.Parse(text));
        Assert.That(e!.Reason, Does.Contain("nested more than"));
        Assert.Throws<FeelParseException>(() => FeelExpression.Parse(string.Concat(Enumerable.Repeat("- ", 10_000)) + "1"));
    }

    [Test]
    public void FreeNames_ListsContextVariablesButNotLocalOrBuiltinNames()
    {
        var e = FeelExpression.Parse(
            "amount > limit and (for x in items return x.price) != null and {k: 1, v: k + base}.v > 0 and string length(name) > 0");
        Assert.That(e.FreeNames, Is.EqualTo(new[] { "amount", "base", "items", "limit", "name" }));
    }

    [Test]
    public void FreeNames_OfPathIsItsFirstName()
    {
        Assert.That(FeelExpression.Parse("order.customer.name = \"x\"").FreeNames, Is.EqualTo(new[] { "order" }));
    }

    [Test]
    public void Comments_AreIgnoredAsWhitespace()
    {
        var value = FeelExpression.Parse("1 + // one\n 2 /* two */ * 3").Evaluate(FeelContext.Empty);
        Assert.That(value!.GetValue<decimal>(), Is.EqualTo(7m));
    }
}
