using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>
/// Property: a condition that compares one variable with a number literal is answered without an engine when the
/// variable holds a finite number, and the answer is always the engine's: every operator, the variable on either
/// side, literals in every numeric form, numbers at the edges of double precision. Any other value takes the engine.
/// </summary>
public class NumericComparisonTests
{
    private static readonly string[] Operators = ["<", "<=", ">", ">=", "==", "===", "!=", "!=="];

    private static readonly string[] Literals = ["1000", "0", "-0", "0.1", "1e3", "0x10", ".5", "9007199254740993", "1e400", "-1000", "5e-324", "0o17", "1_000"];

    private static readonly string[] Numbers =
    [
        "1000", "999.9999999999999", "1000.0000000000001", "0", "-0", "0.1", "16", "1e3", "1E300", "-1e300", "9007199254740993",
        "9007199254740992", "5e-324", "12345678901234567890", "-1000", "0.5", "15", "1e-7",
    ];

    [Test]
    public async Task AVariableHoldingANumber_ComparedWithALiteral_GivesTheEnginesAnswerWithoutIt()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var checkedCases = 0;
        foreach (var op in Operators)
        {
            foreach (var literal in Literals)
            {
                foreach (var text in new[] { $"x {op} {literal}", $"{literal} {op} x", $"(x) {op} ({literal})" })
                {
                    var direct = sandbox.Prepare(text, ScriptKind.Expression, "direct");
                    var general = sandbox.Prepare(Rewrite(text), ScriptKind.Expression, "general");
                    Assert.That(direct.Comparison, Is.Not.Null, text);
                    Assert.That(general.Comparison, Is.Null, text);
                    foreach (var number in Numbers)
                    {
                        var fast = sandbox.EvaluateExpression(direct, Variables($$"""{"x":{{number}}}"""), null);
                        var engine = await sandbox.EvaluateAsync(general, JsonNode.Parse($$"""{"x":{{number}}}"""));
                        Assert.That(fast.Boolean, Is.EqualTo(engine.Value!.GetValue<bool>()), $"{text} with x = {number}");
                        Assert.That(fast.Effects, Is.SameAs(HostEffects.None));
                        checkedCases++;
                    }
                }
            }
        }

        Assert.That(checkedCases, Is.EqualTo(Operators.Length * Literals.Length * 3 * Numbers.Length));
    }

    [TestCase("\"1000\"")]
    [TestCase("\"2e3\"")]
    [TestCase("\" 0x7D1 \"")]
    [TestCase("\"\"")]
    [TestCase("\"abc\"")]
    [TestCase("true")]
    [TestCase("false")]
    [TestCase("null")]
    [TestCase("[]")]
    [TestCase("[2000]")]
    [TestCase("[1,2]")]
    [TestCase("{}")]
    public async Task AnyOtherValue_TakesTheEngine_AndGetsItsAnswer(string json)
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        foreach (var op in Operators)
        {
            var direct = sandbox.Prepare($"x {op} 1000", ScriptKind.Expression, "direct");
            var general = sandbox.Prepare($"ctx.x {op} 1000", ScriptKind.Expression, "general");
            var bound = sandbox.EvaluateExpression(direct, Variables($$"""{"x":{{json}}}"""), null);
            var engine = await sandbox.EvaluateAsync(general, JsonNode.Parse($$"""{"x":{{json}}}"""));
            Assert.That(bound.Boolean, Is.EqualTo(engine.Value!.GetValue<bool>()), $"x {op} 1000 with x = {json}");
        }
    }

    [Test]
    public void AMissingVariable_IsStillAReferenceError()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var direct = sandbox.Prepare("x > 1000", ScriptKind.Expression, "direct");

        var error = Assert.Throws<ScriptRuntimeException>(() => sandbox.EvaluateExpression(direct, Variables("""{"y":1}"""), null));
        Assert.That((error!.ErrorName, error.ErrorMessage), Is.EqualTo(("ReferenceError", "x is not defined")));
    }

    [TestCase("x > y")]
    [TestCase("x + 1 > 1000")]
    [TestCase("x > \"1000\"")]
    [TestCase("x > -(-1000)")]
    [TestCase("x > +1000")]
    [TestCase("x > 1000n")]
    [TestCase("x in 1000")]
    [TestCase("Infinity > 1000")]
    [TestCase("x > 1000 && x < 2000")]
    [TestCase("x.length > 3")]
    public void OtherExpressions_AreNotAnsweredWithoutTheEngine(string text)
    {
        var sandbox = new JsSandbox(new SandboxOptions());

        Assert.That(sandbox.Prepare(text, ScriptKind.Expression, "other").Comparison, Is.Null);
    }

    [Test]
    public void LimitsTooTightForTheEngine_StillRefuseTheComparison()
    {
        var sandbox = new JsSandbox(new SandboxOptions { Limits = new SandboxLimits { MaxStatements = 1 } });
        var direct = sandbox.Prepare("x > 1000", ScriptKind.Expression, "direct");

        Assert.Throws<ScriptLimitExceededException>(() => sandbox.EvaluateExpression(direct, Variables("""{"x":5}"""), null));
    }

    /// <summary>The same comparison reading <c>ctx.x</c> (an input object's property, through the engine).</summary>
    private static string Rewrite(string text) => text.Replace("(x)", "(ctx.x)", StringComparison.Ordinal) switch
    {
        var t when t.StartsWith("x ", StringComparison.Ordinal) => "ctx.x " + t[2..],
        var t when t.EndsWith(" x", StringComparison.Ordinal) => t[..^2] + " ctx.x",
        var t => t,
    };

    private static Dictionary<string, JsonElement> Variables(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }
}
