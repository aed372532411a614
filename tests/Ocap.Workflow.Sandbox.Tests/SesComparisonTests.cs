using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>
/// Property: for each probe recorded under SES 2.3 (Reference/ses-2.3-probes.json), the sandbox behaves as SES does,
/// or as the recorded, explained deviation says.
/// </summary>
public class SesComparisonTests
{
    private static readonly JsSandbox Sandbox = new(new SandboxOptions { AllowHostTimeAndRandomness = false });

    public static IEnumerable<TestCaseData> Probes()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Reference", "ses-2.3-probes.json");
        var doc = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var probe in doc["probes"]!.AsArray())
        {
            yield return new TestCaseData(probe!["code"]!.GetValue<string>(), (probe["ours"] ?? probe["ses"])!.ToJsonString())
                .SetName($"Probe_BehavesAsRecorded({probe["name"]!.GetValue<string>()})");
        }
    }

    [TestCaseSource(nameof(Probes))]
    public async Task Probe_BehavesAsRecorded(string code, string expectedJson)
    {
        var expected = JsonNode.Parse(expectedJson)!;
        JsonObject actual;
        try
        {
            var value = await Sandbox.RunAsync(code);
            actual = new JsonObject { ["ok"] = true, ["value"] = value };
        }
        catch (ScriptRuntimeException e)
        {
            actual = new JsonObject { ["ok"] = false, ["error"] = e.ErrorName };
        }

        Assert.That(JsonNode.DeepEquals(actual, expected), Is.True, $"expected {expected.ToJsonString()}, got {actual.ToJsonString()}");
    }
}
