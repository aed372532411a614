using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Ocap.Workflow.Access;
using Ocap.Workflow.DependencyInjection;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;
using Ocap.Workflow.Tests.Runtime;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.DependencyInjection;

public sealed class OcapWorkflowServiceCollectionTests
{
    [Test]
    public async Task AddOcapWorkflow_InAPlainServiceCollection_ResolvesAWorkingEngine()
    {
        var services = new ServiceCollection();
        services.AddPrincipalResolver<FinanceResolver>();
        services.AddOcapWorkflow(o => o.MaxConflictRetries = 3).AddInMemoryStore();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var engine = provider.GetRequiredService<WorkflowEngine>();
        Assert.That(provider.GetRequiredService<WorkflowEngine>(), Is.SameAs(engine));
        await engine.DeployAsync(Acme, ApprovalBundle(), CancellationToken.None);
        await engine.StartAsync(Acme, new StartInstanceRequest("approval"), CancellationToken.None);
        var task = (await engine.ListTasksAsync(Acme, "anyone", CancellationToken.None)).Single();
        await engine.CompleteTaskAsync(Acme, task.TaskId, "anyone", ValidApproval(), CancellationToken.None);
        Assert.That((await engine.GetInstanceAsync(Acme, task.InstanceId, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Completed));
    }

    [Test]
    public void AddOcapWorkflow_CalledTwice_RegistersOnceAndAppliesEveryConfiguration()
    {
        var services = new ServiceCollection();
        services.AddOcapWorkflow(o => o.MaxConflictRetries = 3).AddInMemoryStore().AddServiceTaskHandler<NoopHandler>("pay").AddJobRunner();
        var count = services.Count;
        services.AddOcapWorkflow(o => o.JobBatchSize = 7).AddInMemoryStore().AddServiceTaskHandler<NoopHandler>("pay").AddJobRunner();
        Assert.That(services.Count(d => d.ServiceType == typeof(WorkflowEngine)), Is.EqualTo(1));
        Assert.That(services.Count(d => d.ServiceType == typeof(IWorkflowStore)), Is.EqualTo(1));
        Assert.That(services.Count(d => d.ServiceType == typeof(ServiceTaskRegistration)), Is.EqualTo(1));
        Assert.That(services.Count(d => d.ServiceType == typeof(IHostedService)), Is.EqualTo(1));
        Assert.That(services.Count, Is.EqualTo(count + 1), "only the second configure action is added");

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value;
        Assert.That((options.MaxConflictRetries, options.JobBatchSize), Is.EqualTo((3, 7)));
    }

    [Test]
    public void AddServiceTaskHandler_ASecondHandlerForTheSameType_IsRefused()
    {
        var builder = new ServiceCollection().AddOcapWorkflow().AddServiceTaskHandler<NoopHandler>("pay");
        Assert.Throws<InvalidOperationException>(() => builder.AddServiceTaskHandler<OtherHandler>("pay"));
        Assert.Throws<ArgumentException>(() => builder.AddServiceTaskHandler<OtherHandler>("refund", new ServiceTaskRetryOptions { MaxAttempts = 0 }));
    }

    [Test]
    public void InvalidOptions_InAPlainServiceCollection_FailWhenTheEngineIsResolved()
    {
        var services = new ServiceCollection();
        services.AddPrincipalResolver<FinanceResolver>();
        services.AddOcapWorkflow(o => o.MaxConflictRetries = -1).AddInMemoryStore();
        using var provider = services.BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<WorkflowEngine>());
        Assert.That(e!.Message, Does.Contain("MaxConflictRetries"));
    }

    [Test]
    public void InvalidOptions_InAGenericHost_StopStartUp()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddPrincipalResolver<FinanceResolver>();
        builder.Services.AddOcapWorkflow(o => o.CandidateGroupValueFormat = "cn=groups").AddInMemoryStore();
        using var host = builder.Build();
        var e = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(e!.Message, Does.Contain("CandidateGroupValueFormat"));
    }

    [Test]
    public async Task JobRunner_InAGenericHost_RunsServiceTasksInTheBackground()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddPrincipalResolver<FinanceResolver>();
        builder.Services.AddOcapWorkflow(o => o.JobPollInterval = TimeSpan.FromMilliseconds(20))
            .AddInMemoryStore()
            .AddServiceTaskHandler<NoopHandler>("pay")
            .AddJobRunner();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var engine = host.Services.GetRequiredService<WorkflowEngine>();
            var xml = Definitions("""
                <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="pay" />
                <serviceTask id="pay" camunda:topic="pay" /><sequenceFlow id="f2" sourceRef="pay" targetRef="e" /><endEvent id="e" />
                """, processId: "p");
            await engine.DeployAsync(Acme, [BpmnFile("p.bpmn", xml)], CancellationToken.None);
            var started = await engine.StartAsync(Acme, new StartInstanceRequest("p"), CancellationToken.None);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            InstanceStatus status;
            do
            {
                await Task.Delay(20);
                status = (await engine.GetInstanceAsync(Acme, started.InstanceId, CancellationToken.None)).Status;
            }
            while (status == InstanceStatus.Active && DateTime.UtcNow < deadline);

            var done = await engine.GetInstanceAsync(Acme, started.InstanceId, CancellationToken.None);
            Assert.That((done.Status, done.Variables["handled"]!.GetValue<bool>()), Is.EqualTo((InstanceStatus.Completed, true)));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed class FinanceResolver : IPrincipalResolver
    {
        public ValueTask<PrincipalAttributes> ResolveAsync(TenantId tenant, string actorId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(PrincipalAttributes.CreateBuilder().Add("uid", actorId).Add("department", "finance").Build());
    }

    private sealed class NoopHandler : IServiceTaskHandler
    {
        public ValueTask<JsonObject?> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<JsonObject?>(new JsonObject { ["handled"] = true });
    }

    private sealed class OtherHandler : IServiceTaskHandler
    {
        public ValueTask<JsonObject?> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<JsonObject?>(null);
    }
}
