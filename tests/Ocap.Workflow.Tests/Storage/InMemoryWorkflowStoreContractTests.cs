using Ocap.Workflow.Storage;
using Ocap.Workflow.Storage.ContractTests;
using Ocap.Workflow.Storage.InMemory;

namespace Ocap.Workflow.Tests.Storage;

/// <summary>The in-memory store against the reusable store contract.</summary>
[TestFixture]
public class InMemoryWorkflowStoreContractTests : WorkflowStoreContract
{
    protected override Task<IWorkflowStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<IWorkflowStore>(new InMemoryWorkflowStore(clock));
}
