using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Ocap.Workflow.Forms;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Sandbox;
using Ocap.Workflow.Storage.InMemory;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>Forms' custom JavaScript validators run in the tenant's sandbox by default; a host-registered runner still wins.</summary>
public sealed class SandboxFormValidationTests
{
    private const string ExpenseForm = """
        {
          "id": "expense", "type": "default", "schemaVersion": 16, "ocap:validator": "validators/expense.js",
          "components": [
            { "id": "amount", "key": "amount", "type": "number", "label": "Amount", "validate": { "required": true } },
            { "id": "reason", "key": "reason", "type": "textfield", "label": "Reason" }
          ]
        }
        """;

    private static string Validator(int limit) => $$"""
        export function validate(data, ctx) {
          if (data.amount > {{limit}} && !data.reason) return { reason: 'Explain amounts over {{limit}}.' };
          return {};
        }
        """;

    private static string Process(string processId = "expense") => Definitions("""
        <startEvent id="start" />
        <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
        <userTask id="review" name="Review" ocap:candidateFilter="(department=finance)" camunda:formRef="expense" />
        <sequenceFlow id="f2" sourceRef="review" targetRef="done" />
        <endEvent id="done" />
        """, processId: processId);

    private static IReadOnlyList<DeploymentArtifact> Bundle(string validator, string processId = "expense") =>
    [
        BpmnFile(processId + ".bpmn", Process(processId)),
        Form("expense.form", ExpenseForm),
        new DeploymentArtifact("validators/expense.js", ArtifactKind.Script, Encoding.UTF8.GetBytes(validator)),
    ];

    private static async Task<WorkflowTask> StartAsync(RuntimeFixture fx, string processId = "expense")
    {
        fx.Directory.Add("fiona", ("uid", "fiona"), ("department", "finance"));
        var instance = await fx.Engine.StartAsync(Acme, new StartInstanceRequest(processId), CancellationToken.None);
        return (await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None)).Single(t => t.InstanceId == instance.InstanceId);
    }

    [Test]
    public async Task Complete_WithDataTheCustomValidatorRejects_IsRefusedWithItsFieldError_AndValidDataCompletes()
    {
        using var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, Bundle(Validator(100)), CancellationToken.None);
        var task = await StartAsync(fx);

        var e = Assert.ThrowsAsync<TaskSubmissionInvalidException>(() =>
            fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", new JsonObject { ["amount"] = 150 }, CancellationToken.None));
        Assert.That(e!.Errors.Single().ComponentId, Is.EqualTo("reason"));
        Assert.That(e.Errors.Single().Messages, Is.EqualTo(new[] { "Explain amounts over 100." }));
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, task.InstanceId, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Active));

        await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", new JsonObject { ["amount"] = 150, ["reason"] = "offsite" }, CancellationToken.None);
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, task.InstanceId, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Completed));
    }

    [Test]
    public async Task TwoBundlesOfOneTenant_WithDifferentValidatorsAtTheSamePath_EachValidateWithTheirOwn()
    {
        using var fx = new RuntimeFixture();
        await fx.Engine.DeployAsync(Acme, Bundle(Validator(100), "strict"), CancellationToken.None);
        await fx.Engine.DeployAsync(Acme, Bundle(Validator(1000), "lenient"), CancellationToken.None);
        var strict = await StartAsync(fx, "strict");
        var lenient = await StartAsync(fx, "lenient");

        Assert.ThrowsAsync<TaskSubmissionInvalidException>(() =>
            fx.Engine.CompleteTaskAsync(Acme, strict.TaskId, "fiona", new JsonObject { ["amount"] = 500 }, CancellationToken.None));
        await fx.Engine.CompleteTaskAsync(Acme, lenient.TaskId, "fiona", new JsonObject { ["amount"] = 500 }, CancellationToken.None);
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, lenient.InstanceId, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Completed));
    }

    [Test]
    public async Task Validator_ReceivesTheCapabilitiesGrantedToItsTenant()
    {
        var budget = SandboxCapability.Create("budget").Method("left", _ => JsonValue.Create(300)).Build();
        using var fx = new RuntimeFixture(options: new WorkflowEngineOptions().GrantCapability(budget, "acme"));
        const string validator = """
            export function validate(data, ctx) {
              return data.amount > ctx.capabilities.budget.left() ? { amount: 'Over budget.' } : {};
            }
            """;
        await fx.Engine.DeployAsync(Acme, Bundle(validator), CancellationToken.None);
        var task = await StartAsync(fx);

        var e = Assert.ThrowsAsync<TaskSubmissionInvalidException>(() =>
            fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", new JsonObject { ["amount"] = 301 }, CancellationToken.None));
        Assert.That(e!.Errors.Single().Messages, Is.EqualTo(new[] { "Over budget." }));
        await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", new JsonObject { ["amount"] = 300 }, CancellationToken.None);
    }

    [Test]
    public void Deploy_ValidatorThatDoesNotParse_IsADeploymentProblemNamingTheForm()
    {
        using var fx = new RuntimeFixture();
        var e = Assert.ThrowsAsync<WorkflowDeploymentException>(() => fx.Engine.DeployAsync(Acme, Bundle("export function validate( {"), CancellationToken.None));
        var problem = e!.Problems.Single(p => p.Artifact == "expense.form");
        Assert.That(problem.ElementId, Is.EqualTo("ocap:validator"));
        Assert.That(problem.Message, Does.Contain("validators/expense.js"));
    }

    [Test]
    public async Task HostRegisteredValidator_WinsOverTheSandbox()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var directory = new DirectoryResolver();
        directory.Add("fiona", ("uid", "fiona"), ("department", "finance"));
        var host = new HostValidator();
        using var engine = new WorkflowEngine(new InMemoryWorkflowStore(clock), directory, formScripts: host, timeProvider: clock);
        await engine.DeployAsync(Acme, Bundle("this is not JavaScript the sandbox would accept ("), CancellationToken.None);
        await engine.StartAsync(Acme, new StartInstanceRequest("expense"), CancellationToken.None);
        var task = (await engine.ListTasksAsync(Acme, "fiona", CancellationToken.None)).Single();

        var e = Assert.ThrowsAsync<TaskSubmissionInvalidException>(() =>
            engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", new JsonObject { ["amount"] = 1 }, CancellationToken.None));
        Assert.That(e!.Errors.Single().Messages, Is.EqualTo(new[] { "Refused by the host." }));
        Assert.That(host.Modules, Is.EqualTo(new[] { "validators/expense.js" }));
    }

    private sealed class HostValidator : IFormScriptValidator
    {
        public List<string> Modules { get; } = [];

        public ValueTask<JsonNode?> ValidateAsync(FormScriptRequest request, CancellationToken cancellationToken)
        {
            Modules.Add(request.Module);
            return ValueTask.FromResult<JsonNode?>(new JsonObject { ["amount"] = "Refused by the host." });
        }
    }
}
