using System.Text;
using System.Text.Json.Nodes;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Sandbox;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>One sandbox per tenant, shared by the tenant's bundles; modules stay per bundle; limits per tenant.</summary>
public sealed class TenantSandboxTests
{
    private static DeploymentArtifact Script(string name, string source) => new(name, ArtifactKind.Script, Encoding.UTF8.GetBytes(source));

    private static string ModuleProcess(string processId) => Definitions("""
        <startEvent id="start" />
        <sequenceFlow id="f1" sourceRef="start" targetRef="calc" />
        <scriptTask id="calc" scriptFormat="javascript" ocap:scriptModule="rules.js" camunda:resultVariable="result" />
        <sequenceFlow id="f2" sourceRef="calc" targetRef="done" />
        <endEvent id="done" />
        """, processId: processId);

    private static IReadOnlyList<DeploymentArtifact> RulesBundle(string processId, string rules) =>
        [BpmnFile(processId + ".bpmn", ModuleProcess(processId)), Script("rules.js", rules)];

    private static async Task<string> ResultAsync(RuntimeFixture fx, Tenancy.TenantId tenant, string processId)
    {
        var instance = await fx.Engine.StartAsync(tenant, new StartInstanceRequest(processId) { Variables = new JsonObject { ["n"] = 10 } }, CancellationToken.None);
        Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Completed), string.Join("; ", instance.Incidents));
        return instance.Variables["result"]!.ToJsonString();
    }

    [Test]
    public async Task Redeploy_OfATenant_ReusesTheTenantsSandboxAndItsWarmEngines()
    {
        using var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, RulesBundle("calc", "n * 2"), CancellationToken.None);
        Assert.That(await ResultAsync(fx, Acme, "calc"), Is.EqualTo("20"));
        var sandbox = fx.Engine.Sandboxes.For(Acme);
        var engines = sandbox.Sandbox.RealmsCreated;

        await fx.Engine.DeployAsync(Acme, RulesBundle("calc", "n * 3"), CancellationToken.None);
        Assert.That(await ResultAsync(fx, Acme, "calc"), Is.EqualTo("30"));

        Assert.That(fx.Engine.Sandboxes.For(Acme), Is.SameAs(sandbox));
        Assert.That(sandbox.Sandbox.RealmsCreated, Is.EqualTo(engines), "the second bundle ran on the engines the first one warmed");
        Assert.That(fx.Engine.Sandboxes.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task FirstDeployAndInstanceOfATenant_PayLockdownForOneEngineOnly()
    {
        using var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, RulesBundle("calc", "n * 2"), CancellationToken.None);
        Assert.That(await ResultAsync(fx, Acme, "calc"), Is.EqualTo("20"));

        Assert.That(fx.Engine.Sandboxes.For(Acme).Sandbox.RealmsCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task TwoBundlesOfOneTenant_WithDifferentRulesModules_EachRunTheirOwn()
    {
        using var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, RulesBundle("double", "n * 2"), CancellationToken.None);
        await fx.Engine.DeployAsync(Acme, RulesBundle("triple", "n * 3"), CancellationToken.None);

        Assert.That(await ResultAsync(fx, Acme, "double"), Is.EqualTo("20"));
        Assert.That(await ResultAsync(fx, Acme, "triple"), Is.EqualTo("30"));
        Assert.That(await ResultAsync(fx, Acme, "double"), Is.EqualTo("20"));
    }

    [Test]
    public async Task Bundle_ReferringToAModuleOnlyAnotherBundleOfTheTenantHas_IsRefused()
    {
        using var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, RulesBundle("double", "n * 2"), CancellationToken.None);

        var e = Assert.ThrowsAsync<WorkflowDeploymentException>(() => fx.Engine.DeployAsync(Acme, [BpmnFile("lonely.bpmn", ModuleProcess("lonely"))], CancellationToken.None));
        Assert.That(e!.Problems.Single().ElementId, Is.EqualTo("calc"));
        Assert.That(e.Problems.Single().Message, Does.Contain("rules.js"));
    }

    [Test]
    public async Task InstancesOfTwoBundlesOfOneTenant_RunInParallel_EachWithItsOwnModuleAndVariables()
    {
        using var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, RulesBundle("double", "execution.setVariable('seen', n); n * 2"), CancellationToken.None);
        await fx.Engine.DeployAsync(Acme, RulesBundle("triple", "execution.setVariable('seen', n); n * 3"), CancellationToken.None);

        var runs = Enumerable.Range(1, 40).Select(i => Task.Run(async () =>
        {
            var process = i % 2 == 0 ? "double" : "triple";
            var instance = await fx.Engine.StartAsync(Acme, new StartInstanceRequest(process) { Variables = new JsonObject { ["n"] = i } }, CancellationToken.None);
            return (i, Factor: i % 2 == 0 ? 2 : 3, Result: instance.Variables["result"]!.ToJsonString(), Seen: instance.Variables["seen"]!.ToJsonString());
        }));

        foreach (var (i, factor, result, seen) in await Task.WhenAll(runs))
        {
            Assert.That((result, seen), Is.EqualTo(((i * factor).ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
    }

    [Test]
    public async Task TwoTenants_GetSeparateSandboxes_AndEachItsOwnModules()
    {
        using var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, RulesBundle("calc", "n * 2"), CancellationToken.None);
        await fx.Engine.DeployAsync(Globex, RulesBundle("calc", "n * 5"), CancellationToken.None);

        Assert.That(await ResultAsync(fx, Acme, "calc"), Is.EqualTo("20"));
        Assert.That(await ResultAsync(fx, Globex, "calc"), Is.EqualTo("50"));
        Assert.That(fx.Engine.Sandboxes.For(Acme), Is.Not.SameAs(fx.Engine.Sandboxes.For(Globex)));
        Assert.That(fx.Engine.Sandboxes.Count, Is.EqualTo(2));
    }

    [Test]
    public async Task TenantScriptLimits_OverrideTheDefaultForThatTenantOnly()
    {
        var options = new WorkflowEngineOptions { ScriptLimits = new SandboxLimits { MaxStatements = 1_000_000 } };
        options.TenantScriptLimits["acme"] = new SandboxLimits { MaxStatements = 1_000 };
        using var fx = new RuntimeFixture(options: options);
        const string loop = "let s = 0; for (let i = 0; i < 5000; i++) { s += i; } s";
        await fx.Engine.DeployAsync(Acme, RulesBundle("calc", loop), CancellationToken.None);
        await fx.Engine.DeployAsync(Globex, RulesBundle("calc", loop), CancellationToken.None);

        var acme = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("calc"), CancellationToken.None);
        Assert.That(acme.Incidents.Single(), Does.Contain("Statements"));
        Assert.That(await ResultAsync(fx, Globex, "calc"), Is.EqualTo("12497500"));
    }

    [Test]
    public void Options_WithInvalidTenantLimits_AreRefusedWhenTheEngineIsCreated()
    {
        var options = new WorkflowEngineOptions();
        options.TenantScriptLimits["acme"] = new SandboxLimits { Timeout = TimeSpan.Zero };
        var e = Assert.Throws<ArgumentException>(() => new RuntimeFixture(options: options));
        Assert.That(e!.Message, Does.Contain("TenantScriptLimits[acme].Timeout"));

        var wrongTenant = new WorkflowEngineOptions();
        wrongTenant.TenantScriptLimits["no such tenant!"] = new SandboxLimits();
        Assert.Throws<ArgumentException>(() => new RuntimeFixture(options: wrongTenant));
    }
}
