using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace ExpenseApproval.Api;

/// <summary>
/// After a command, runs the jobs it made due at once (here: paying an approved claim) before the response is
/// written, so a caller sees where the claim stands rather than a payment that is about to happen. The hosted job
/// runner would run them within its poll interval anyway; jobs are claimed atomically, so whichever of the two
/// gets a job runs it and the other waits for it to finish. A job that failed and waits for its retry, or a
/// timer due later, is not waited for.
/// </summary>
internal sealed class JobSettler(WorkflowEngine engine, IWorkflowStore store, TimeProvider time)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(20);

    public async Task SettleAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        // Real time on purpose: this bounds how long a request waits for the background runner, whatever the
        // engine's clock says (tests run the engine on a fake clock).
        var deadline = DateTime.UtcNow + MaxWait;
        while (true)
        {
            await engine.RunDueJobsAsync(cancellationToken);
            var now = time.GetUtcNow();
            var jobs = await store.ListJobsAsync(tenant, instanceId, cancellationToken);
            if (!jobs.Any(j => j.DueAt <= now) || DateTime.UtcNow >= deadline)
            {
                return;
            }

            await Task.Delay(PollDelay, cancellationToken);
        }
    }
}
