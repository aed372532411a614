using System.Text;
using Ocap.Workflow.History;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Storage.ContractTests;

/// <summary>
/// The behaviour every <see cref="IWorkflowStore"/> must have. A store's test project derives a concrete fixture
/// and says how to create (and dispose) a fresh, empty store; the tests are inherited.
/// </summary>
public abstract partial class WorkflowStoreContract
{
    protected static readonly TenantId Acme = TenantId.Parse("acme");
    protected static readonly TenantId Globex = TenantId.Parse("globex");
    protected static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    protected const string ScriptHash = "5d41402abc4b2a76b9719d911017c592aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    protected ManualClock Clock { get; private set; } = null!;

    protected IWorkflowStore Store { get; private set; } = null!;

    /// <summary>Creates a fresh, empty store that reads time from <paramref name="clock"/>.</summary>
    protected abstract Task<IWorkflowStore> CreateStoreAsync(TimeProvider clock);

    /// <summary>Releases a store made by <see cref="CreateStoreAsync"/>.</summary>
    protected virtual async Task DisposeStoreAsync(IWorkflowStore store)
    {
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [SetUp]
    public async Task CreateStore()
    {
        Clock = new ManualClock(Start);
        Store = await CreateStoreAsync(Clock);
    }

    [TearDown]
    public async Task DisposeStore() => await DisposeStoreAsync(Store);

    protected static DeploymentArtifact Bpmn(string name, string text) => new(name, ArtifactKind.Bpmn, Encoding.UTF8.GetBytes(text));

    protected static DeploymentBundle Bundle(string processKey = "expense", string bpmnText = "<definitions id='v1'/>") =>
        new([Bpmn("expense.bpmn", bpmnText), new DeploymentArtifact("claim.form", ArtifactKind.Form, "{\"components\":[]}"u8)],
            [new ProcessDefinitionDraft(processKey, "expense.bpmn")]);

    protected async Task<ProcessDefinitionRecord> DeployAsync(TenantId tenant, string processKey = "expense", string bpmnText = "<definitions id='v1'/>")
    {
        var deployment = await Store.DeployAsync(tenant, Bundle(processKey, bpmnText), CancellationToken.None);
        return deployment.Processes.Single(p => p.ProcessKey == processKey);
    }

    protected HistoryEventDraft Event(string type, string payloadJson = "{}", string actor = "alice") =>
        new(type, Clock.GetUtcNow(), actor, [ScriptHash], payloadJson);

    protected async Task<CommitResult> StartAsync(TenantId tenant, string instanceId, ProcessDefinitionRecord definition, string stateJson = "{\"step\":0}")
    {
        var commit = new StoreCommit(instanceId, new InstanceOrigin(definition.ProcessKey, definition.Version), InstanceStatus.Active, stateJson)
        {
            Events = [Event("instance-started")],
        };
        return await Store.CommitAsync(tenant, commit, CancellationToken.None);
    }

    protected Task<CommitResult> CommitAsync(TenantId tenant, StoreCommit commit) => Store.CommitAsync(tenant, commit, CancellationToken.None);
}
