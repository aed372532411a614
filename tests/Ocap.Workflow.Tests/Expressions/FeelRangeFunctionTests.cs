using System.Text.Json.Nodes;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Tests.Expressions;

/// <summary>
/// The range functions of DMN 1.4 §10.3.4.7, table-driven from <c>feel-range-cases.json</c>: each case carries the
/// answer the specification's formulas give (<c>spec</c>) and what feelin answered. Every case must give the
/// specification's answer; where feelin implements the function (positional <c>before</c>, <c>after</c>,
/// <c>meets</c>, <c>met by</c>, <c>overlaps</c>, <c>includes</c>), it must also agree with feelin, apart from the
/// differences listed below with their reasons.
/// </summary>
public class FeelRangeFunctionTests
{
    private static readonly string Folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Expressions");

    // feelin 8.2.0 implements these positionally; the others it answers with null ("not implemented"), and it
    // names parameters (a, b) rather than as the specification does.
    private static readonly string[] FeelinImplements = ["before(", "after(", "meets(", "met by(", "overlaps(", "includes("];

    /// <summary>Where we deliberately answer differently from feelin, and why.</summary>
    private static readonly Dictionary<string, string> Differences = new(StringComparer.Ordinal)
    {
        ["before(> 5, 10)"] = "an unbounded end lies above every value, so '> 5' is not before 10; feelin ignores the unbounded end",
        ["overlaps(< 5, > 3)"] = "the two unbounded ranges share (3..5); feelin's overlap test mishandles unbounded ends",
        ["before(null, 1)"] = "a null argument gives null in FEEL; feelin compares null as a JavaScript value",
        ["before(1, null)"] = "a null argument gives null in FEEL; feelin compares null as a JavaScript value",
        ["after(null, 1)"] = "a null argument gives null in FEEL; feelin compares null as a JavaScript value",
        ["before(1, \"a\")"] = "points of different types cannot be ordered, so the answer is null; feelin compares them as JavaScript does",
        ["after(\"b\", 1)"] = "points of different types cannot be ordered, so the answer is null; feelin compares them as JavaScript does",
        ["before(true, false)"] = "booleans are not ordered in FEEL, so the answer is null; feelin compares them as JavaScript does",
        ["before([1..5], [\"a\"..\"z\"])"] = "endpoints of different types cannot be ordered, so the answer is null",
        ["meets([1..5], [\"a\"..\"z\"])"] = "endpoints of different types cannot be ordered, so the answer is null",
        ["includes([1..10], \"a\")"] = "a string cannot lie in a number range, so the answer is null",
    };

    private static JsonArray Load() => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "feel-range-cases.json")))!["cases"]!.AsArray();

    public static IEnumerable<TestCaseData> Cases() =>
        Load().Select(c => new TestCaseData((string)c!["expression"]!).SetName("Range_" + (string)c["expression"]!));

    [TestCaseSource(nameof(Cases))]
    public void Evaluate_GivesTheSpecificationsAnswer(string expression)
    {
        var c = Load().Single(x => (string)x!["expression"]! == expression)!;
        var actual = FeelExpression.Parse(expression).Evaluate((JsonObject?)null);
        Assert.That(JsonNode.DeepEquals(actual, c["spec"]), Is.True, $"{expression} gave {actual?.ToJsonString() ?? "null"}, the specification says {c["spec"]?.ToJsonString() ?? "null"}");
    }

    [TestCaseSource(nameof(Cases))]
    public void Evaluate_AgreesWithFeelinWhereItImplementsTheFunction(string expression)
    {
        var c = Load().Single(x => (string)x!["expression"]! == expression)!;
        var compared = FeelinImplements.Any(expression.StartsWith) && !expression.Contains(": ", StringComparison.Ordinal) && c["feelinError"] is null;
        var actual = FeelExpression.Parse(expression).Evaluate((JsonObject?)null);
        if (!compared || Differences.ContainsKey(expression))
        {
            Assert.That(Differences.ContainsKey(expression) == (compared && !JsonNode.DeepEquals(actual, c["feelin"])), Is.True,
                $"{expression}: a difference is listed exactly when feelin implements the call and answers otherwise");
            return;
        }

        Assert.That(JsonNode.DeepEquals(actual, c["feelin"]), Is.True, $"{expression} gave {actual?.ToJsonString() ?? "null"}, feelin {c["feelin"]?.ToJsonString() ?? "null"}");
    }

    [Test]
    public void Corpus_CoversEveryRangeFunction()
    {
        var expressions = Load().Select(c => (string)c!["expression"]!).ToList();
        foreach (var name in new[] { "before", "after", "meets", "met by", "overlaps", "overlaps before", "overlaps after", "finishes", "finished by", "includes", "during", "starts", "started by", "coincides" })
        {
            Assert.That(expressions.Count(e => e.StartsWith(name + "(", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(5), name);
        }
    }

    [TestCase("before(x: 1, y: 2)", "before has no signature with parameters (x, y)")]
    [TestCase("meets(point: 1, range: [1..2])", "meets has no signature with parameters (point, range)")]
    [TestCase("coincides(1, 2, 3)", "coincides does not take 3 arguments")]
    [TestCase("overlaps before([1..2])", "overlaps before does not take 1 argument")]
    public void Parse_UnknownParameterNameOrArgumentCount_IsAParseError(string expression, string reason)
    {
        var e = Assert.Throws<FeelParseException>(() => FeelExpression.Parse(expression));
        Assert.That(e!.Reason, Does.StartWith(reason));
    }

    [Test]
    public void Evaluate_RangeFromContext_ComparesAgainstVariables()
    {
        var result = FeelExpression.Parse("during(amount, [low..high))").Evaluate(new JsonObject { ["amount"] = 10, ["low"] = 1, ["high"] = 10 });
        Assert.That(result!.GetValue<bool>(), Is.False);
    }
}
