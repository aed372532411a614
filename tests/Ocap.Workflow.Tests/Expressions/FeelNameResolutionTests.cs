using System.Text.Json.Nodes;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Tests.Expressions;

/// <summary>How names with spaces are read (ADR 0006).</summary>
public class FeelNameResolutionTests
{
    private static JsonNode? Eval(string text, string? context = null, FeelParseOptions? options = null) =>
        FeelExpression.Parse(text, options).Evaluate(context is null ? null : JsonNode.Parse(context)!.AsObject());

    [Test]
    public void Name_WordsSeparatedBySpaces_AreOneVariable()
    {
        Assert.That(Eval("order total * 2", """{"order total": 21}""")!.GetValue<decimal>(), Is.EqualTo(42m));
    }

    [Test]
    public void Name_WithExtraSpacesBetweenWords_IsNormalisedToSingleSpaces()
    {
        Assert.That(Eval("order    total", """{"order total": 1}""")!.GetValue<decimal>(), Is.EqualTo(1m));
    }

    [Test]
    public void Name_StopsAtAKeyword()
    {
        Assert.That(Eval("is approved and amount > 5", """{"is approved": true, "amount": 6}""")!.GetValue<bool>(), Is.True);
    }

    [Test]
    public void Name_ContainingAKeyword_NeedsToBeDeclaredOrQuoted()
    {
        const string context = """{"terms and conditions": true}""";
        // Undeclared, it reads as `terms and (conditions = true)`: conditions is missing, null = true is false.
        Assert.That(Eval("terms and conditions = true", context)!.GetValue<bool>(), Is.False);
        var declared = new FeelParseOptions { KnownNames = ["terms and conditions"] };
        Assert.That(Eval("terms and conditions = true", context, declared)!.GetValue<bool>(), Is.True);
        Assert.That(Eval("`terms and conditions` = true", context)!.GetValue<bool>(), Is.True);
    }

    [Test]
    public void BuiltinWithKeywordInName_IsCalledWhenFollowedByParenthesis()
    {
        Assert.That(Eval("date and time(\"2024-01-01T10:00:00\").hour")!.GetValue<decimal>(), Is.EqualTo(10m));
    }

    [Test]
    public void VariablesNamedDateAndTime_AreStillAConjunctionWithoutParenthesis()
    {
        Assert.That(Eval("date and time", """{"date": true, "time": false}""")!.GetValue<bool>(), Is.False);
    }

    [Test]
    public void BacktickNames_AsCamundaEscapesThem_ReadAnyCharacters()
    {
        const string context = """{"tracking-id": "T1", "order": {"total price": 12}}""";
        Assert.That(Eval("`tracking-id`", context)!.GetValue<string>(), Is.EqualTo("T1"));
        Assert.That(Eval("order.`total price` * 2", context)!.GetValue<decimal>(), Is.EqualTo(24m));
    }

    [Test]
    public void PathMember_WithSpaces_IsOneKey()
    {
        Assert.That(Eval("customer.first name", """{"customer": {"first name": "Ada"}}""")!.GetValue<string>(), Is.EqualTo("Ada"));
    }

    [Test]
    public void FilterOverContexts_SeesItemEntriesByBareName()
    {
        var value = Eval("items[unit price > 5].unit price", """{"items": [{"unit price": 2}, {"unit price": 20}]}""");
        Assert.That(value!.ToJsonString(), Is.EqualTo("[20]"));
    }

    [Test]
    public void ContextLiteral_LaterEntrySeesEarlierKeyWithSpaces()
    {
        Assert.That(Eval("{base price: 10, total: base price * 2}.total")!.GetValue<decimal>(), Is.EqualTo(20m));
    }

    [Test]
    public void ForVariable_WithSpaces_IsBoundInTheBody()
    {
        Assert.That(Eval("for line item in [1, 2] return line item * 10")!.ToJsonString(), Is.EqualTo("[10,20]"));
    }

    [Test]
    public void LocalName_ShadowsVariable()
    {
        Assert.That(Eval("for x in [1] return x", """{"x": 99}""")!.ToJsonString(), Is.EqualTo("[1]"));
    }
}
