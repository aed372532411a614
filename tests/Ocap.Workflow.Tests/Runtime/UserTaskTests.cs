using System.Text.Json.Nodes;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

public sealed class UserTaskTests
{
    [Test]
    public async Task ListTasks_ShowsOnlyTasksWhoseFilterMatchesTheActorNow()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        await fx.StartApprovalAsync();
        Assert.That(await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None), Has.Count.EqualTo(1));
        Assert.That(await fx.Engine.ListTasksAsync(Acme, "sam", CancellationToken.None), Is.Empty);

        fx.Directory.Add("fiona", ("uid", "fiona"), ("department", "sales"));
        Assert.That(await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None), Is.Empty, "attributes are read at the moment of the call");
    }

    [Test]
    public async Task Complete_WhenPrincipalDoesNotMatchCandidateFilter_IsRejectedAndNothingChanges()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var started = await fx.StartApprovalAsync();
        var task = await fx.SingleTaskAsync("fiona");
        var before = await fx.Store.GetInstanceAsync(Acme, started.InstanceId, CancellationToken.None);

        var e = Assert.ThrowsAsync<TaskNotAuthorizedException>(() => fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "sam", ValidApproval(), CancellationToken.None));
        Assert.That(e!.ActorId, Is.EqualTo("sam"));
        Assert.That(await fx.Store.GetInstanceAsync(Acme, started.InstanceId, CancellationToken.None), Is.EqualTo(before));
    }

    [Test]
    public async Task Complete_InvalidSubmission_ReportsFieldErrorsAndNothingChanges()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var started = await fx.StartApprovalAsync();
        var task = await fx.SingleTaskAsync("fiona");
        var before = await fx.Store.GetInstanceAsync(Acme, started.InstanceId, CancellationToken.None);
        var bad = ValidApproval();
        bad.Remove("amount");
        bad["costCentre"] = "nope";

        var e = Assert.ThrowsAsync<TaskSubmissionInvalidException>(() => fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", bad, CancellationToken.None));
        Assert.That(e!.FormId, Is.EqualTo("approval-form"));
        Assert.That(e.Errors.Select(x => x.ComponentId), Is.EquivalentTo(new[] { "amount", "costCentre" }));
        Assert.That(e.Errors.Single(x => x.ComponentId == "amount").Messages, Is.EqualTo(new[] { "Field is required." }));
        Assert.That(await fx.Store.GetInstanceAsync(Acme, started.InstanceId, CancellationToken.None), Is.EqualTo(before));
        Assert.That((await fx.Engine.GetTaskAsync(Acme, task.TaskId, CancellationToken.None)).State, Is.EqualTo(UserTaskState.Open));
    }

    [Test]
    public async Task Complete_Twice_TheSecondIsAlreadyCompleted()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        await fx.StartApprovalAsync();
        var task = await fx.SingleTaskAsync("fiona");
        await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", ValidApproval(), CancellationToken.None);
        Assert.ThrowsAsync<TaskAlreadyCompletedException>(() => fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "frank", ValidApproval(), CancellationToken.None));
        Assert.ThrowsAsync<TaskAlreadyCompletedException>(() => fx.Engine.ClaimTaskAsync(Acme, task.TaskId, "frank", CancellationToken.None));
        Assert.ThrowsAsync<TaskNotFoundException>(() => fx.Engine.GetTaskAsync(Acme, task.TaskId, CancellationToken.None), "the index keeps only work that waits");
        Assert.ThrowsAsync<TaskNotFoundException>(() => fx.Engine.CompleteTaskAsync(Acme, task.InstanceId + ".t99", "frank", null, CancellationToken.None));
    }

    [Test]
    public void Complete_UnknownTask_IsNotFound()
    {
        using var fx = new RuntimeFixture();
        Assert.ThrowsAsync<TaskNotFoundException>(() => fx.Engine.CompleteTaskAsync(Acme, "nope.t1", "fiona", null, CancellationToken.None));
        Assert.ThrowsAsync<TaskNotFoundException>(() => fx.Engine.ClaimTaskAsync(Acme, "nope.t1", "fiona", CancellationToken.None));
    }

    [Test]
    public async Task Claim_HidesTheTaskFromOtherCandidatesAndOnlyTheAssigneeMayCompleteOrUnclaim()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        await fx.StartApprovalAsync();
        var task = await fx.SingleTaskAsync("fiona");

        Assert.ThrowsAsync<TaskNotAuthorizedException>(() => fx.Engine.ClaimTaskAsync(Acme, task.TaskId, "sam", CancellationToken.None));
        await fx.Engine.ClaimTaskAsync(Acme, task.TaskId, "fiona", CancellationToken.None);
        Assert.That((await fx.SingleTaskAsync("fiona")).Assignee, Is.EqualTo("fiona"));
        Assert.That(await fx.Engine.ListTasksAsync(Acme, "frank", CancellationToken.None), Is.Empty);
        Assert.ThrowsAsync<TaskNotAuthorizedException>(() => fx.Engine.ClaimTaskAsync(Acme, task.TaskId, "frank", CancellationToken.None));
        Assert.ThrowsAsync<TaskNotAuthorizedException>(() => fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "frank", ValidApproval(), CancellationToken.None));
        Assert.ThrowsAsync<TaskNotAuthorizedException>(() => fx.Engine.UnclaimTaskAsync(Acme, task.TaskId, "frank", CancellationToken.None));

        await fx.Engine.UnclaimTaskAsync(Acme, task.TaskId, "fiona", CancellationToken.None);
        Assert.That(await fx.Engine.ListTasksAsync(Acme, "frank", CancellationToken.None), Has.Count.EqualTo(1));
        await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "frank", ValidApproval(), CancellationToken.None);
    }

    [Test]
    public async Task Complete_ClaimedTaskWhoseAssigneeNoLongerMatches_IsRefused()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        await fx.StartApprovalAsync();
        var task = await fx.SingleTaskAsync("fiona");
        await fx.Engine.ClaimTaskAsync(Acme, task.TaskId, "fiona", CancellationToken.None);
        fx.Directory.Add("fiona", ("uid", "fiona"), ("department", "sales"));
        Assert.ThrowsAsync<TaskNotAuthorizedException>(() => fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", ValidApproval(), CancellationToken.None));
    }

    [Test]
    public async Task Start_WithStartForm_ValidatesAndMergesTheCleanedData()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var e = Assert.ThrowsAsync<TaskSubmissionInvalidException>(() => fx.Engine.StartAsync(Acme,
            new StartInstanceRequest("approval") { StartFormData = new JsonObject() }, CancellationToken.None));
        Assert.That(e!.Errors.Single().ComponentId, Is.EqualTo("title"));
        Assert.That(await fx.Engine.QueryInstancesAsync(Acme, new InstanceQuery(), CancellationToken.None), Is.Empty);

        var started = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("approval")
        {
            Variables = new JsonObject { ["title"] = "overridden", ["requester"] = "sam" },
            StartFormData = new JsonObject { ["title"] = "Trip to Lyon", ["extra"] = 1 },
        }, CancellationToken.None);
        Assert.That(started.Variables["title"]!.GetValue<string>(), Is.EqualTo("Trip to Lyon"));
        Assert.That(started.Variables.ContainsKey("extra"), Is.False);
    }

    [TestCase(3)]
    [TestCase(12)]
    public async Task ParallelMultiInstanceTasks_EachCompletionRemovesExactlyItsOwnRow(int count)
    {
        using var fx = new RuntimeFixture();
        fx.Directory.Add("fiona", ("uid", "fiona"), ("department", "finance"));
        await fx.Engine.DeployAsync(Acme, [BpmnFile("parallel.bpmn", Definitions($$"""
            <startEvent id="start" /><sequenceFlow id="f1" sourceRef="start" targetRef="review" />
            <userTask id="review" name="Review" ocap:candidateFilter="(department=finance)">
              <multiInstanceLoopCharacteristics isSequential="false"><loopCardinality>{{count}}</loopCardinality></multiInstanceLoopCharacteristics>
            </userTask>
            <sequenceFlow id="f2" sourceRef="review" targetRef="done" /><endEvent id="done" />
            """))], CancellationToken.None);
        var started = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("approval") { ActorId = "sam" }, CancellationToken.None);
        var open = (await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None)).Select(t => t.TaskId).ToList();
        Assert.That(open, Has.Count.EqualTo(count));
        Assert.That(open, Is.Unique);

        // Out of order: the middle one, then the rest from the end.
        var order = open.Skip(count / 2).Take(1).Concat(open.Take(count / 2).Concat(open.Skip(count / 2 + 1)).Reverse()).ToList();
        for (var i = 0; i < order.Count; i++)
        {
            await fx.Engine.CompleteTaskAsync(Acme, order[i], "fiona", null, CancellationToken.None);
            var left = (await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None)).Select(t => t.TaskId);
            Assert.That(left, Is.EquivalentTo(order.Skip(i + 1)), $"after completing {i + 1} of {count}");
        }

        var ended = await fx.Engine.GetInstanceAsync(Acme, started.InstanceId, CancellationToken.None);
        Assert.That(ended.Status, Is.EqualTo(InstanceStatus.Completed));
    }
}
