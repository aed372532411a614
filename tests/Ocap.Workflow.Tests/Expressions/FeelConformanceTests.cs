using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Tests.Expressions;

/// <summary>
/// The conformance table: every case in <c>feel-cases.json</c> (expected values produced by running the
/// <c>feelin</c> reference interpreter, see <c>README.md</c> beside it) must give feelin's answer, except the
/// cases listed with a reason in <c>feel-differences.json</c>, which must give the answer recorded there.
/// </summary>
public class FeelConformanceTests
{
    private static readonly string Folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Expressions");

    public static IEnumerable<TestCaseData> Cases()
    {
        var cases = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "feel-cases.json")))!["cases"]!.AsArray();
        var differences = LoadDifferences();
        foreach (var c in cases)
        {
            var expression = (string)c!["expression"]!;
            var context = c["context"]?.AsObject();
            var key = Key(expression, context);
            JsonNode? expected;
            if (differences.TryGetValue(key, out var difference))
            {
                expected = difference["ours"]?.DeepClone();
            }
            else if (c["feelinError"] is not null)
            {
                expected = new JsonObject { ["error"] = "feelin raised: " + (string)c["feelinError"]! };
            }
            else
            {
                expected = c["feelin"]?.DeepClone();
            }

            yield return new TestCaseData(expression, context?.ToJsonString(), expected?.ToJsonString())
                .SetName($"Evaluate_{Sanitize((string)c["group"]!)}_{Sanitize(expression)}{(context is null ? string.Empty : "_with_" + Sanitize(context.ToJsonString()))}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Evaluate_AgreesWithFeelinOrTheRecordedDifference(string expression, string? context, string? expected)
    {
        var actual = Outcome(expression, context is null ? null : JsonNode.Parse(context)!.AsObject());
        Assert.That(Same(actual, expected is null ? null : JsonNode.Parse(expected)), Is.True,
            $"{expression} gave {actual?.ToJsonString() ?? "null"}, expected {expected ?? "null"}");
    }

    [Test]
    public void Differences_EveryEntryNamesACaseAndGivesAReason()
    {
        var cases = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "feel-cases.json")))!["cases"]!.AsArray()
            .Select(c => Key((string)c!["expression"]!, c["context"]?.AsObject())).ToHashSet();
        foreach (var (key, entry) in LoadDifferences())
        {
            Assert.That(cases, Does.Contain(key), "difference without a case");
            Assert.That((string?)entry["reason"], Is.Not.Null.And.Not.Empty, key);
        }
    }

    internal static JsonNode? Outcome(string expression, JsonObject? context)
    {
        try
        {
            return FeelExpression.Parse(expression).Evaluate(context, new FeelEvaluationOptions());
        }
        catch (FeelException e)
        {
            return new JsonObject { ["error"] = e.ErrorType };
        }
    }

    private static Dictionary<string, JsonObject> LoadDifferences()
    {
        var list = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "feel-differences.json")))!["differences"]!.AsArray();
        return list.ToDictionary(d => Key((string)d!["expression"]!, d["context"]?.AsObject()), d => d!.AsObject());
    }

    private static string Key(string expression, JsonObject? context) => expression + "|" + (context?.ToJsonString() ?? string.Empty);

    private static string Sanitize(string text) =>
        new string([.. text.Select(ch => char.IsLetterOrDigit(ch) ? ch : '_')]).Trim('_');

    /// <summary>JSON equality with numbers compared by value (<c>1.0</c> equals <c>1</c>).</summary>
    private static bool Same(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        switch (a, b)
        {
            case (JsonArray x, JsonArray y):
                return x.Count == y.Count && x.Zip(y).All(p => Same(p.First, p.Second));
            case (JsonObject x, JsonObject y):
                return x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var other) && Same(p.Value, other));
            case (JsonValue x, JsonValue y):
                if (x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number)
                {
                    return decimal.Parse(x.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture)
                        == decimal.Parse(y.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
                }

                return x.ToJsonString() == y.ToJsonString();
            default:
                return false;
        }
    }
}
