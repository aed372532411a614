using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Tests.Bpmn.Conformance;

/// <summary>
/// One betsy case in a fresh "engine": deploys the instantiated file, starts processes, routes thrown messages
/// and signals between the instances of the run (and to message/signal start events), advances a virtual clock,
/// and collects the observed log exactly as betsy's assertions define it.
/// </summary>
internal sealed class BetsyRun
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<string> _log = [];
    private readonly List<(BpmnInstanceState State, bool Main)> _instances = [];
    private readonly Queue<(BpmnEvent Event, int Source)> _thrown = new();
    private BpmnInterpreter _interpreter = null!;
    private bool _marker;
    private bool _dataCorrect;
    private bool _runtimeError;
    private DateTimeOffset _now = Epoch;

    public List<string> Observe(byte[] xml, JsonElement testCase, string processId)
    {
        var evaluator = new SandboxBpmnScriptEvaluator(
            new SandboxOptions { GrantedCapabilities = new HashSet<string>(StringComparer.Ordinal) { "betsy" } },
            capabilities: [BetsyCapability()]);
        try
        {
            var definitions = new BpmnReader().Read(xml, processId + ".bpmn");
            _interpreter = new BpmnInterpreter(definitions, evaluator);
        }
        catch (BpmnValidationException e)
        {
            DeploymentDiagnostics = e.Diagnostics;
            return Finish(["ERROR_deployment"], testCase);
        }

        if (testCase.TryGetProperty("startFirst", out var startFirst))
        {
            foreach (var id in startFirst.EnumerateArray())
            {
                Start(id.GetString()!, null, null, main: false);
            }
        }

        var inputs = testCase.GetProperty("inputs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        Start(processId, inputs, null, main: true);
        if (testCase.TryGetProperty("waitMs", out var wait))
        {
            AdvanceTo(Epoch.AddMilliseconds(wait.GetInt32()));
        }

        var observed = new List<string>(_log);
        if (_marker)
        {
            observed.Add("MARKER_exists");
        }

        if (_dataCorrect)
        {
            observed.Add("DATA_correct");
        }

        if (_runtimeError)
        {
            observed.Add("ERROR_runtime");
        }

        if (_instances.Any(i => i.Main && i.State.Status == BpmnInstanceStatus.Failed))
        {
            observed.Add("ERROR_thrownErrorEvent");
        }

        return Finish(observed, testCase);
    }

    public IReadOnlyList<BpmnDiagnostic>? DeploymentDiagnostics { get; private set; }

    public BpmnInstanceState? MainState => _instances.FirstOrDefault(i => i.Main).State;

    private static List<string> Finish(List<string> observed, JsonElement testCase)
    {
        var expectsGenericError = testCase.GetProperty("betsyExpectedLog").EnumerateArray().Any(e => e.GetString() == "ERROR");
        if (expectsGenericError)
        {
            observed = observed.Select(o => o is "ERROR_deployment" or "ERROR_runtime" ? "ERROR" : o).ToList();
        }

        observed.Sort(StringComparer.Ordinal);
        return observed;
    }

    // The test-only capability betsy's instantiated scripts call (PLACEHOLDERS.md): it appends to the trace.
    private SandboxCapability BetsyCapability() =>
        SandboxCapability.Create("betsy")
            .Method("begin", _ => null)
            .Method("trace", args =>
            {
                var entry = args[0]!.ToString();
                _log.Add(entry == "increment" ? "INCREMENT_correct" : "SCRIPT_" + entry);
                return null;
            })
            .Method("marker", _ =>
            {
                _marker = true;
                return null;
            })
            .Method("data", args =>
            {
                _dataCorrect |= args.Count > 0 && args[0] is JsonValue value && value.TryGetValue<string>(out var text) && text == "String";
                return null;
            })
            // Busy-waiting has no meaning on a virtual clock: the script returns at once (see the closing notes).
            .Method("busy", _ => null)
            .Method("interval", _ => null)
            .Build();

    private void Start(string processId, Dictionary<string, JsonElement>? variables, string? startEventId, bool main)
    {
        var result = _interpreter.Start(processId, variables, _now, startEventId);
        StateJsonOracle.AssertSameAsGenerator(result.State, processId);
        EventLogOracle.AssertConsistent(result, 0, processId);
        _instances.Add((result.State, main));
        Absorb(result.Events, _instances.Count - 1);
        Route();
    }

    private void Absorb(IReadOnlyList<BpmnEvent> events, int source)
    {
        foreach (var e in events)
        {
            if (e.Type is "messageSent" or "signalThrown")
            {
                _thrown.Enqueue((e, source));
            }

            if (e.Type == "incident")
            {
                _runtimeError = true;
            }
        }
    }

    private void Apply(int index, BpmnCommand command)
    {
        var result = _interpreter.Apply(_instances[index].State, command);
        StateJsonOracle.AssertSameAsGenerator(result.State, command.GetType().Name);
        EventLogOracle.AssertConsistent(result, _instances[index].State.LastSequence, command.GetType().Name);
        _instances[index] = (result.State, _instances[index].Main);
        Absorb(result.Events, index);
    }

    private void Route()
    {
        while (_thrown.TryDequeue(out var item))
        {
            var thrown = item.Event;
            if (thrown.Type == "signalThrown")
            {
                // The throwing instance's own catchers were reached inside the step.
                for (var i = 0; i < _instances.Count; i++)
                {
                    if (i != item.Source && _instances[i].State.Status == BpmnInstanceStatus.Active)
                    {
                        Apply(i, new BroadcastSignal(thrown.Ref!) { At = _now });
                    }
                }

                foreach (var (process, start) in Starters(BpmnEventKind.Signal, thrown.Ref!))
                {
                    Start(process, null, start, main: false);
                }

                continue;
            }

            var delivered = false;
            for (var i = 0; i < _instances.Count && !delivered; i++)
            {
                if (_instances[i].State.Status == BpmnInstanceStatus.Active
                    && _instances[i].State.Subscriptions.Any(s => s.Kind == "message" && s.Name == thrown.Ref))
                {
                    Apply(i, new CorrelateMessage(thrown.Ref!) { At = _now });
                    delivered = true;
                }
            }

            if (!delivered && Starters(BpmnEventKind.Message, thrown.Ref!).FirstOrDefault() is { Process: not null } starter)
            {
                Start(starter.Process, null, starter.Start, main: false);
            }
        }
    }

    private IEnumerable<(string Process, string Start)> Starters(BpmnEventKind kind, string name)
    {
        foreach (var process in _interpreter.Definitions.Processes)
        {
            foreach (var node in process.Nodes)
            {
                var matches = (node.Type == "startEvent" && node.EventKind == kind && node.EventDefinitions[0].ReferenceName == name)
                    || (kind == BpmnEventKind.Message && node is { Type: "receiveTask", Instantiate: true } && node.MessageName == name);
                if (matches)
                {
                    yield return (process.Id, node.Id);
                }
            }
        }
    }

    private void AdvanceTo(DateTimeOffset target)
    {
        while (true)
        {
            var next = _instances.Select((instance, index) => (index, due: instance.State.Status != BpmnInstanceStatus.Active ? null
                    : instance.State.Subscriptions.Where(s => s.Kind == "timer").Min(s => s.DueAt)))
                .Where(x => x.due is not null && x.due <= target)
                .OrderBy(x => x.due).FirstOrDefault();
            if (next.due is null)
            {
                break;
            }

            _now = next.due.Value;
            Apply(next.index, new AdvanceTime { At = _now });
            Route();
        }

        _now = target;
    }
}
