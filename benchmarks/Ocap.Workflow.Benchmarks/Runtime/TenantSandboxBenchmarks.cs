using System.Text;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Access;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Storage.InMemory;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Benchmarks.Runtime;

/// <summary>
/// What a redeploy costs now that a tenant's bundles share one sandbox: deploy a new version of a small bundle
/// (a JavaScript gateway) and start one instance, whose gateway decision is the new version's first evaluation.
/// <see cref="RedeployOnWarmTenant"/> runs on the tenant's warm engines; <see cref="FirstDeployOfNewTenant"/> does
/// the same for a tenant never seen before, paying a new sandbox and its first locked-down engine — what every
/// redeploy paid when each bundle had a sandbox of its own.
/// </summary>
[MemoryDiagnoser]
public class TenantSandboxBenchmarks
{
    private static readonly TenantId Warm = TenantId.Parse("warm");
    private WorkflowEngine _engine = null!;
    private int _version;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new WorkflowEngine(new InMemoryWorkflowStore(), new Nobody());
        DeployAndStart(Warm).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Baseline = true, Description = "redeploy + first decision, tenant sandbox warm")]
    public Task RedeployOnWarmTenant() => DeployAndStart(Warm);

    [Benchmark(Description = "first deploy + first decision of a new tenant (new sandbox)")]
    public Task FirstDeployOfNewTenant() => DeployAndStart(TenantId.Parse("t" + _version.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private async Task DeployAndStart(TenantId tenant)
    {
        var threshold = ++_version;
        var xml = $$"""
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="bench">
              <process id="route" isExecutable="true">
                <startEvent id="start" />
                <sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
                <exclusiveGateway id="decide" default="low" />
                <sequenceFlow id="high" sourceRef="decide" targetRef="end-high"><conditionExpression language="javascript">amount &gt; {{threshold}}</conditionExpression></sequenceFlow>
                <sequenceFlow id="low" sourceRef="decide" targetRef="end-low" />
                <endEvent id="end-high" />
                <endEvent id="end-low" />
              </process>
            </definitions>
            """;
        await _engine.DeployAsync(tenant, [new DeploymentArtifact("route.bpmn", ArtifactKind.Bpmn, Encoding.UTF8.GetBytes(xml))], CancellationToken.None);
        var instance = await _engine.StartAsync(tenant, new StartInstanceRequest("route") { Variables = new() { ["amount"] = 5 } }, CancellationToken.None);
        if (instance.Status != InstanceStatus.Completed)
        {
            throw new InvalidOperationException("The benchmark expects the instance to complete.");
        }
    }

    private sealed class Nobody : IPrincipalResolver
    {
        public ValueTask<PrincipalAttributes> ResolveAsync(TenantId tenant, string actorId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(PrincipalAttributes.Empty);
    }
}
