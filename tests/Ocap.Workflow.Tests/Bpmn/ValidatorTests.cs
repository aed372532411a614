using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using static Ocap.Workflow.Tests.Bpmn.Flow;

namespace Ocap.Workflow.Tests.Bpmn;

public class ValidatorTests
{
    private const string Ok = """<startEvent id="s" /><sequenceFlow id="f0" sourceRef="s" targetRef="e" /><endEvent id="e" />""";

    private static IReadOnlyList<BpmnDiagnostic> Validate(string body, string roots = "") =>
        new BpmnValidator(new FakeScripts()).Validate(Read(Definitions(body, roots)));

    public static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string code, string elementId, string body, string roots = "") =>
            new TestCaseData(code, elementId, body, roots).SetName($"Validate_{code}_{elementId}");

        yield return Case("BPMN300", "p", """<userTask id="t" />""");
        yield return Case("BPMN301", "f1", Ok + """<sequenceFlow id="f1" sourceRef="s" targetRef="ghost" />""");
        yield return Case("BPMN302", "e", Ok + """<endEvent id="e" />""");
        yield return Case("BPMN303", "f1", Ok + """<sequenceFlow id="f1" sourceRef="s" targetRef="e" />""");
        yield return Case("BPMN307", "g", Ok + """<exclusiveGateway id="g" default="nope" />""");
        yield return Case("BPMN308", "b", Ok + """
            <exclusiveGateway id="g" /><sequenceFlow id="a" sourceRef="g" targetRef="e"><conditionExpression>x</conditionExpression></sequenceFlow>
            <sequenceFlow id="b" sourceRef="g" targetRef="t" /><task id="t" />
            """);
        yield return Case("BPMN309", "g", Ok + """<eventBasedGateway id="g" /><sequenceFlow id="a" sourceRef="g" targetRef="t" /><userTask id="t" />""");
        yield return Case("BPMN310", "b", Ok + """<boundaryEvent id="b" attachedToRef="s"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></boundaryEvent>""");
        yield return Case("BPMN314", "c", Ok + """<intermediateCatchEvent id="c"><messageEventDefinition messageRef="missing" /></intermediateCatchEvent>""");
        yield return Case("BPMN313", "c", Ok + """<intermediateCatchEvent id="c"><signalEventDefinition /></intermediateCatchEvent>""");
        yield return Case("BPMN316", "c", Ok + """<intermediateCatchEvent id="c"><timerEventDefinition><timeDuration>one hour</timeDuration></timerEventDefinition></intermediateCatchEvent>""");
        yield return Case("BPMN407", "a", Ok + """<exclusiveGateway id="g" /><sequenceFlow id="a" sourceRef="g" targetRef="e"><conditionExpression>=x &gt; </conditionExpression></sequenceFlow>""");
        yield return Case("BPMN407", "t", Ok + """<serviceTask id="t"><extensionElements><zeebe:ioMapping><zeebe:input source="=nosuch function(1)" target="a" /></zeebe:ioMapping></extensionElements></serviceTask>""");
        yield return Case("BPMN408", "t", Ok + """<serviceTask id="t"><extensionElements><zeebe:ioMapping><zeebe:output source="=1" target="a..b" /></zeebe:ioMapping></extensionElements></serviceTask>""");
        yield return Case("BPMN400", "b", Ok + """<exclusiveGateway id="g" /><sequenceFlow id="b" sourceRef="g" targetRef="e"><conditionExpression>${x}</conditionExpression></sequenceFlow>""");
        yield return Case("BPMN400", "t", Ok + """<scriptTask id="t" scriptFormat="groovy"><script>x</script></scriptTask>""");
        yield return Case("BPMN404", "t", Ok + """<scriptTask id="t"><script>x</script></scriptTask>""");
        yield return Case("BPMN406", "t", Ok + """<scriptTask id="t" scriptFormat="javascript"><script>SYNTAX</script></scriptTask>""");
        yield return Case("BPMN200", "tx", Ok + """<transaction id="tx" />""");
        yield return Case("BPMN325", "cg", Ok + """
            <complexGateway id="cg" /><sequenceFlow id="x1" sourceRef="s" targetRef="cg" /><sequenceFlow id="x2" sourceRef="e" targetRef="cg" />
            """);
        yield return Case("BPMN200", "ah", Ok + """<adHocSubProcess id="ah" />""");
        yield return Case("BPMN201", "c", Ok + """<intermediateCatchEvent id="c"><signalEventDefinition signalRef="s1" /><signalEventDefinition signalRef="s1" /></intermediateCatchEvent>""", """<signal id="s1" name="S" />""");
        yield return Case("BPMN202", "c", Ok + """<intermediateThrowEvent id="c"><compensateEventDefinition /></intermediateThrowEvent>""");
        yield return Case("BPMN203", "e2", Ok + """<endEvent id="e2"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></endEvent>""");
        yield return Case("BPMN204", "t", Ok + """<task id="t"><multiInstanceLoopCharacteristics behavior="One"><loopCardinality>2</loopCardinality></multiInstanceLoopCharacteristics></task>""");
        yield return Case("BPMN205", "t", Ok + """<serviceTask id="t"><extensionElements><camunda:inputOutput><camunda:inputParameter name="a">1</camunda:inputParameter></camunda:inputOutput></extensionElements></serviceTask>""");
        yield return Case("BPMN206", "t", Ok + """<serviceTask id="t" camunda:class="com.acme.Charge" />""");
        yield return Case("BPMN306", "t", Ok + """<task id="t" startQuantity="0" />""");
        yield return Case("BPMN320", "t", Ok + """<task id="t"><multiInstanceLoopCharacteristics><loopCardinality>-1</loopCardinality></multiInstanceLoopCharacteristics></task>""");
        yield return Case("BPMN321", "t", Ok + """<task id="t"><standardLoopCharacteristics loopMaximum="-1"><loopCondition>true</loopCondition></standardLoopCharacteristics></task>""");
        yield return Case("BPMN322", "t", Ok + """<task id="t"><standardLoopCharacteristics /></task>""");
        yield return Case("BPMN323", "c", Ok + """<callActivity id="c" />""");
        yield return Case("BPMN318", "l", Ok + """<intermediateThrowEvent id="l"><linkEventDefinition name="nowhere" /></intermediateThrowEvent>""");
        yield return Case("BPMN407", "c", Ok + """<intermediateCatchEvent id="c"><messageEventDefinition messageRef="m" /></intermediateCatchEvent>""",
            """<message id="m" name="M"><extensionElements><zeebe:subscription correlationKey="=order.id +" /></extensionElements></message>""");
        yield return Case("BPMN312", "b", Ok + """<userTask id="t" /><boundaryEvent id="b" attachedToRef="t" cancelActivity="false"><errorEventDefinition /></boundaryEvent>""");
    }

    [TestCaseSource(nameof(Cases))]
    public void Validate_ReportsALocatedErrorForTheElement(string code, string elementId, string body, string roots)
    {
        var diagnostics = Validate(body, roots);
        var match = diagnostics.FirstOrDefault(d => d.Code == code && d.ElementId == elementId);
        Assert.That(match, Is.Not.Null, string.Join(Environment.NewLine, diagnostics.Select(d => $"{d.Code} {d.Format("x")}")));
        Assert.That(match!.Severity, Is.EqualTo(BpmnSeverity.Error));
        Assert.That(match.Line, Is.GreaterThan(0));
        Assert.That(match.ElementType, Is.Not.Null);
        Assert.That(match.Message, Does.EndWith("."));
    }

    [Test]
    public void Validate_ValidProcess_HasNoDiagnostics() => Assert.That(Validate(Ok), Is.Empty);

    [Test]
    public void Validate_NonExecutableProcess_GetsWarningsOnly()
    {
        var xml = Definitions("""<transaction id="cg" />""").Replace("isExecutable=\"true\"", "isExecutable=\"false\"", StringComparison.Ordinal);
        var diagnostics = new BpmnValidator().Validate(Read(xml));
        Assert.That(diagnostics, Is.Not.Empty);
        Assert.That(diagnostics.All(d => d.Severity == BpmnSeverity.Warning), Is.True);
    }

    [Test]
    public void Interpreter_RefusesADiagramWithErrors_CarryingEveryDiagnostic()
    {
        var xml = Definitions(Ok + """<transaction id="tx" /><adHocSubProcess id="cg" /><callActivity id="c" />""");
        var e = Assert.Throws<BpmnValidationException>(() => _ = new BpmnInterpreter(Read(xml), new FakeScripts()));
        Assert.That(e!.Errors.Select(d => d.ElementId), Is.EquivalentTo(new[] { "tx", "cg", "c" }));
        Assert.That(e.Message, Does.StartWith("The BPMN diagram test.bpmn cannot be deployed: 3 error(s)."));
    }

    [Test]
    public void Diagnostic_FormatsAsFileLineColumnSeverityMessageAndElement()
    {
        var diagnostic = new BpmnDiagnostic(BpmnSeverity.Error, "BPMN300", "No start.", "p", "process", 3, 5);
        Assert.That(diagnostic.Format("a.bpmn"), Is.EqualTo("a.bpmn:3:5: error: No start. [p]"));
    }
}
