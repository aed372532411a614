using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Ocap.Workflow.Access;
using Ocap.Workflow.DependencyInjection;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Sandbox;
using Ocap.Workflow.Tenancy;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.DependencyInjection;

public sealed class AddCapabilityTests
{
    private static readonly string Greeting = Definitions("""
        <startEvent id="start" />
        <sequenceFlow id="f1" sourceRef="start" targetRef="greet" />
        <scriptTask id="greet" scriptFormat="javascript"><script>execution.setVariable('greeting', greeter.hello(name));</script></scriptTask>
        <sequenceFlow id="f2" sourceRef="greet" targetRef="done" />
        <endEvent id="done" />
        """, processId: "greeting");

    private static SandboxCapability Greeter(string prefix = "hello ") =>
        SandboxCapability.Create("greeter").Method("hello", args => JsonValue.Create(prefix + args[0]!.GetValue<string>())).Build();

    private static ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IPrincipalResolver, NobodyResolver>();
        return services;
    }

    private static async Task<string> GreetAsync(WorkflowEngine engine, TenantId tenant)
    {
        await engine.DeployAsync(tenant, [BpmnFile("greeting.bpmn", Greeting)], CancellationToken.None);
        var instance = await engine.StartAsync(tenant, new StartInstanceRequest("greeting") { Variables = new JsonObject { ["name"] = "ada" } }, CancellationToken.None);
        return instance.Variables["greeting"]!.GetValue<string>();
    }

    [Test]
    public async Task AddCapability_ForChosenTenants_IsUsableThereAndRefusedAtDeploymentElsewhere()
    {
        var services = Services();
        services.AddOcapWorkflow().AddInMemoryStore().AddCapability(Greeter(), "acme");
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<WorkflowEngine>();

        Assert.That(await GreetAsync(engine, Acme), Is.EqualTo("hello ada"));
        var e = Assert.ThrowsAsync<WorkflowDeploymentException>(() => GreetAsync(engine, Globex));
        Assert.That(e!.Problems.Single().ElementId, Is.EqualTo("greet"));
    }

    [Test]
    public async Task AddCapability_WithNoTenants_IsGrantedToEveryTenant()
    {
        var services = Services();
        services.AddOcapWorkflow().AddInMemoryStore().AddCapability(Greeter());
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<WorkflowEngine>();

        Assert.That(await GreetAsync(engine, Acme), Is.EqualTo("hello ada"));
        Assert.That(await GreetAsync(engine, Globex), Is.EqualTo("hello ada"));
    }

    [Test]
    public async Task AddCapability_TheSameCapabilityTwice_IsSafeAndAddsTenants()
    {
        var greeter = Greeter();
        var services = Services();
        services.AddOcapWorkflow().AddInMemoryStore().AddCapability(greeter, "acme");
        services.AddOcapWorkflow().AddCapability(greeter, "globex");
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<WorkflowEngine>();

        Assert.That(await GreetAsync(engine, Acme), Is.EqualTo("hello ada"));
        Assert.That(await GreetAsync(engine, Globex), Is.EqualTo("hello ada"));
    }

    [Test]
    public void AddCapability_ADifferentCapabilityWithTheSameName_IsRefused()
    {
        var builder = Services().AddOcapWorkflow().AddCapability(Greeter());
        Assert.Throws<InvalidOperationException>(() => builder.AddCapability(Greeter("hi ")));
        Assert.Throws<ArgumentException>(() => builder.AddCapability(Greeter(), "not a tenant"));
        Assert.Throws<ArgumentException>(() => builder.AddCapability(SandboxCapability.Create("execution").Method("x", _ => null).Build()));
    }

    [Test]
    public async Task AddCapability_FromAFactory_BuildsItFromServicesOnce()
    {
        var services = Services();
        services.AddSingleton(new GreetingPrefix("welcome "));
        var built = 0;
        Func<IServiceProvider, SandboxCapability> factory = sp =>
        {
            Interlocked.Increment(ref built);
            return Greeter(sp.GetRequiredService<GreetingPrefix>().Text);
        };
        services.AddOcapWorkflow().AddInMemoryStore().AddCapability(factory, "acme").AddCapability(factory, "globex");
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<WorkflowEngine>();

        Assert.That(await GreetAsync(engine, Acme), Is.EqualTo("welcome ada"));
        Assert.That(await GreetAsync(engine, Globex), Is.EqualTo("welcome ada"));
        Assert.That(built, Is.EqualTo(1));
    }

    [Test]
    public void AddCapability_FactoriesBuildingTheSameName_StopStartUp()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IPrincipalResolver, NobodyResolver>();
        builder.Services.AddOcapWorkflow().AddInMemoryStore().AddCapability(_ => Greeter()).AddCapability(_ => Greeter("hi "));
        using var host = builder.Build();
        var e = Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.That(e!.Message, Does.Contain("greeter"));
    }

    [Test]
    public void InvalidScriptLimits_InAGenericHost_StopStartUp()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IPrincipalResolver, NobodyResolver>();
        builder.Services.AddOcapWorkflow(o => o.ScriptLimits = new SandboxLimits { MaxStatements = 0 }).AddInMemoryStore();
        using var host = builder.Build();
        var e = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(e!.Message, Does.Contain("ScriptLimits.MaxStatements"));
    }

    private sealed record GreetingPrefix(string Text);

    private sealed class NobodyResolver : IPrincipalResolver
    {
        public ValueTask<PrincipalAttributes> ResolveAsync(TenantId tenant, string actorId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(PrincipalAttributes.Empty);
    }
}
