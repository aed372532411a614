using System.Text.Json;
using Ocap.Workflow.Bpmn;

namespace Ocap.Workflow.Tests.Bpmn.Conformance;

/// <summary>
/// The betsy execution-semantics gate. Every case is run; supported cases must match betsy's expected log as a
/// multiset. Tests listed in <c>betsy-expectations.json</c> as unsupported must be refused at deployment with an
/// "element not executed" diagnostic (BPMN2xx); cases listed as known divergences must still diverge, so that a
/// change in behaviour shows up and the list is kept honest.
/// </summary>
public class BetsyConformanceTests
{
    private static readonly Lazy<JsonDocument> Manifest = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ConformanceCorpus.Root, "betsy", "manifest.json"))));

    private static readonly Lazy<JsonDocument> Expectations = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ConformanceCorpus.Repository, "tests", "Ocap.Workflow.Tests", "Bpmn", "Conformance", "betsy-expectations.json"))));

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var test in Manifest.Value.RootElement.GetProperty("tests").EnumerateArray())
        {
            var name = test.GetProperty("name").GetString()!;
            foreach (var testCase in test.GetProperty("cases").EnumerateArray())
            {
                var number = testCase.GetProperty("number").GetInt32();
                yield return new TestCaseData(name, number).SetName($"Betsy_{test.GetProperty("group").GetString()}_{name}_{number}");
            }
        }
    }

    internal static (JsonElement Test, JsonElement Case) Find(string name, int number)
    {
        var test = Manifest.Value.RootElement.GetProperty("tests").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);
        var testCase = test.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("number").GetInt32() == number);
        return (test, testCase);
    }

    private static HashSet<string> Unsupported() =>
        Expectations.Value.RootElement.GetProperty("unsupported").EnumerateObject().Select(p => p.Name).ToHashSet();

    private static HashSet<string> Divergent() =>
        Expectations.Value.RootElement.GetProperty("divergent").EnumerateObject().Select(p => p.Name).ToHashSet();

    internal static (List<string> Observed, List<string> Expected, BetsyRun Run) Execute(string name, int number)
    {
        var (test, testCase) = Find(name, number);
        var xml = BetsyTemplate.Instantiate(Path.Combine(ConformanceCorpus.Root, "betsy", test.GetProperty("file").GetString()!));
        var run = new BetsyRun();
        var observed = run.Observe(xml, testCase, test.GetProperty("processId").GetString()!);
        var expected = testCase.GetProperty("betsyExpectedLog").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToList();
        return (observed, expected, run);
    }

    [TestCaseSource(nameof(Cases))]
    public void Case_BehavesAsBetsyExpectsOrIsRefusedAsUnsupported(string name, int number)
    {
        var (observed, expected, run) = Execute(name, number);
        if (Unsupported().Contains(name))
        {
            Assert.That(run.DeploymentDiagnostics, Is.Not.Null, "an unsupported test must be refused at deployment");
            Assert.That(run.DeploymentDiagnostics!.Any(d => d.Severity == BpmnSeverity.Error && d.Code.StartsWith("BPMN2", StringComparison.Ordinal)), Is.True,
                string.Join("; ", run.DeploymentDiagnostics!.Select(d => d.Format(name))));
            return;
        }

        if (Divergent().Contains($"{name}#{number}"))
        {
            Assert.That(observed, Is.Not.EqualTo(expected), "a known divergence now passes: remove it from betsy-expectations.json");
            return;
        }

        Assert.That(observed, Is.EqualTo(expected),
            run.DeploymentDiagnostics is { } diagnostics ? string.Join("; ", diagnostics.Where(d => d.Severity == BpmnSeverity.Error).Select(d => d.Format(name))) : null);
        var (_, testCase) = Find(name, number);
        if (testCase.TryGetProperty("expectedTimeout", out var timeout) && timeout.GetBoolean())
        {
            Assert.That(run.MainState?.Status, Is.EqualTo(Ocap.Workflow.Bpmn.Execution.BpmnInstanceStatus.Active), "the instance must not complete (deadlock or waiting forever)");
        }
    }

    [Test]
    public void Expectations_NameOnlyTestsOfTheManifest()
    {
        var names = Manifest.Value.RootElement.GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToHashSet();
        Assert.That(Unsupported().Except(names), Is.Empty);
        Assert.That(Divergent().Select(d => d.Split('#')[0]).Except(names), Is.Empty);
    }

    [Test]
    public void Summary_PassCountsPerGroup()
    {
        var counts = new SortedDictionary<string, (int Pass, int Total)>(StringComparer.Ordinal);
        foreach (var data in Cases())
        {
            var name = (string)data.Arguments[0]!;
            var number = (int)data.Arguments[1]!;
            var group = Find(name, number).Test.GetProperty("group").GetString()!;
            var (observed, expected, _) = Execute(name, number);
            var (pass, total) = counts.GetValueOrDefault(group);
            counts[group] = (pass + (observed.SequenceEqual(expected) ? 1 : 0), total + 1);
        }

        foreach (var (group, (pass, total)) in counts)
        {
            TestContext.Out.WriteLine($"betsy {group}: {pass}/{total}");
        }

        TestContext.Out.WriteLine($"betsy total: {counts.Values.Sum(c => c.Pass)}/{counts.Values.Sum(c => c.Total)}");
        Assert.That(counts.Values.Sum(c => c.Total), Is.EqualTo(210));
    }
}
