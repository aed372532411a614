using System.Text;
using Ocap.Workflow.Bpmn;

namespace Ocap.Workflow.Tests.Bpmn;

public class ReaderTests
{
    private static string Doc(string body, string declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>") =>
        declaration + "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" "
        + "xmlns:zeebe=\"http://camunda.org/schema/zeebe/1.0\" xmlns:ocap=\"https://ocap-workflow.dev/schema/bpmn/1.0\" id=\"d\">"
        + body + "</definitions>";

    [Test]
    public void Read_Windows1252_DecodesWithoutAProcessWideProvider()
    {
        var xml = Doc("<process id=\"p\" name=\"Caf\u00e9 \u20ac\" />", "<?xml version=\"1.0\" encoding=\"windows-1252\"?>");
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(xml);
        Assert.That(bytes, Does.Contain((byte)0x80), "the euro sign is 0x80 in windows-1252");
        var definitions = new BpmnReader().Read(bytes, "cp.bpmn");
        Assert.That(definitions.Processes[0].Name, Is.EqualTo("Caf\u00e9 \u20ac"));
    }

    [Test]
    public void Read_Iso88591AndUtf8Bom_AreDecoded()
    {
        var latin = Encoding.Latin1.GetBytes(Doc("<process id=\"p\" name=\"na\u00efve\" />", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"));
        Assert.That(new BpmnReader().Read(latin).Processes[0].Name, Is.EqualTo("na\u00efve"));
        var bom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Doc("<process id=\"p\" name=\"\u00e9\" />"))).ToArray();
        Assert.That(new BpmnReader().Read(bom).Processes[0].Name, Is.EqualTo("\u00e9"));
    }

    [Test]
    public void Read_InvalidUtf8_IsRefusedWithLineAndColumn()
    {
        var bytes = Encoding.UTF8.GetBytes(Doc("<process id=\"p\"\n name=\"X\" />")).ToList();
        bytes.Insert(bytes.IndexOf((byte)'X'), 0xC3);
        bytes.Insert(bytes.IndexOf((byte)'X'), 0x28);
        var e = Assert.Throws<BpmnValidationException>(() => new BpmnReader().Read(bytes.ToArray(), "bad.bpmn"));
        Assert.That(e!.Diagnostics.Single().Code, Is.EqualTo("BPMN003"));
        Assert.That(e.Diagnostics.Single().Line, Is.EqualTo(2));
        Assert.That(e.Diagnostics.Single().Column, Is.EqualTo(8));
    }

    [Test]
    public void Read_ExternalEntity_IsRefused()
    {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">&x;</definitions>";
        var e = Assert.Throws<BpmnValidationException>(() => new BpmnReader().Read(xml));
        Assert.That(e!.Diagnostics.Single().Code, Is.EqualTo("BPMN004"));
    }

    [Test]
    public void Read_DeeperThanTheLimit_IsRefusedBeforeTheModelIsBuilt()
    {
        var body = string.Concat(Enumerable.Repeat("<extensionElements>", 40)) + string.Concat(Enumerable.Repeat("</extensionElements>", 40));
        var e = Assert.Throws<BpmnValidationException>(() => new BpmnReader(new BpmnReaderOptions { MaxDepth = 32 }).Read(Doc(body)));
        Assert.That(e!.Diagnostics.Single().Message, Is.EqualTo("Elements are nested deeper than the limit of 32."));
    }

    [Test]
    public void Read_LargerThanTheLimit_IsRefused()
    {
        var e = Assert.Throws<BpmnValidationException>(() => new BpmnReader(new BpmnReaderOptions { MaxBytes = 100 }).Read(new byte[101]));
        Assert.That(e!.Diagnostics.Single().Message, Is.EqualTo("The file is 101 bytes; the limit is 100."));
    }

    [Test]
    public void Read_NotBpmn_IsRefusedWithTheRootName()
    {
        var e = Assert.Throws<BpmnValidationException>(() => new BpmnReader().Read("<html><body /></html>"));
        Assert.That(e!.Diagnostics.Single().Code, Is.EqualTo("BPMN005"));
        Assert.That(e.Diagnostics.Single().Message, Does.StartWith("The root element is 'html'"));
    }

    [Test]
    public void Read_KeepsCollaborationLanesRootElementsAndLocations()
    {
        var definitions = new BpmnReader().Read(Doc("""

            <message id="m" name="Order" /><signal id="s" name="Stop" /><error id="e" errorCode="E1" /><escalation id="x" escalationCode="X1" />
            <collaboration id="c"><participant id="pool" processRef="p" /><messageFlow id="mf" sourceRef="a" targetRef="b" messageRef="m" /></collaboration>
            <process id="p" isExecutable="true">
              <laneSet><lane id="l1" name="Clerks"><flowNodeRef>t</flowNodeRef></lane></laneSet>
              <userTask id="t" />
            </process>
            <process id="q" isExecutable="false" />
            """), "x.bpmn");
        Assert.That(definitions.Processes.Select(p => p.Id), Is.EqualTo(new[] { "p", "q" }));
        Assert.That(definitions.RootElements["e"].MatchName, Is.EqualTo("E1"));
        Assert.That(definitions.RootElements["m"].MatchName, Is.EqualTo("Order"));
        Assert.That(definitions.Participants.Single().ProcessRef, Is.EqualTo("p"));
        Assert.That(definitions.MessageFlows.Single().MessageRef, Is.EqualTo("m"));
        Assert.That(definitions.Processes[0].Lanes.Single().NodeIds, Is.EqualTo(new[] { "t" }));
        var task = definitions.Processes[0].FindNode("t")!;
        Assert.That((task.Line, task.Column), Is.EqualTo((6, 4)));
    }

    [Test]
    public void Read_Camunda8ExtensionsAreMappedToTheModel()
    {
        var definitions = new BpmnReader().Read(Doc("""
            <process id="p" isExecutable="true">
              <userTask id="t"><extensionElements>
                <zeebe:assignmentDefinition assignee="=owner" candidateGroups="ops,finance" />
                <zeebe:formDefinition formId="invoice-form" />
              </extensionElements></userTask>
              <serviceTask id="s"><extensionElements><zeebe:taskDefinition type="send-mail" /></extensionElements></serviceTask>
              <callActivity id="c"><extensionElements><zeebe:calledElement processId="child" /></extensionElements></callActivity>
              <scriptTask id="z"><extensionElements><zeebe:script expression="=a+b" resultVariable="sum" /></extensionElements></scriptTask>
            </process>
            """));
        var p = definitions.Processes[0];
        Assert.That(p.FindNode("t")!.UserTask!.CandidateGroups, Is.EqualTo(new[] { "ops", "finance" }));
        Assert.That(p.FindNode("t")!.UserTask!.FormRef, Is.EqualTo("invoice-form"));
        Assert.That(p.FindNode("s")!.TaskType, Is.EqualTo("send-mail"));
        Assert.That(p.FindNode("c")!.CalledElement, Is.EqualTo("child"));
        Assert.That(p.FindNode("z")!.Script!.Language, Is.EqualTo(BpmnExpressionLanguage.Feel));
        Assert.That(p.FindNode("z")!.ResultVariable, Is.EqualTo("sum"));
    }

    [Test]
    public void Read_OurNamespace_CarriesTheLdapFilterAndModuleReferences()
    {
        var definitions = new BpmnReader().Read(Doc("""
            <process id="p" isExecutable="true">
              <userTask id="t" ocap:candidateFilter="(&amp;(dept=hr)(level&gt;=3))" ocap:assignmentModule="assign/hr.js" camunda:formRef="leave" />
              <scriptTask id="s" ocap:scriptModule="calc/total.js" />
            </process>
            """));
        var p = definitions.Processes[0];
        Assert.That(p.FindNode("t")!.UserTask!.CandidateFilter, Is.EqualTo("(&(dept=hr)(level>=3))"));
        Assert.That(p.FindNode("t")!.UserTask!.AssignmentModule, Is.EqualTo("assign/hr.js"));
        Assert.That(p.FindNode("t")!.UserTask!.FormRef, Is.EqualTo("leave"));
        Assert.That(p.FindNode("s")!.Script!.ModuleReference, Is.EqualTo("calc/total.js"));
        Assert.That(p.FindNode("s")!.Script!.Language, Is.EqualTo(BpmnExpressionLanguage.JavaScript));
    }

    [Test]
    public void Read_UnknownElementInAProcess_IsALocatedNoteNotASilentDrop()
    {
        var definitions = new BpmnReader().Read(Doc("\n<process id=\"p\"><frobnicator id=\"f\" /></process>"));
        var note = definitions.ReadDiagnostics.Single();
        Assert.That(note.Code, Is.EqualTo("BPMN103"));
        Assert.That((note.ElementId, note.Line), Is.EqualTo(("f", 2)));
    }

    [Test]
    public void Read_DataAssociationsAreKept_AndTheValidatorWarnsTheyAreNotExecuted()
    {
        var definitions = new BpmnReader().Read(Doc("""
            <process id="p" isExecutable="true">
              <dataObject id="do" name="data" /><dataObjectReference id="ref" dataObjectRef="do" />
              <startEvent id="s" /><sequenceFlow id="f" sourceRef="s" targetRef="t" />
              <task id="t"><dataOutputAssociation id="a"><sourceRef>out</sourceRef><targetRef>ref</targetRef></dataOutputAssociation></task>
            </process>
            """));
        var association = definitions.Processes[0].FindNode("t")!.DataAssociations.Single();
        Assert.That((association.IsInput, association.Sources.Single(), association.Target), Is.EqualTo((false, "out", "ref")));
        var warning = new BpmnValidator().Validate(definitions).Single();
        Assert.That((warning.Code, warning.Severity, warning.ElementId), Is.EqualTo(("BPMN207", BpmnSeverity.Warning, "t")));
    }
}
