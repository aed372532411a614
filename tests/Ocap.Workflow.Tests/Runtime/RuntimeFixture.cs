using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Ocap.Workflow.Access;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Storage.InMemory;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>An engine on the in-memory store with a fake clock and a fixed directory of principals.</summary>
internal sealed class RuntimeFixture : IDisposable
{
    public static readonly TenantId Acme = TenantId.Parse("acme");
    public static readonly TenantId Globex = TenantId.Parse("globex");

    public RuntimeFixture(IEnumerable<ServiceTaskRegistration>? serviceTasks = null, WorkflowEngineOptions? options = null, Func<IWorkflowStore, IWorkflowStore>? wrapStore = null)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        Store = new InMemoryWorkflowStore(Clock);
        Engine = new WorkflowEngine(wrapStore?.Invoke(Store) ?? Store, Directory, options, serviceTasks, timeProvider: Clock);
    }

    public FakeTimeProvider Clock { get; }

    public InMemoryWorkflowStore Store { get; }

    public DirectoryResolver Directory { get; } = new();

    public WorkflowEngine Engine { get; }

    public void Dispose() => Engine.Dispose();

    public static DeploymentArtifact BpmnFile(string name, string xml) => new(name, ArtifactKind.Bpmn, Encoding.UTF8.GetBytes(xml));

    public static DeploymentArtifact Form(string name, string json) => new(name, ArtifactKind.Form, Encoding.UTF8.GetBytes(json));

    public static string Definitions(string body, string roots = "", string processId = "approval") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                     xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:ocap="https://ocap-workflow.dev/schema/bpmn/1.0"
                     id="defs" targetNamespace="test">
        {roots}
          <process id="{processId}" isExecutable="true">
        {body}
          </process>
        </definitions>
        """;

    /// <summary>
    /// The approval flow: a finance reviewer fills a five-field form; a JavaScript gateway sends large amounts to a
    /// director (Camunda candidate group), small ones straight to the end; the review escalates after two days.
    /// </summary>
    public static string ApprovalXml(string threshold = "1000") => Definitions($$"""
        <startEvent id="start" camunda:formRef="claim-form" />
        <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
        <userTask id="review" name="Review claim" ocap:candidateFilter="(department=finance)" camunda:formRef="approval-form" />
        <boundaryEvent id="late" attachedToRef="review"><timerEventDefinition><timeDuration>P2D</timeDuration></timerEventDefinition></boundaryEvent>
        <sequenceFlow id="f-late" sourceRef="late" targetRef="escalated" />
        <endEvent id="escalated" />
        <sequenceFlow id="f2" sourceRef="review" targetRef="decide" />
        <exclusiveGateway id="decide" default="small" />
        <sequenceFlow id="big" sourceRef="decide" targetRef="director"><conditionExpression language="javascript">amount &gt; {{threshold}}</conditionExpression></sequenceFlow>
        <sequenceFlow id="small" sourceRef="decide" targetRef="done" />
        <userTask id="director" name="Director approval" camunda:candidateGroups="directors" />
        <sequenceFlow id="f3" sourceRef="director" targetRef="done" />
        <endEvent id="done" />
        """);

    public const string ApprovalForm = """
        {
          "id": "approval-form", "type": "default", "schemaVersion": 16,
          "components": [
            { "id": "amount", "key": "amount", "type": "number", "label": "Amount", "validate": { "required": true, "min": 0 } },
            { "id": "costCentre", "key": "costCentre", "type": "textfield", "label": "Cost centre", "validate": { "required": true, "pattern": "^[A-Z]{2}[0-9]{3}$" } },
            { "id": "reason", "key": "reason", "type": "textarea", "label": "Reason", "validate": { "maxLength": 200 } },
            { "id": "approved", "key": "approved", "type": "checkbox", "label": "Approved" },
            { "id": "category", "key": "category", "type": "select", "label": "Category",
              "values": [ { "label": "Travel", "value": "travel" }, { "label": "Equipment", "value": "equipment" } ] }
          ]
        }
        """;

    public const string ClaimForm = """
        {
          "id": "claim-form", "type": "default", "schemaVersion": 16,
          "components": [
            { "id": "title", "key": "title", "type": "textfield", "label": "Title", "validate": { "required": true } }
          ]
        }
        """;

    public static IReadOnlyList<DeploymentArtifact> ApprovalBundle(string threshold = "1000") =>
    [
        BpmnFile("approval.bpmn", ApprovalXml(threshold)),
        Form("approval.form", ApprovalForm),
        Form("claim.form", ClaimForm),
    ];

    public static JsonObject ValidApproval(decimal amount = 250) => new()
    {
        ["amount"] = amount,
        ["costCentre"] = "FI100",
        ["reason"] = "conference travel",
        ["approved"] = true,
        ["category"] = "travel",
    };

    /// <summary>Deploys the approval bundle in Acme and registers the usual people.</summary>
    public async Task DeployApprovalAsync(TenantId? tenant = null)
    {
        Directory.Add("fiona", ("uid", "fiona"), ("department", "finance"));
        Directory.Add("frank", ("uid", "frank"), ("department", "finance"));
        Directory.Add("dora", ("uid", "dora"), ("memberOf", "cn=directors,ou=groups"));
        Directory.Add("sam", ("uid", "sam"), ("department", "sales"));
        await Engine.DeployAsync(tenant ?? Acme, ApprovalBundle(), CancellationToken.None);
    }

    public Task<WorkflowInstance> StartApprovalAsync(TenantId? tenant = null) =>
        Engine.StartAsync(tenant ?? Acme, new StartInstanceRequest("approval") { Variables = new JsonObject { ["requester"] = "sam" }, ActorId = "sam" }, CancellationToken.None);

    public async Task<WorkflowTask> SingleTaskAsync(string actor, TenantId? tenant = null)
    {
        var tasks = await Engine.ListTasksAsync(tenant ?? Acme, actor, CancellationToken.None);
        Assert.That(tasks, Has.Count.EqualTo(1), $"{actor} should see exactly one task");
        return tasks[0];
    }
}

/// <summary>A fixed directory: actor id to attributes, the same in every tenant.</summary>
internal sealed class DirectoryResolver : IPrincipalResolver
{
    private readonly Dictionary<string, PrincipalAttributes> _people = new(StringComparer.Ordinal);

    public void Add(string actor, params (string Name, string Value)[] attributes)
    {
        var builder = PrincipalAttributes.CreateBuilder();
        foreach (var (name, value) in attributes)
        {
            builder.Add(name, value);
        }

        lock (_people)
        {
            _people[actor] = builder.Build();
        }
    }

    public ValueTask<PrincipalAttributes> ResolveAsync(TenantId tenant, string actorId, CancellationToken cancellationToken)
    {
        lock (_people)
        {
            return ValueTask.FromResult(_people.GetValueOrDefault(actorId) ?? PrincipalAttributes.Empty);
        }
    }
}
