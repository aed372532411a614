using System.Text.Json;
using Ocap.Workflow.Bpmn;

namespace Ocap.Workflow.Tests.Bpmn.Conformance;

/// <summary>
/// The OMG MIWG parse gate: every one of the 171 files either loads or is refused with located diagnostics,
/// and nothing crashes, hangs or leaks another exception type.
/// </summary>
public class MiwgParseGateTests
{
    public static IEnumerable<TestCaseData> Files()
    {
        var manifest = Path.Combine(ConformanceCorpus.Root, "miwg", "manifest.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
        foreach (var file in document.RootElement.GetProperty("files").EnumerateArray())
        {
            var path = file.GetProperty("file").GetString()!;
            var outcome = file.GetProperty("expectedParseOutcome").GetString()!;
            var executable = file.GetProperty("isExecutable").ValueKind == JsonValueKind.True;
            yield return new TestCaseData(path, outcome, executable).SetName($"Miwg_{path.Replace('/', '_').Replace('.', '_')}");
        }
    }

    [Test]
    public void Manifest_Lists171Files() => Assert.That(Files().Count(), Is.EqualTo(171));

    [TestCaseSource(nameof(Files))]
    public void Read_LoadsOrRefusesWithLocatedDiagnostics(string file, string expectedOutcome, bool executable)
    {
        var bytes = File.ReadAllBytes(Path.Combine(ConformanceCorpus.Root, "miwg", file));
        var reader = new BpmnReader();
        if (expectedOutcome == "reject")
        {
            var e = Assert.Throws<BpmnValidationException>(() => reader.Read(bytes, file));
            Assert.That(e!.Diagnostics, Is.Not.Empty);
            Assert.That(e.Diagnostics[0].Line, Is.GreaterThan(0));
            Assert.That(e.Diagnostics[0].Column, Is.GreaterThan(0));
            return;
        }

        var definitions = reader.Read(bytes, file);
        Assert.That(definitions.ReadDiagnostics.All(d => d.Line > 0 && d.Message.Length > 0), Is.True);
        var diagnostics = new BpmnValidator().Validate(definitions);
        Assert.That(diagnostics.All(d => d.Message.EndsWith('.') && (d.ElementId is null || d.Line > 0)), Is.True,
            string.Join(Environment.NewLine, diagnostics.Select(d => d.Format(file))));
        if (!executable)
        {
            Assert.That(diagnostics.Where(d => d.Severity == BpmnSeverity.Error && !d.Code.StartsWith("BPMN1", StringComparison.Ordinal)), Is.Empty,
                "non-executable processes get warnings, not deploy errors");
        }
    }

    [Test]
    public void Read_EveryReferenceModelCutShort_IsRefusedWithATypedErrorNeverACrash()
    {
        var reader = new BpmnReader();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(ConformanceCorpus.Root, "miwg", "reference"), "*.bpmn"))
        {
            var bytes = File.ReadAllBytes(path);
            foreach (var cut in new[] { bytes.Length / 3, bytes.Length / 2, bytes.Length - 20 })
            {
                var e = Assert.Throws<BpmnValidationException>(() => reader.Read(bytes.AsSpan(0, cut), path), path);
                Assert.That(e!.Diagnostics[0].Line, Is.GreaterThan(0), path);
            }
        }
    }
}
