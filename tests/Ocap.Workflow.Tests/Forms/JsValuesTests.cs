using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Tests.Forms;

public class JsValuesTests
{
    [TestCase(0.0, "0")]
    [TestCase(-0.0, "0")]
    [TestCase(12.5, "12.5")]
    [TestCase(1e21, "1e+21")]
    [TestCase(1e20, "100000000000000000000")]
    [TestCase(1e-7, "1e-7")]
    [TestCase(1e-6, "0.000001")]
    [TestCase(-1.5e300, "-1.5e+300")]
    [TestCase(0.1 + 0.2, "0.30000000000000004")]
    [TestCase(123456789012, "123456789012")]
    public void NumberToString_MatchesJavaScript(double value, string expected)
    {
        Assert.That(JsNumber.ToString(value), Is.EqualTo(expected));
    }

    [TestCase(" 12 ", 12)]
    [TestCase("0x10", 16)]
    [TestCase("0b101", 5)]
    [TestCase("1e3", 1000)]
    [TestCase(".5", 0.5)]
    [TestCase("5.", 5)]
    [TestCase("", 0)]
    [TestCase("-Infinity", double.NegativeInfinity)]
    public void StringToNumber_MatchesJavaScript(string text, double expected)
    {
        Assert.That(JsNumber.Parse(text), Is.EqualTo(expected));
    }

    [TestCase("12px")]
    [TestCase("1,5")]
    [TestCase("-0x10")]
    [TestCase("e3")]
    public void StringToNumber_NotANumber_IsNaN(string text)
    {
        Assert.That(double.IsNaN(JsNumber.Parse(text)), Is.True);
    }

    [TestCase("1.7", "0.5", "0.2")]
    [TestCase("-1.7", "0.5", "-0.2")]
    [TestCase("0.3", "0.1", "0")]
    [TestCase("1e-8", "3e-9", "1e-9")]
    public void DecimalMod_IsExactAndKeepsTheDividendsSign(string a, string b, string expected)
    {
        Assert.That(JsDecimal.TryParse(a, out var x), Is.True);
        Assert.That(JsDecimal.TryParse(b, out var y), Is.True);
        Assert.That(x.Mod(y).ToString(), Is.EqualTo(expected));
    }

    [TestCase("+1")]
    [TestCase(" 1")]
    [TestCase("Infinity")]
    [TestCase("0x10")]
    [TestCase("")]
    public void Decimal_RejectsWhatBigJsRejects(string text)
    {
        Assert.That(JsDecimal.TryParse(text, out _), Is.False);
    }

    [Test]
    public void ToJsString_OfArraysAndObjects_IsWhatJavaScriptPrints()
    {
        Assert.That(JsValues.ToJsString(JsonNode.Parse("""["a",1,null,[2,3]]""")), Is.EqualTo("a,1,,2,3"));
        Assert.That(JsValues.ToJsString(JsonNode.Parse("""{"a":1}""")), Is.EqualTo("[object Object]"));
    }
}
