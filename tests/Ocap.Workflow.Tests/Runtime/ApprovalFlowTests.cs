using System.Text.Json.Nodes;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using static Ocap.Workflow.Tests.Runtime.RuntimeFixture;

namespace Ocap.Workflow.Tests.Runtime;

public sealed class ApprovalFlowTests
{
    [Test]
    public async Task Complete_SmallAmount_TheJavaScriptGatewayEndsTheInstanceAndMergesTheCleanedData()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var started = await fx.StartApprovalAsync();
        Assert.That(started.Status, Is.EqualTo(InstanceStatus.Active));

        var task = await fx.SingleTaskAsync("fiona");
        Assert.That((task.ElementId, task.Name, task.FormKey, task.InstanceId), Is.EqualTo(("review", "Review claim", "approval-form", started.InstanceId)));

        var submission = ValidApproval(250);
        submission["notOnTheForm"] = "dropped";
        await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", submission, CancellationToken.None);

        var instance = await fx.Engine.GetInstanceAsync(Acme, started.InstanceId, CancellationToken.None);
        Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(instance.Variables["amount"]!.GetValue<decimal>(), Is.EqualTo(250m));
        Assert.That(instance.Variables["costCentre"]!.GetValue<string>(), Is.EqualTo("FI100"));
        Assert.That(instance.Variables["requester"]!.GetValue<string>(), Is.EqualTo("sam"));
        Assert.That(instance.Variables.ContainsKey("notOnTheForm"), Is.False);
        Assert.That(await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None), Is.Empty);
        Assert.That(await fx.Store.ListJobsAsync(Acme, started.InstanceId, CancellationToken.None), Is.Empty, "the boundary timer's job goes with the task");
    }

    [Test]
    public async Task CommandPayload_StepsAreWrittenAsTheWriterWritesThem_IncludingIdsThatNeedEscaping()
    {
        using var fx = new RuntimeFixture();
        fx.Directory.Add("fiona", ("uid", "fiona"), ("department", "finance"));
        await fx.Engine.DeployAsync(Acme, [BpmnFile("p.bpmn", Definitions("""
            <startEvent id="anfang" /><sequenceFlow id="f1" sourceRef="anfang" targetRef="prüfung" />
            <userTask id="prüfung" name="Prüfung" ocap:candidateFilter="(department=finance)" />
            <sequenceFlow id="f2" sourceRef="prüfung" targetRef="ende" /><endEvent id="ende" />
            """, processId: "größe"))], CancellationToken.None);
        var started = await fx.Engine.StartAsync(Acme, new StartInstanceRequest("größe") { ActorId = "sam" }, CancellationToken.None);
        var task = await fx.SingleTaskAsync("fiona");
        // Data the caller parsed itself, with escapes the writer would not write: recorded as the writer writes it.
        var submission = JsonNode.Parse("""{"note":"\u0041b\/c","n":1.50,"list":["\u00e9",{"k":true}]}""")!.AsObject();
        await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", submission, CancellationToken.None);

        var history = await fx.Engine.GetHistoryAsync(Acme, started.InstanceId, CancellationToken.None);
        Assert.That(history[1].PayloadJson, Does.Contain("\"data\":{\"note\":\"Ab/c\",\"n\":1.50,\"list\":[\"\\u00E9\",{\"k\":true}]},"));
        foreach (var e in history)
        {
            // The reference: every step written field by field by a writer with the default options.
            var steps = JsonNode.Parse(e.PayloadJson)!["steps"]!.AsArray();
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                w.WriteStartArray();
                foreach (var step in steps)
                {
                    w.WriteStartObject();
                    w.WriteString("type", step!["type"]!.GetValue<string>());
                    w.WriteString("element", step["element"]!.GetValue<string>());
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            var expected = "\"steps\":" + System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
            Assert.That(e.PayloadJson, Does.Contain(expected), e.Type);
            Assert.That(expected, Does.Contain("\\u00FC"), "the ids' non-ASCII letters are escaped as the default writer escapes them");
        }

        Assert.That(history.Select(e => JsonNode.Parse(e.PayloadJson)!["steps"]!.AsArray().Count), Is.EqualTo(new[] { 5, 7 }), "three variables set, then the task, the end event and the process");
    }

    [Test]
    public async Task ManyInstances_HistoriesWhoseStepsAndDecisionHeadsRepeat_VerifyAndReadBackWhole()
    {
        // The in-memory store keeps a repeated run of payload bytes (a path's steps, a decision's fixed head) once;
        // what it hands back must still be the whole payload the hash was computed over.
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var instances = new List<string>();
        foreach (var amount in new[] { 250m, 5000m, 300m, 7000m })
        {
            var started = await fx.StartApprovalAsync();
            var task = await fx.SingleTaskAsync("fiona");
            await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", ValidApproval(amount), CancellationToken.None);
            instances.Add(started.InstanceId);
        }

        var histories = new List<IReadOnlyList<Ocap.Workflow.History.HistoryEvent>>();
        foreach (var id in instances)
        {
            Assert.That((await fx.Engine.VerifyHistoryAsync(Acme, id, CancellationToken.None)).IsIntact, Is.True, id);
            histories.Add(await fx.Engine.GetHistoryAsync(Acme, id, CancellationToken.None));
        }

        string Steps(Ocap.Workflow.History.HistoryEvent e) => JsonNode.Parse(e.PayloadJson)!["steps"]!.ToJsonString();
        string Head(Ocap.Workflow.History.HistoryEvent e) => e.PayloadJson[..e.PayloadJson.IndexOf(",\"inputs\"", StringComparison.Ordinal)];
        Assert.That(histories.Select(h => h.Count), Is.EqualTo(new[] { 3, 3, 3, 3 }));
        Assert.That(histories.Select(h => Steps(h[1])).Distinct().Count(), Is.EqualTo(2), "the small and the large amount take two paths");
        Assert.That(Steps(histories[0][1]), Is.EqualTo(Steps(histories[2][1])));
        Assert.That(histories.Select(h => Head(h[2])).Distinct().Count(), Is.EqualTo(1));
        Assert.That(histories.Select(h => JsonNode.Parse(h[2].PayloadJson)!["inputs"]!["amount"]!.GetValue<decimal>()), Is.EqualTo(new[] { 250m, 5000m, 300m, 7000m }));
        Assert.That(histories[1][1].PayloadJson, Does.StartWith("{\"command\":\"task-completed\",\"taskId\":\"" + instances[1] + ".t"));
    }

    [Test]
    public async Task Complete_TheHistoryRecordsTheCleanedDataAsTheVariablesGotIt_CompactAndEscapedLikeTheWriter()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var started = await fx.StartApprovalAsync();
        var task = await fx.SingleTaskAsync("fiona");
        var submission = ValidApproval(1.50m);
        submission["reason"] = "<Zoë> & \"co\"\nline two";
        await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", submission, CancellationToken.None);

        var completed = (await fx.Engine.GetHistoryAsync(Acme, started.InstanceId, CancellationToken.None)).Single(e => e.Type == "task-completed");
        var data = JsonNode.Parse(completed.PayloadJson)!["data"]!.AsObject();
        var instance = await fx.Engine.GetInstanceAsync(Acme, started.InstanceId, CancellationToken.None);

        Assert.That(data["reason"]!.GetValue<string>(), Is.EqualTo("<Zoë> & \"co\"\nline two"), "a textarea keeps its newline");
        Assert.That(data["amount"]!.GetValue<decimal>(), Is.EqualTo(1.5m));
        foreach (var (name, value) in data)
        {
            Assert.That(value!.ToJsonString(), Is.EqualTo(instance.Variables[name]!.ToJsonString()), name);
        }

        Assert.That(completed.PayloadJson, Does.Contain("\"data\":" + data.ToJsonString() + ","), "written compact, escaped as the default writer escapes");
    }

    [Test]
    public async Task Complete_LargeAmount_GoesToADirectorMatchedThroughTheTranslatedCandidateGroup()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var started = await fx.StartApprovalAsync();
        var review = await fx.SingleTaskAsync("fiona");
        await fx.Engine.CompleteTaskAsync(Acme, review.TaskId, "fiona", ValidApproval(5000), CancellationToken.None);

        Assert.That(await fx.Engine.ListTasksAsync(Acme, "fiona", CancellationToken.None), Is.Empty);
        var director = await fx.SingleTaskAsync("dora");
        Assert.That(director.ElementId, Is.EqualTo("director"));
        Assert.That(director.CandidateFilter, Is.EqualTo("(memberOf=cn=directors,ou=groups)"));
        await fx.Engine.CompleteTaskAsync(Acme, director.TaskId, "dora", null, CancellationToken.None);
        Assert.That((await fx.Engine.GetInstanceAsync(Acme, started.InstanceId, CancellationToken.None)).Status, Is.EqualTo(InstanceStatus.Completed));
    }

    [Test]
    public async Task History_OfACompletedInstance_IsChainedAndRecordsActorsArtifactsAndTheGatewayDecision()
    {
        using var fx = new RuntimeFixture();
        await fx.DeployApprovalAsync();
        var started = await fx.StartApprovalAsync();
        var task = await fx.SingleTaskAsync("fiona");
        await fx.Engine.CompleteTaskAsync(Acme, task.TaskId, "fiona", ValidApproval(250), CancellationToken.None);

        var history = await fx.Engine.GetHistoryAsync(Acme, started.InstanceId, CancellationToken.None);
        Assert.That(history.Select(e => e.Type), Is.EqualTo(new[] { "instance-started", "task-completed", "script-decision" }));
        Assert.That(history.Select(e => e.Actor), Is.EqualTo(new[] { "sam", "fiona", "fiona" }));
        var bpmnHash = ApprovalBundle()[0].Hash;
        var formHash = ApprovalBundle()[1].Hash;
        Assert.That(history[1].ArtifactHashes, Is.EqualTo(new[] { bpmnHash, formHash }));
        var decision = JsonNode.Parse(history[2].PayloadJson)!;
        Assert.That(decision["element"]!.GetValue<string>(), Is.EqualTo("big"));
        Assert.That(decision["text"]!.GetValue<string>(), Is.EqualTo("amount > 1000"));
        Assert.That(decision["inputs"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(250m));
        Assert.That(decision["inputs"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "amount", "approved", "category", "costCentre", "reason", "requester" }),
            "inputs are written in ordinal order of their names (capital C before lowercase letters)");
        Assert.That(decision["output"]!.ToJsonString(), Is.EqualTo("""{"value":false}"""));

        var verification = await fx.Engine.VerifyHistoryAsync(Acme, started.InstanceId, CancellationToken.None);
        Assert.That(verification.IsIntact, Is.True);
        Assert.That(verification.EventCount, Is.EqualTo(3));
    }
}
