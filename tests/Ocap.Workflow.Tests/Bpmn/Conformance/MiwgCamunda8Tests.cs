using System.Text.Json;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Tests.Bpmn.Conformance;

/// <summary>
/// The MIWG files that carry Camunda 8 (zeebe) extensions and an executable process. With FEEL wired into BPMN,
/// 13 of these 23 lint clean (4 did before); every clean one runs with each task completed as it comes and
/// timers advanced, without an incident. The other 10 keep diagnostics that have nothing to do with FEEL (message
/// end events with no message, timers with no value, a multi-instance with no collection), asserted here so any
/// change is visible.
/// </summary>
public class MiwgCamunda8Tests
{
    private static readonly string[] Clean =
    [
        "reference/C.8.1.bpmn", "reference/C.9.1.bpmn", "reference/C.9.2.bpmn",
        "exports/ADONIS 17.0/C.8.1-roundtrip.bpmn", "exports/ARIS 10.2025.07/C.9.1-roundtrip.bpmn",
        "exports/BPMN-Modeler for Confluence Enterprise 3.38.0/C.8.1-roundtrip.bpmn",
        "exports/bpmn.io (Camunda Modeler) 18.6.1/C.8.1-roundtrip.bpmn",
        "exports/Open-BPMN 1.2.8_2/C.8.1-roundtrip.bpmn", "exports/Open-BPMN 1.2.8_2/C.9.1-roundtrip.bpmn",
        "exports/Open-BPMN 1.2.8_2/C.9.2-roundtrip.bpmn", "exports/SAP Signavio Process Manager 19.9.0/C.9.2-roundtrip.bpmn",
        "exports/Trisotech Workflow Modeler 12.6.3/C.9.1-roundtrip.bpmn", "exports/Trisotech Workflow Modeler 12.6.3/C.9.2-roundtrip.bpmn",
    ];

    private static readonly string[] NonFeelCodes = ["BPMN306", "BPMN307", "BPMN308", "BPMN313", "BPMN315", "BPMN319", "BPMN323"];

    public static IEnumerable<TestCaseData> Files()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ConformanceCorpus.Root, "miwg", "manifest.json")));
        foreach (var file in document.RootElement.GetProperty("files").EnumerateArray())
        {
            var path = file.GetProperty("file").GetString()!;
            if (file.GetProperty("isExecutable").ValueKind != JsonValueKind.True || file.GetProperty("expectedParseOutcome").GetString() == "reject")
            {
                continue;
            }

            var text = File.ReadAllText(Path.Combine(ConformanceCorpus.Root, "miwg", path));
            if (text.Contains("http://camunda.org/schema/zeebe/1.0", StringComparison.Ordinal))
            {
                yield return new TestCaseData(path).SetName($"MiwgCamunda8_{path.Replace('/', '_').Replace('.', '_').Replace(' ', '_')}");
            }
        }
    }

    [Test]
    public void Corpus_Has23ExecutableCamunda8Files() => Assert.That(Files().Count(), Is.EqualTo(23));

    [TestCaseSource(nameof(Files))]
    public void Camunda8File_LintsCleanAndRuns_OrKeepsOnlyDiagnosticsUnrelatedToFeel(string file)
    {
        var definitions = new BpmnReader().Read(File.ReadAllBytes(Path.Combine(ConformanceCorpus.Root, "miwg", file)), file);
        var errors = new BpmnValidator(new FakeScripts()).Validate(definitions).Where(d => d.Severity == BpmnSeverity.Error).ToList();
        if (!Clean.Contains(file))
        {
            Assert.That(errors, Is.Not.Empty);
            Assert.That(errors.Select(e => e.Code).Distinct(), Is.SubsetOf(NonFeelCodes), string.Join(Environment.NewLine, errors.Select(d => d.Format(file))));
            return;
        }

        Assert.That(errors, Is.Empty, string.Join(Environment.NewLine, errors.Select(d => d.Format(file))));
        var interpreter = new BpmnInterpreter(definitions, new FakeScripts());
        foreach (var process in definitions.Processes.Where(p => p.IsExecutable == true && p.Nodes.Any(n => n.Type == "startEvent" && n.EventDefinitions.Count == 0)))
        {
            var state = RunToTheEnd(interpreter, process.Id);
            Assert.That(state.Incidents.Select(i => i.Message), Is.Empty, process.Id);
            Assert.That(state.Status, Is.EqualTo(BpmnInstanceStatus.Completed), process.Id);
        }
    }

    /// <summary>Completes every waiting task with no data and fires due timers, as <c>ocapwf run --auto</c> does.</summary>
    private static BpmnInstanceState RunToTheEnd(BpmnInterpreter interpreter, string processId)
    {
        var at = Flow.T0;
        // The correlation keys these diagrams subscribe with (Zeebe raises an incident for a key that is null).
        var variables = new Dictionary<string, JsonElement>
        {
            ["documentReferenceId"] = JsonSerializer.SerializeToElement("D-1"),
            ["fraudSuspectedId"] = JsonSerializer.SerializeToElement("F-1"),
        };
        var started = interpreter.Start(processId, variables, at);
        EventLogOracle.AssertConsistent(started, 0, processId);
        var state = started.State;
        StateJsonOracle.AssertSameAsGenerator(state, processId);
        for (var i = 0; i < 100 && state.Status == BpmnInstanceStatus.Active && state.Incidents.Count == 0; i++)
        {
            var waiting = state.Executions.FirstOrDefault(e => e.Phase == "waiting" && !state.Subscriptions.Any(s => s.ExecutionId == e.Id && s.Kind != "timer"));
            var timer = state.Subscriptions.Where(s => s.Kind == "timer").OrderBy(s => s.DueAt).FirstOrDefault();
            BpmnCommand command = waiting is not null
                ? new CompleteTask(waiting.ElementId) { At = at, ExecutionId = waiting.Id }
                : timer is not null ? new AdvanceTime { At = at = timer.DueAt!.Value } : throw new AssertionException($"{processId} waits for a message or signal.");
            var step = interpreter.Apply(state, command);
            EventLogOracle.AssertConsistent(step, state.LastSequence, processId);
            state = step.State;
            StateJsonOracle.AssertSameAsGenerator(state, processId);
        }

        return state;
    }
}
