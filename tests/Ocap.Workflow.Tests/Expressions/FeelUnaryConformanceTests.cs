using System.Text.Json.Nodes;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Tests.Expressions;

/// <summary>
/// Unary tests (DMN input entries) against the table in <c>feel-unary-cases.json</c>, produced with feelin's
/// <c>unaryTest</c>; deliberate differences are listed under <c>unaryDifferences</c> in <c>feel-differences.json</c>.
/// </summary>
public class FeelUnaryConformanceTests
{
    private static readonly string Folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Expressions");

    public static IEnumerable<TestCaseData> Cases()
    {
        var cases = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "feel-unary-cases.json")))!["cases"]!.AsArray();
        var differences = LoadDifferences();
        foreach (var c in cases)
        {
            var tests = (string)c!["tests"]!;
            var input = c["input"]?.ToJsonString() ?? "null";
            var context = c["context"]?.ToJsonString();
            var key = Key(tests, input);
            var expected = differences.TryGetValue(key, out var d) ? d["ours"]?.ToJsonString() : c["feelin"]?.ToJsonString();
            yield return new TestCaseData(tests, input, context, expected ?? "null")
                .SetName($"Test_{Sanitize(tests)}_against_{Sanitize(input)}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Test_AgreesWithFeelinOrTheRecordedDifference(string tests, string input, string? context, string expected)
    {
        var variables = FeelContext.FromJson(context is null ? null : JsonNode.Parse(context)!.AsObject());
        var result = FeelUnaryTests.Parse(tests).Test(JsonNode.Parse(input), variables);
        var actual = result is null ? "null" : result.Value ? "true" : "false";
        Assert.That(actual, Is.EqualTo(expected), $"{tests} against {input}");
    }

    [Test]
    public void UnaryDifferences_EveryEntryNamesACaseAndGivesAReason()
    {
        var cases = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "feel-unary-cases.json")))!["cases"]!.AsArray()
            .Select(c => Key((string)c!["tests"]!, c["input"]?.ToJsonString() ?? "null")).ToHashSet();
        foreach (var (key, entry) in LoadDifferences())
        {
            Assert.That(cases, Does.Contain(key), "difference without a case");
            Assert.That((string?)entry["reason"], Is.Not.Null.And.Not.Empty, key);
        }
    }

    private static Dictionary<string, JsonObject> LoadDifferences()
    {
        var list = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "feel-differences.json")))!["unaryDifferences"]!.AsArray();
        return list.ToDictionary(d => Key((string)d!["tests"]!, d["input"]?.ToJsonString() ?? "null"), d => d!.AsObject());
    }

    private static string Key(string tests, string input) => tests + "|" + input;

    private static string Sanitize(string text) =>
        new string([.. text.Select(ch => char.IsLetterOrDigit(ch) ? ch : '_')]).Trim('_');
}
