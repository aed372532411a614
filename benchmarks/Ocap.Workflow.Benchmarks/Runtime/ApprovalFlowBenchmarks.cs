using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Access;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Storage.InMemory;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Benchmarks.Runtime;

/// <summary>
/// The approval flow end to end through the public engine API on the in-memory store; one operation is one
/// instance: start, list the reviewer's tasks, complete with a five-field form, the exclusive gateway decides in
/// JavaScript, the instance ends, its history chained (three events). Instances per second = 1e9 / mean (ns).
/// <see cref="RetainedBytesPerWaitingInstance"/> is measured once in setup (GC heap growth over 2,000 instances
/// waiting at the review task) and printed to the log.
/// </summary>
[MemoryDiagnoser]
public class ApprovalFlowBenchmarks
{
    /// <summary>The approval diagram every runtime benchmark deploys (also the interpreter's CPU-time benchmarks).</summary>
    internal const string Diagram = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                     xmlns:ocap="https://ocap-workflow.dev/schema/bpmn/1.0" id="defs" targetNamespace="bench">
          <process id="approval" isExecutable="true">
            <startEvent id="start" /><sequenceFlow id="f1" sourceRef="start" targetRef="review" />
            <userTask id="review" name="Review claim" ocap:candidateFilter="(department=finance)" camunda:formRef="approval-form" />
            <sequenceFlow id="f2" sourceRef="review" targetRef="decide" />
            <exclusiveGateway id="decide" default="small" />
            <sequenceFlow id="big" sourceRef="decide" targetRef="director"><conditionExpression language="javascript">amount &gt; 1000</conditionExpression></sequenceFlow>
            <sequenceFlow id="small" sourceRef="decide" targetRef="done" />
            <userTask id="director" name="Director approval" camunda:candidateGroups="directors" />
            <sequenceFlow id="f3" sourceRef="director" targetRef="done" />
            <endEvent id="done" />
          </process>
        </definitions>
        """;

    /// <summary>The approval diagram's five-field form (also the form benchmarks' form).</summary>
    internal const string Form = """
        { "id": "approval-form", "type": "default", "schemaVersion": 16, "components": [
          { "id": "amount", "key": "amount", "type": "number", "label": "Amount", "validate": { "required": true, "min": 0 } },
          { "id": "costCentre", "key": "costCentre", "type": "textfield", "label": "Cost centre", "validate": { "required": true, "pattern": "^[A-Z]{2}[0-9]{3}$" } },
          { "id": "reason", "key": "reason", "type": "textarea", "label": "Reason", "validate": { "maxLength": 200 } },
          { "id": "approved", "key": "approved", "type": "checkbox", "label": "Approved" },
          { "id": "category", "key": "category", "type": "select", "label": "Category",
            "values": [ { "label": "Travel", "value": "travel" }, { "label": "Equipment", "value": "equipment" } ] } ] }
        """;

    private static readonly TenantId Tenant = TenantId.Parse("acme");
    private WorkflowEngine _engine = null!;
    private JsonObject _submission = null!;

    /// <summary>Bytes of managed heap retained per instance waiting at its user task (set in setup).</summary>
    public static long RetainedBytesPerWaitingInstance { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = CreateEngine();
        _submission = new JsonObject { ["amount"] = 250, ["costCentre"] = "FI100", ["reason"] = "travel", ["approved"] = true, ["category"] = "travel" };
        RunOne().GetAwaiter().GetResult();
        RetainedBytesPerWaitingInstance = MeasureRetained();
        Console.WriteLine($"// RetainedBytesPerWaitingInstance: {RetainedBytesPerWaitingInstance}");
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Description = "approval instance end to end")]
    public Task Instance() => RunOne();

    private async Task RunOne()
    {
        var started = await _engine.StartAsync(Tenant, new StartInstanceRequest("approval") { ActorId = "sam" }, CancellationToken.None);
        var tasks = await _engine.ListTasksAsync(Tenant, "fiona", CancellationToken.None);
        await _engine.CompleteTaskAsync(Tenant, tasks[0].TaskId, "fiona", _submission, CancellationToken.None);
        if (tasks.Count != 1 || tasks[0].InstanceId != started.InstanceId)
        {
            throw new InvalidOperationException("The benchmark expects exactly one open task per instance.");
        }
    }

    private static long MeasureRetained()
    {
        const int count = 2000;
        using var engine = CreateEngine();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < count; i++)
        {
            engine.StartAsync(Tenant, new StartInstanceRequest("approval") { ActorId = "sam" }, CancellationToken.None).GetAwaiter().GetResult();
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(engine);
        return (after - before) / count;
    }

    private static WorkflowEngine CreateEngine()
    {
        var engine = new WorkflowEngine(new InMemoryWorkflowStore(), new Reviewers());
        engine.DeployAsync(Tenant, Bundle(), CancellationToken.None).GetAwaiter().GetResult();
        return engine;
    }

    /// <summary>The approval diagram and its five-field form, as every runtime benchmark deploys them.</summary>
    internal static DeploymentArtifact[] Bundle() =>
    [
        new("approval.bpmn", ArtifactKind.Bpmn, Encoding.UTF8.GetBytes(Diagram)),
        new("approval.form", ArtifactKind.Form, Encoding.UTF8.GetBytes(Form)),
    ];

    /// <summary>Resolves every actor to a finance reviewer.</summary>
    internal sealed class Reviewers : IPrincipalResolver
    {
        private readonly PrincipalAttributes _finance = PrincipalAttributes.CreateBuilder().Add("uid", "fiona").Add("department", "finance").Build();

        public ValueTask<PrincipalAttributes> ResolveAsync(TenantId tenant, string actorId, CancellationToken cancellationToken) => ValueTask.FromResult(_finance);
    }
}
