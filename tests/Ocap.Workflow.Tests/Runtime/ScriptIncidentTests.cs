using System.Text.Json.Nodes;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>Failing scripts and conditions put the instance into an incident an operator sees, retries or resolves.</summary>
public sealed class ScriptIncidentTests
{
    private static string CalcXml(string script) => Definitions($"""
        <startEvent id="start" /><sequenceFlow id="f1" sourceRef="start" targetRef="calc" />
        <scriptTask id="calc" scriptFormat="javascript"><script>{script}</script></scriptTask>
        <sequenceFlow id="f2" sourceRef="calc" targetRef="end" /><endEvent id="end" />
        """, processId: "calc");

    private const string Doubling = "if (typeof amount !== 'number') { throw new TypeError('amount must be a number'); } execution.setVariable('total', amount * 2);";

    private static async Task<(RuntimeFixture Fx, WorkflowInstance Instance)> StartAsync(string xml, JsonObject variables)
    {
        var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, [BpmnFile("p.bpmn", xml)], CancellationToken.None);
        var instance = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("calc") { Variables = variables, ActorId = "sam" }, CancellationToken.None);
        return (fx, instance);
    }

    private static async Task<IReadOnlyList<string>> EventTypesAsync(RuntimeFixture fx, string instanceId) =>
        [.. (await fx.Engine.GetHistoryAsync(Acme, instanceId, CancellationToken.None)).Select(e => e.Type).Where(t => t != "script-decision")];

    [Test]
    public async Task ThrowingScript_PutsTheInstanceIntoAnIncident_VisibleOnTheInstanceAndInItsHistory()
    {
        var (fx, instance) = await StartAsync(CalcXml(Doubling), new JsonObject { ["amount"] = "twelve" });
        using var _ = fx;

        Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Active));
        Assert.That(instance.Incidents.Single(), Does.StartWith("calc: ").And.Contain("TypeError: amount must be a number"));
        Assert.That(await EventTypesAsync(fx, instance.InstanceId), Is.EqualTo(new[] { "instance-started", "incident-raised" }));
        var raised = (await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None)).Single(e => e.Type == "incident-raised");
        Assert.That(raised.PayloadJson, Does.Contain("\"element\":\"calc\"").And.Contain("amount must be a number"));
        Assert.That((await fx.Engine.VerifyHistoryAsync(Acme, instance.InstanceId, CancellationToken.None)).IsIntact, Is.True);
    }

    [Test]
    public async Task Retry_WithFixedVariables_RunsTheScriptAgainAndTheInstanceMovesOn()
    {
        var (fx, instance) = await StartAsync(CalcXml(Doubling), new JsonObject { ["amount"] = "twelve" });
        using var _ = fx;

        await fx.Engine.RetryIncidentAsync(Acme, instance.InstanceId, "calc", "operator", CancellationToken.None);
        var still = await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That(still.Incidents, Has.Count.EqualTo(1), "the same data fails the same way: a new incident");

        await fx.Engine.RetryIncidentAsync(Acme, instance.InstanceId, "calc", new JsonObject { ["amount"] = 12 }, "operator", CancellationToken.None);

        var done = await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That((done.Status, done.Incidents.Count, done.Variables["total"]!.GetValue<int>()), Is.EqualTo((InstanceStatus.Completed, 0, 24)));
        Assert.That(await EventTypesAsync(fx, instance.InstanceId),
            Is.EqualTo(new[] { "instance-started", "incident-raised", "incident-retried", "incident-raised", "incident-retried" }));
        var history = await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That(history.Last(e => e.Type == "incident-retried").Actor, Is.EqualTo("operator"));
        Assert.ThrowsAsync<InvalidOperationException>(() => fx.Engine.RetryIncidentAsync(Acme, instance.InstanceId, "calc", "operator", CancellationToken.None));
    }

    [Test]
    public async Task ScriptExceedingALimit_IsAnIncident_ThatAnOperatorResolvesByHandWithoutRunningTheScriptAgain()
    {
        var (fx, instance) = await StartAsync(CalcXml("function deeper(n) { return deeper(n + 1); } deeper(0);"), new JsonObject());
        using var _ = fx;
        Assert.That(instance.Incidents.Single(), Does.Contain("exceeded a limit"));

        await fx.Engine.ResolveIncidentAsync(Acme, instance.InstanceId, "calc", new JsonObject { ["total"] = 42 }, "operator", CancellationToken.None);

        var done = await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That((done.Status, done.Variables["total"]!.GetValue<int>()), Is.EqualTo((InstanceStatus.Completed, 42)));
        var history = await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That(history.Select(e => e.Type), Is.EqualTo(new[] { "instance-started", "script-decision", "incident-raised", "incident-resolved" }),
            "resolving does not run the script again");
    }

    [Test]
    public async Task FailingGatewayCondition_IsAnIncidentOnTheGateway_RetriedOnceTheMissingVariableIsSet()
    {
        var xml = Definitions("""
            <startEvent id="start" /><sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
            <exclusiveGateway id="decide" default="small" />
            <sequenceFlow id="big" sourceRef="decide" targetRef="bigEnd"><conditionExpression language="javascript">amount &gt; limit.value</conditionExpression></sequenceFlow>
            <sequenceFlow id="small" sourceRef="decide" targetRef="smallEnd" />
            <endEvent id="bigEnd" /><endEvent id="smallEnd" />
            """, processId: "calc");
        var (fx, instance) = await StartAsync(xml, new JsonObject { ["amount"] = 500 });
        using var _ = fx;
        Assert.That(instance.Incidents.Single(), Does.Contain("The condition of"));

        await fx.Engine.RetryIncidentAsync(Acme, instance.InstanceId, "decide", new JsonObject { ["limit"] = new JsonObject { ["value"] = 100 } }, "operator", CancellationToken.None);

        var done = await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That(done.Status, Is.EqualTo(InstanceStatus.Completed));
        var retried = (await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None)).Single(e => e.Type == "incident-retried");
        Assert.That(retried.PayloadJson, Does.Contain("bigEnd"), "the retried step took the big branch");
    }

    [Test]
    public async Task IncidentCommands_AreRefusedWhereThereIsNoIncident_AndAcrossTenants()
    {
        var (fx, instance) = await StartAsync(CalcXml(Doubling), new JsonObject { ["amount"] = "twelve" });
        using var _ = fx;

        Assert.ThrowsAsync<InvalidOperationException>(() => fx.Engine.RetryIncidentAsync(Acme, instance.InstanceId, "end", "operator", CancellationToken.None));
        Assert.ThrowsAsync<InstanceNotFoundException>(() => fx.Engine.RetryIncidentAsync(Globex, instance.InstanceId, "calc", "operator", CancellationToken.None));
        Assert.ThrowsAsync<InstanceNotFoundException>(() => fx.Engine.ResolveIncidentAsync(Globex, instance.InstanceId, "calc", null, "operator", CancellationToken.None));
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, instance.InstanceId, CancellationToken.None)).Version, Is.EqualTo(1), "refusals write nothing");
    }

    [Test]
    public void ResolveIncident_OnAStateWithoutThatIncident_IsRejectedByTheInterpreter()
    {
        var state = new BpmnInstanceState { ProcessId = "calc" };
        var definitions = new Ocap.Workflow.Bpmn.BpmnReader().Read(System.Text.Encoding.UTF8.GetBytes(CalcXml(Doubling)), "p.bpmn");
        var interpreter = new BpmnInterpreter(definitions, new Ocap.Workflow.Bpmn.SandboxBpmnScriptEvaluator());
        Assert.Throws<BpmnCommandRejectedException>(() => interpreter.Apply(state, new ResolveIncident(99, Retry: true) { At = DateTimeOffset.UnixEpoch }));
    }
}
