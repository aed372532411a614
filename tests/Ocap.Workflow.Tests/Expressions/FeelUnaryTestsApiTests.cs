using System.Text.Json.Nodes;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Tests.Expressions;

public class FeelUnaryTestsApiTests
{
    [Test]
    public void Test_ParsedOnce_AppliesToManyInputs()
    {
        var tests = FeelUnaryTests.Parse("< 10, [20..30], 42");
        Assert.That(tests.Test(JsonValue.Create(5), FeelContext.Empty), Is.True);
        Assert.That(tests.Test(JsonValue.Create(25), FeelContext.Empty), Is.True);
        Assert.That(tests.Test(JsonValue.Create(15), FeelContext.Empty), Is.False);
        Assert.That(tests.Test(JsonValue.Create(42), FeelContext.Empty), Is.True);
    }

    [Test]
    public void Test_InputOfAnotherType_IsUndecidedNotFalse()
    {
        var tests = FeelUnaryTests.Parse("< 10, \"special\"");
        Assert.That(tests.Test(JsonValue.Create(15), FeelContext.Empty), Is.Null);
        Assert.That(tests.Test(JsonValue.Create(5), FeelContext.Empty), Is.True);
    }

    [Test]
    public void Test_EndpointsMayBeVariables_AndTheyAreFreeNames()
    {
        var tests = FeelUnaryTests.Parse("[low..high]");
        Assert.That(tests.FreeNames, Is.EqualTo(new[] { "high", "low" }));
        var context = FeelContext.FromJson(new JsonObject { ["low"] = 1, ["high"] = 3 });
        Assert.That(tests.Test(JsonValue.Create(2), context), Is.True);
        Assert.That(tests.Test(JsonValue.Create(4), context), Is.False);
    }

    [Test]
    public void Test_QuestionMarkIsTheInputAndNotAFreeName()
    {
        var tests = FeelUnaryTests.Parse("? > limit and ? < 100");
        Assert.That(tests.FreeNames, Is.EqualTo(new[] { "limit" }));
        Assert.That(tests.Test(JsonValue.Create(50), FeelContext.FromJson(new JsonObject { ["limit"] = 10 })), Is.True);
    }

    [Test]
    public void Test_NotOfTests_NegatesAndDashMatchesAnything()
    {
        Assert.That(FeelUnaryTests.Parse("not(\"A\", \"B\")").Test(JsonValue.Create("C"), FeelContext.Empty), Is.True);
        Assert.That(FeelUnaryTests.Parse("-").Test(null, FeelContext.Empty), Is.True);
    }

    [Test]
    public void Parse_InvalidTests_ThrowsWithPosition()
    {
        var e = Assert.Throws<FeelParseException>(() => FeelUnaryTests.Parse("> 5,"));
        Assert.That(e!.Position, Is.EqualTo(4));
    }
}
