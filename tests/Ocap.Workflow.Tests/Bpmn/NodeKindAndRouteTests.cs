using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Tests.Bpmn.Conformance;

namespace Ocap.Workflow.Tests.Bpmn;

/// <summary>
/// Property: what the interpreter reads from a node's kind and route (ADR 0005, fifth pass) is what it read from the
/// type text and the graph's separate lookups: the kind follows the type however a node is made or copied, and a
/// route's arrays are the graph's own, for every node of every diagram of the MIWG corpus that loads.
/// </summary>
public class NodeKindAndRouteTests
{
    // The element names the type text was compared with before the kind existed (BpmnFlowNode.IsActivity's list).
    private static readonly string[] ActivityTypes =
    [
        "task", "userTask", "manualTask", "serviceTask", "sendTask", "receiveTask", "scriptTask", "businessRuleTask",
        "subProcess", "callActivity", "transaction", "adHocSubProcess",
    ];

    private static readonly string[] EveryTypeTheReaderKeeps =
    [
        "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent", "implicitThrowEvent",
        "task", "userTask", "manualTask", "serviceTask", "sendTask", "receiveTask", "scriptTask", "businessRuleTask",
        "subProcess", "transaction", "adHocSubProcess", "callActivity", "callChoreography", "subChoreography", "choreographyTask",
        "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway",
    ];

    [Test]
    public void Kind_OfEveryElementName_AgreesWithTheTypeText()
    {
        foreach (var type in EveryTypeTheReaderKeeps.Concat(["", "UserTask", "userTask ", "someGateway", "Gateway", "task2"]))
        {
            var node = Node(type);
            Assert.That(node.IsActivity, Is.EqualTo(ActivityTypes.Contains(type)), type);
            Assert.That(node.Kind.IsGateway(), Is.EqualTo(type.EndsWith("Gateway", StringComparison.Ordinal) && EveryTypeTheReaderKeeps.Contains(type)), type);
            Assert.That(node.Kind == BpmnNodeKind.Other, Is.EqualTo(!EveryTypeTheReaderKeeps.Contains(type) || type.Contains("horeography", StringComparison.Ordinal)), type);
            if (node.Kind != BpmnNodeKind.Other)
            {
                Assert.That(char.ToLowerInvariant(node.Kind.ToString()[0]) + node.Kind.ToString()[1..], Is.EqualTo(type), "the kind is named after its element");
            }
        }
    }

    [Test]
    public void Kind_FollowsTheType_InACopyWithAnotherType_AndEqualNodesHaveEqualKinds()
    {
        var task = Node("userTask");
        var gateway = task with { Type = "exclusiveGateway" };
        Assert.That((task.Kind, gateway.Kind), Is.EqualTo((BpmnNodeKind.UserTask, BpmnNodeKind.ExclusiveGateway)));
        Assert.That(gateway with { }, Is.EqualTo(gateway));
        Assert.That((gateway with { }).Kind, Is.EqualTo(BpmnNodeKind.ExclusiveGateway));
        Assert.That(gateway with { Type = "userTask" }, Is.EqualTo(task));
        Assert.That((gateway with { Type = "userTask" }).GetHashCode(), Is.EqualTo(task.GetHashCode()));
        Assert.That(task.ToString(), Does.Not.Contain(" Kind ="), "the kind is not part of the printed record");
    }

    [Test]
    public void Route_OfEveryNodeOfTheCorpus_IsTheGraphsOwnLookups()
    {
        var nodes = 0;
        foreach (var path in Directory.EnumerateFiles(Path.Combine(ConformanceCorpus.Root, "miwg"), "*.bpmn", SearchOption.AllDirectories))
        {
            BpmnDefinitions definitions;
            try
            {
                definitions = new BpmnReader().Read(File.ReadAllBytes(path), Path.GetFileName(path));
            }
            catch (BpmnValidationException)
            {
                continue; // refused files are the parse gate's subject
            }

            foreach (var process in definitions.Processes)
            {
                var graph = new ProcessGraph(process);
                foreach (var node in process.AllNodes)
                {
                    nodes++;
                    AssertRoute(graph, node, graph.Route(node), sameArrays: true, path);

                    // Another object with the same content (not a node of the graph) is routed by its id.
                    var copy = node with { };
                    AssertRoute(graph, copy, graph.Route(copy), sameArrays: false, path);
                }
            }
        }

        Assert.That(nodes, Is.GreaterThan(1000), "the corpus was read");
    }

