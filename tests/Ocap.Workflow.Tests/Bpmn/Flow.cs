using System.Text;
using System.Text.Json;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Tests.Bpmn;

/// <summary>
/// Runs one instance for a test. Every command is applied both to the live state and to a copy restored from
/// its JSON, and the two results must be identical: this checks the state round trip at every wait point. Neither
/// input state may change (the engine reuses a committed state object for its next command).
/// </summary>
internal sealed class Flow
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly BpmnInterpreter _interpreter;

    private Flow(BpmnInterpreter interpreter, BpmnStepResult start)
    {
        _interpreter = interpreter;
        StateJsonOracle.AssertSameAsGenerator(start.State, "started state");
        EventLogOracle.AssertConsistent(start, 0, "started");
        State = start.State;
        Events.AddRange(start.Events);
        Last = start;
    }

    public BpmnInstanceState State { get; private set; }

    public List<BpmnEvent> Events { get; } = [];

    public BpmnStepResult Last { get; private set; }

    public static string Definitions(string processBody, string roots = "", string processId = "p", string more = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                     xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:ocap="https://ocap-workflow.dev/schema/bpmn/1.0"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="test">
        {roots}
          <process id="{processId}" isExecutable="true">
        {processBody}
          </process>
        {more}
        </definitions>
        """;

    public static BpmnDefinitions Read(string xml) => new BpmnReader().Read(Encoding.UTF8.GetBytes(xml), "test.bpmn");

    public static Flow Start(string xml, FakeScripts? scripts = null, object? variables = null, string processId = "p")
    {
        var interpreter = new BpmnInterpreter(Read(xml), scripts ?? new FakeScripts());
        var vars = variables is null ? null
            : JsonSerializer.SerializeToElement(variables).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        return new Flow(interpreter, interpreter.Start(processId, vars, T0));
    }

    public Flow Apply(BpmnCommand command)
    {
        var before = State.ToJson();
        var restored = BpmnInstanceState.FromJson(before);
        Assert.That(restored.ToJson(), Is.EqualTo(before), "the state survives a JSON round trip");
        var live = _interpreter.Apply(State, command);
        Assert.That(State.ToJson(), Is.EqualTo(before), "the interpreter never changes the state it is given");
        StateJsonOracle.AssertSameAsGenerator(restored, "restored state");
        StateJsonOracle.AssertSameAsGenerator(live.State, "stepped state");
        EventLogOracle.AssertConsistent(live, State.LastSequence, "stepped");
        var again = _interpreter.Apply(restored, command);
        Assert.That(restored.ToJson(), Is.EqualTo(before), "the interpreter never changes the state it is given");
        Assert.That(again.State.ToJson(), Is.EqualTo(live.State.ToJson()), "a restored state behaves as the original");
        Assert.That(JsonSerializer.Serialize(again.Events), Is.EqualTo(JsonSerializer.Serialize(live.Events)));
        State = live.State;
        Events.AddRange(live.Events);
        Last = live;
        return this;
    }

    public Flow Complete(string elementId, object? data = null, int minutes = 0) =>
        Apply(new CompleteTask(elementId, data is null ? null : JsonSerializer.SerializeToElement(data).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()))
        { At = T0.AddMinutes(minutes) });

    public Flow Message(string name, string? key = null, int minutes = 0) => Apply(new CorrelateMessage(name, key) { At = T0.AddMinutes(minutes) });

    public Flow Signal(string name, int minutes = 0) => Apply(new BroadcastSignal(name) { At = T0.AddMinutes(minutes) });

    public Flow AdvanceTo(TimeSpan sinceStart) => Apply(new AdvanceTime { At = T0 + sinceStart });

    public IEnumerable<string> Completed => Events.Where(e => e.Type == "elementCompleted").Select(e => e.ElementId!);

    public IEnumerable<string> Activated => Events.Where(e => e.Type == "elementActivated").Select(e => e.ElementId!);

    public IEnumerable<string> Terminated => Events.Where(e => e.Type == "elementTerminated").Select(e => e.ElementId!);

    public IEnumerable<string> Waiting => State.Executions.Where(e => e.Phase == "waiting").Select(e => e.ElementId);

    public JsonElement Variable(string name)
    {
        var variables = State.Status == BpmnInstanceStatus.Active ? State.Executions.Single(e => e.ParentId is null).Variables : State.FinalVariables;
        return variables![name];
    }
}
