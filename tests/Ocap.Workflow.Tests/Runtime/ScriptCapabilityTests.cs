using System.Text;
using System.Text.Json.Nodes;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Sandbox;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>Host capabilities granted per tenant: used by name in BPMN scripts and conditions, refused at deployment where not granted.</summary>
public sealed class ScriptCapabilityTests
{
    private readonly List<string> _payments = [];

    [SetUp]
    public void SetUp() => _payments.Clear();

    private SandboxCapability Payments() => SandboxCapability.Create("payments")
        .Method("pay", args =>
        {
            lock (_payments)
            {
                _payments.Add(args[0]!.ToJsonString());
            }

            return JsonValue.Create("receipt-" + args[0]!["amount"]);
        })
        .Build();

    private static string PayingProcess() => Definitions("""
        <startEvent id="start" />
        <sequenceFlow id="f1" sourceRef="start" targetRef="pay" />
        <scriptTask id="pay" scriptFormat="javascript"><script>execution.setVariable('receipt', payments.pay({ amount: amount }));</script></scriptTask>
        <sequenceFlow id="f2" sourceRef="pay" targetRef="done" />
        <endEvent id="done" />
        """, processId: "paying");

    private static DeploymentArtifact Script(string name, string source) => new(name, ArtifactKind.Script, Encoding.UTF8.GetBytes(source));