    [Test]
    public void Start_OfTheOnlyProcess_FindsItByAnEqualId_AndRefusesAnyOtherId()
    {
        var interpreter = new BpmnInterpreter(Flow.Read(Flow.Definitions("""<startEvent id="s" /><sequenceFlow id="f" sourceRef="s" targetRef="t" /><userTask id="t" />""")), new FakeScripts());
        var equalId = new string(['p']);
        var started = interpreter.Start(equalId, null, DateTimeOffset.UnixEpoch);
        Assert.That(started.State.Executions.Select(e => e.ElementId), Is.EqualTo(new[] { "p", "t" }));
        Assert.That(interpreter.FindProcess(equalId), Is.SameAs(interpreter.Definitions.Processes[0]));
        Assert.That(interpreter.FindProcess("q"), Is.Null);
        Assert.That(interpreter.FindProcess("P"), Is.Null);
        var refused = Assert.Throws<BpmnCommandRejectedException>(() => interpreter.Start("q", null, DateTimeOffset.UnixEpoch));
        Assert.That(refused!.Message, Does.Contain("no process 'q'"));
    }

    [Test]
    public void Start_OfEitherOfTwoProcesses_FindsEachInTheTable()
    {
        var second = """<process id="q" isExecutable="true"><startEvent id="s2" /><sequenceFlow id="f2" sourceRef="s2" targetRef="t2" /><userTask id="t2" /></process>""";
        var interpreter = new BpmnInterpreter(Flow.Read(Flow.Definitions("""<startEvent id="s" /><sequenceFlow id="f" sourceRef="s" targetRef="t" /><userTask id="t" />""", more: second)), new FakeScripts());
        Assert.That(interpreter.Start("p", null, DateTimeOffset.UnixEpoch).State.Executions.Select(e => e.ElementId), Is.EqualTo(new[] { "p", "t" }));
        Assert.That(interpreter.Start("q", null, DateTimeOffset.UnixEpoch).State.Executions.Select(e => e.ElementId), Is.EqualTo(new[] { "q", "t2" }));
        Assert.That(interpreter.FindProcess("q"), Is.SameAs(interpreter.Definitions.Processes[1]));
        Assert.Throws<BpmnCommandRejectedException>(() => interpreter.Start("r", null, DateTimeOffset.UnixEpoch));
    }

    private static void AssertRoute(ProcessGraph graph, BpmnFlowNode node, NodeRoute route, bool sameArrays, string what)
    {
        var outgoing = graph.Outgoing(node.Id);
        Assert.That(route.Outgoing, sameArrays ? Is.SameAs(outgoing) : Is.EqualTo(outgoing), what);
        Assert.That(route.Boundaries, sameArrays ? Is.SameAs(graph.BoundaryEventsOf(node)) : Is.EqualTo(graph.BoundaryEventsOf(node.Id)), what);
        Assert.That(route.Targets, Has.Length.EqualTo(outgoing.Length));
        for (var i = 0; i < outgoing.Length; i++)
        {
            Assert.That(route.Targets[i], Is.SameAs(graph.TargetOf(outgoing[i])), what);
            Assert.That(route.Only[i], Is.SameAs(graph.Only(outgoing[i])), what);
            Assert.That(route.IsDefault[i], Is.EqualTo(outgoing[i].Id == node.DefaultFlow), what);
        }
    }

    private static BpmnFlowNode Node(string type) => new() { Id = "n", Type = type, ScopeId = "p" };
}
