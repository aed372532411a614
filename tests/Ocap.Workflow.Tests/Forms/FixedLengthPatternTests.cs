using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Tests.Forms;

/// <summary>
/// A fixed-length pattern is checked without the regex; it must answer exactly as the compiled JavaScript pattern does
/// for every text, and patterns of any other shape must keep the regex.
/// </summary>
public class FixedLengthPatternTests
{
    private static readonly string[] Simple =
    [
        "^[A-Z]{2}[0-9]{3}$", "^\\d{4}-\\d{2}$", "^[a-zA-Z0-9_.-]{3}x$", "^\\w\\w\\.\\d$", "^...$", "^[\\d\\-]{2}$",
        "^[-a]{2}[a-]$", "^ab c$", "^[\\.-z]{2}$", "^$", "^é[à-ü]{2}$", "^\\$\\^\\/\\[\\]\\{\\}\\(\\)\\|\\*\\+\\?\\\\$", "^[A-Z]{0}9$",
    ];

    private static readonly string[] NotSimple =
    [
        "[A-Z]{2}", "^[A-Z]+$", "^[A-Z]*$", "^a?$", "^[^A-Z]{2}$", "^(ab)$", "^a|b$", "^a{2,3}$", "^\\s$", "^\\D$", "^[]$", "^a\\$",
        "^[\\d-z]$", "^\\bx$", "^a{x}$", "^[a\\n]$", "^a$b$",
    ];

    [TestCaseSource(nameof(Simple))]
    public void FixedPattern_AnswersAsTheRegex(string pattern)
    {
        var plan = Plan(pattern);
        Assert.That(plan.FixedPattern, Is.Not.Null);
        var random = new Random(pattern.Length);
        const string Alphabet = "AZaz09_.-$^/[]{}()|*+?\\ xé\u00E0\u00FC\u00FF\n\r\u2028\u2029\t";
        for (var i = 0; i < 4000; i++)
        {
            var length = random.Next(0, plan.FixedPattern!.Length + 2);
            var chars = new char[length];
            for (var k = 0; k < length; k++)
            {
                chars[k] = random.Next(4) == 0 ? (char)random.Next(0, 0x3000) : Alphabet[random.Next(Alphabet.Length)];
            }

            var text = new string(chars);
            Assert.That(plan.FixedPattern.IsMatch(text), Is.EqualTo(plan.Pattern!.IsMatch(text)), $"{pattern} on '{text}'");
        }
    }

    [TestCase("^[A-Z]{2}[0-9]{3}$", "FI100", true)]
    [TestCase("^[A-Z]{2}[0-9]{3}$", "FI100\n", false)]
    [TestCase("^[A-Z]{2}[0-9]{3}$", "fi100", false)]
    [TestCase("^[A-Z]{2}[0-9]{3}$", "FI1000", false)]
    [TestCase("^\\d{4}-\\d{2}$", "2024-01", true)]
    [TestCase("^...$", "a\nb", false)]
    public void FixedPattern_KnownTexts(string pattern, string text, bool expected)
    {
        var plan = Plan(pattern);
        Assert.That(plan.FixedPattern!.IsMatch(text), Is.EqualTo(expected));
        Assert.That(plan.Pattern!.IsMatch(text), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(NotSimple))]
    public void OtherPatterns_KeepTheRegex(string pattern) => Assert.That(FixedLengthPattern.TryCreate(pattern), Is.Null);

    [Test]
    public void Validate_FixedPattern_ReportsTheSameMessage()
    {
        var validator = FormValidator.Create(FormDefinition.Parse("""{"type":"default","id":"F","schemaVersion":19,"components":[{"type":"textfield","id":"t","key":"t","validate":{"pattern":"^[A-Z]{2}[0-9]{3}$"}}]}"""));
        Assert.That(validator.Validate(JsonNode.Parse("""{"t":"fi100"}""")).ErrorsToJson().ToJsonString(),
            Is.EqualTo("""{"t":["Field must match pattern ^[A-Z]{2}[0-9]{3}$."]}"""));
        Assert.That(validator.Validate(JsonNode.Parse("""{"t":"FI100"}""")).IsValid, Is.True);
    }

    private static InputPlan Plan(string pattern)
    {
        var schema = new JsonObject
        {
            ["type"] = "default",
            ["id"] = "F",
            ["components"] = new JsonArray(new JsonObject { ["type"] = "textfield", ["id"] = "t", ["key"] = "t", ["validate"] = new JsonObject { ["pattern"] = pattern } }),
        };
        return (InputPlan)FormPlanner.Plan(FormDefinition.FromJson(schema), null).Single();
    }
}