    [Test]
    public async Task Script_UsingACapabilityGrantedToItsTenant_CallsTheHostAndUsesTheResult()
    {
        using var fx = new RuntimeFixture(options: new WorkflowEngineOptions().GrantCapability(Payments(), "acme"));
        await fx.Engine.DeployAsync(Acme, [BpmnFile("paying.bpmn", PayingProcess())], CancellationToken.None);

        var instance = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("paying") { Variables = new JsonObject { ["amount"] = 120 } }, CancellationToken.None);

        Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Completed), string.Join("; ", instance.Incidents));
        Assert.That(instance.Variables["receipt"]!.GetValue<string>(), Is.EqualTo("receipt-120"));
        Assert.That(_payments, Is.EqualTo(new[] { """{"amount":120}""" }));
    }

    [Test]
    public async Task Deploy_ScriptNamingACapabilityNotGrantedToTheTenant_IsRefusedNamingTheArtifactAndElement()
    {
        using var fx = new RuntimeFixture(options: new WorkflowEngineOptions().GrantCapability(Payments(), "acme"));

        var e = Assert.ThrowsAsync<WorkflowDeploymentException>(() => fx.Engine.DeployAsync(Globex, [BpmnFile("paying.bpmn", PayingProcess())], CancellationToken.None));

        var problem = e!.Problems.Single();
        Assert.That((problem.Artifact, problem.ElementId), Is.EqualTo(("paying.bpmn", "pay")));
        Assert.That(problem.Message, Does.Contain("payments"));
        await fx.Engine.DeployAsync(Acme, [BpmnFile("paying.bpmn", PayingProcess())], CancellationToken.None);
        Assert.That(_payments, Is.Empty, "a refused deployment runs nothing");
    }

    [Test]
    public async Task Condition_UsingACapabilityGrantedToEveryTenant_DecidesTheGateway()
    {
        var limits = SandboxCapability.Create("limits").Method("of", args => JsonValue.Create(args[0]!.GetValue<string>() == "gold" ? 5000 : 500)).Build();
        var xml = Definitions("""
            <startEvent id="start" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
            <exclusiveGateway id="decide" default="review" />
            <sequenceFlow id="auto" sourceRef="decide" targetRef="approved"><conditionExpression language="javascript">amount &lt;= limits.of(tier)</conditionExpression></sequenceFlow>
            <sequenceFlow id="review" sourceRef="decide" targetRef="reviewed" />
            <endEvent id="approved" />
            <endEvent id="reviewed" />
            """, processId: "limit");
        using var fx = new RuntimeFixture(options: new WorkflowEngineOptions().GrantCapability(limits));
        await fx.Engine.DeployAsync(Globex, [BpmnFile("limit.bpmn", xml)], CancellationToken.None);

        var gold = await fx.Engine.StartAsync(Globex, new StartInstanceRequest("limit") { Variables = new JsonObject { ["amount"] = 1000, ["tier"] = "gold" } }, CancellationToken.None);
        var basic = await fx.Engine.StartAsync(Globex, new StartInstanceRequest("limit") { Variables = new JsonObject { ["amount"] = 1000, ["tier"] = "basic" } }, CancellationToken.None);

        var history = await fx.Engine.GetHistoryAsync(Globex, gold.InstanceId, CancellationToken.None);
        Assert.That(history.Last(e => e.Type == "script-decision").PayloadJson, Does.Contain("\"output\":{\"value\":true}"));
        history = await fx.Engine.GetHistoryAsync(Globex, basic.InstanceId, CancellationToken.None);
        Assert.That(history.Last(e => e.Type == "script-decision").PayloadJson, Does.Contain("\"output\":{\"value\":false}"));
    }

    [Test]
    public async Task ScriptModule_UsingAnUngrantedCapability_IsRefusedAtDeploymentNotAtRunTime()
    {
        var xml = Definitions("""
            <startEvent id="start" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="calc" />
            <scriptTask id="calc" scriptFormat="javascript" ocap:scriptModule="rules/pay.js" />
            <sequenceFlow id="f2" sourceRef="calc" targetRef="done" />
            <endEvent id="done" />
            """, processId: "moduled");
        using var fx = new RuntimeFixture(options: new WorkflowEngineOptions().GrantCapability(Payments(), "acme"));
        IReadOnlyList<DeploymentArtifact> bundle = [BpmnFile("moduled.bpmn", xml), Script("rules/pay.js", "payments.pay({ amount: 1 });")];

        var e = Assert.ThrowsAsync<WorkflowDeploymentException>(() => fx.Engine.DeployAsync(Globex, bundle, CancellationToken.None));
        Assert.That(e!.Problems.Select(p => (p.Artifact, p.ElementId)), Is.EqualTo(new (string, string?)[] { ("moduled.bpmn", "calc") }));

        await fx.Engine.DeployAsync(Acme, bundle, CancellationToken.None);
        var instance = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("moduled"), CancellationToken.None);
        Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Completed), string.Join("; ", instance.Incidents));
        Assert.That(_payments, Has.Count.EqualTo(1));
    }

    [Test]
    public void GrantCapability_ADifferentCapabilityWithTheSameName_IsRefused()
    {
        var options = new WorkflowEngineOptions().GrantCapability(Payments(), "acme");
        Assert.Throws<InvalidOperationException>(() => options.GrantCapability(Payments(), "globex"));
        Assert.Throws<ArgumentException>(() => options.GrantCapability(Payments(), "not a tenant"));
        Assert.Throws<ArgumentException>(() => options.GrantCapability(SandboxCapability.Create("execution").Method("x", _ => null).Build()));
    }

    [Test]
    public async Task GrantCapability_TheSameCapabilityTwice_GrantsItToTheTenantsOfBothCalls()
    {
        var payments = Payments();
        using var fx = new RuntimeFixture(options: new WorkflowEngineOptions().GrantCapability(payments, "acme").GrantCapability(payments, "globex"));
        await fx.Engine.DeployAsync(Acme, [BpmnFile("paying.bpmn", PayingProcess())], CancellationToken.None);
        await fx.Engine.DeployAsync(Globex, [BpmnFile("paying.bpmn", PayingProcess())], CancellationToken.None);
        Assert.ThrowsAsync<WorkflowDeploymentException>(() => fx.Engine.DeployAsync(Tenancy.TenantId.Parse("initech"), [BpmnFile("paying.bpmn", PayingProcess())], CancellationToken.None));
    }
}
