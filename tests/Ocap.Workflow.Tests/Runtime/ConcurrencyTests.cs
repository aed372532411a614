using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

public sealed class ConcurrencyTests
{
    [Test]
    public async Task Complete_SameTaskFromManyThreads_ExactlyOneWinsAndTheRestAreTypedRefusals()
    {
        using var fx = new RuntimeFixture(options: new WorkflowEngineOptions { MaxConflictRetries = 2 });
        await fx.DeployApprovalAsync();
        var instance = await fx.StartApprovalAsync();
        var task = await fx.SingleTaskAsync("fiona");
        using var gate = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            gate.Wait();
            try
            {
                await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, i % 2 == 0 ? "fiona" : "frank", ValidApproval(i), CancellationToken.None);
                return "won";
            }
            catch (TaskAlreadyCompletedException)
            {
                return "already-completed";
            }
            catch (ConcurrencyConflictException)
            {
                return "conflict";
            }
        })).ToList();
        gate.Set();
        var outcomes = await Task.WhenAll(attempts);

        Assert.That(outcomes.Count(o => o == "won"), Is.EqualTo(1));
        Assert.That(outcomes.Count(o => o is "already-completed" or "conflict"), Is.EqualTo(15));
        var history = await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That(history.Count(e => e.Type == "task-completed"), Is.EqualTo(1));
        Assert.That((await fx.Engine.VerifyHistoryAsync(Acme, instance.InstanceId, CancellationToken.None)).IsIntact, Is.True);
    }

    [Test]
    public async Task ManyInstancesInParallel_NothingIsLost()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        const int count = 200;
        var ids = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
        {
            var instance = await fx.StartApprovalAsync();
            return instance.InstanceId;
        })));
        var tasks = await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None);
        Assert.That(tasks.Select(t => t.InstanceId), Is.EquivalentTo(ids));

        await Task.WhenAll(tasks.Select((t, i) => Task.Run(() =>
            fx.Engine.CompleteTaskAsync(Acme, t.TaskId, i % 2 == 0 ? "fiona" : "frank", ValidApproval(100), CancellationToken.None))));
        var completed = await fx.Engine.QueryInstancesAsync(Acme, new InstanceQuery(Status: InstanceStatus.Completed, Limit: 1000), CancellationToken.None);
        Assert.That(completed.Select(i => i.InstanceId), Is.EquivalentTo(ids));
        foreach (var id in ids)
        {
            Assert.That((await fx.Engine.VerifyHistoryAsync(Acme, id, CancellationToken.None)).EventCount, Is.EqualTo(3));
        }
    }

    [Test]
    public async Task ClaimAndCompleteRacing_TheClaimIsNeverLostAndAtMostOneCompletionCommits()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var instance = await fx.StartApprovalAsync();
        var task = await fx.SingleTaskAsync("fiona");
        var claim = Task.Run(async () =>
        {
            try
            {
                await fx.Engine.ClaimTaskAsync(Acme, task.TaskId, "frank", CancellationToken.None);
                return true;
            }
            catch (TaskAlreadyCompletedException)
            {
                return false;
            }
        });
        var complete = Task.Run(async () =>
        {
            try
            {
                await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", ValidApproval(), CancellationToken.None);
                return true;
            }
            catch (TaskNotAuthorizedException)
            {
                return false;
            }
        });
        var (claimed, completed) = (await claim, await complete);
        Assert.That(claimed || completed, Is.True);
        var history = await fx.Engine.GetHistoryAsync(Acme, instance.InstanceId, CancellationToken.None);
        Assert.That(history.Count(e => e.Type == "task-completed"), Is.EqualTo(completed ? 1 : 0));
        Assert.That(history.Count(e => e.Type == "task-claimed"), Is.EqualTo(claimed ? 1 : 0));
    }
}
