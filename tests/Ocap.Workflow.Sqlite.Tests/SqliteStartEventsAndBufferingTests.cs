using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Ocap.Workflow.Access;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Storage.ContractTests;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Sqlite.Tests;

/// <summary>The engine's timer start schedule and buffered messages on a SQLite file, across a reopen.</summary>
public class SqliteStartEventsAndBufferingTests : TempDirectoryTests
{
    private static readonly TenantId Acme = TenantId.Parse("acme");
    private static DeploymentArtifact Bpmn(string name, string body, string processId) => new(name, ArtifactKind.Bpmn, Encoding.UTF8.GetBytes($"""
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
          <message id="m" name="paid"><extensionElements><zeebe:subscription correlationKey="=orderId" /></extensionElements></message>
          <process id="{processId}" isExecutable="true">{body}</process>
        </definitions>
        """));

    [Test]
    public async Task TimerStartAndBufferedMessage_OnSqlite_FireReceiveAndSurviveAReopen()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var nine = clock.GetUtcNow();
        var options = new SqliteWorkflowStoreOptions { Path = StorePath };
        string orderId;
        await using (var store = await SqliteWorkflowStore.OpenAsync(options, clock, CancellationToken.None))
        {
            using var engine = new WorkflowEngine(store, new NoAttributes(), timeProvider: clock);
            await engine.DeployAsync(Acme, [
                Bpmn("report.bpmn", """
                    <startEvent id="tick"><timerEventDefinition><timeCycle>R2/PT1H</timeCycle></timerEventDefinition></startEvent>
                    <sequenceFlow id="f" sourceRef="tick" targetRef="e" /><endEvent id="e" />
                    """, "report"),
                Bpmn("order.bpmn", """
                    <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="pay" />
                    <intermediateCatchEvent id="pay"><messageEventDefinition messageRef="m" /></intermediateCatchEvent>
                    <sequenceFlow id="f2" sourceRef="pay" targetRef="e" /><endEvent id="e" />
                    """, "order"),
            ], CancellationToken.None);

            var buffered = await engine.CorrelateMessageAsync(Acme, new MessageCorrelation("paid", "A-1") { TimeToLive = TimeSpan.FromDays(1), ActorId = "psp" }, CancellationToken.None);
            Assert.That(buffered.Outcome, Is.EqualTo(MessageCorrelationOutcome.Buffered));

            clock.Advance(TimeSpan.FromHours(1));
            Assert.That(await engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1));
            Assert.That(await engine.QueryInstancesAsync(Acme, new InstanceQuery(ProcessKey: "report"), CancellationToken.None), Has.Count.EqualTo(1));

            var order = await engine.StartAsync(Acme, new StartInstanceRequest("order") { Variables = new JsonObject { ["orderId"] = "A-1" } }, CancellationToken.None);
            Assert.That(order.Status, Is.EqualTo(InstanceStatus.Completed));
            orderId = order.InstanceId;
        }

        await using (var reopened = await SqliteWorkflowStore.OpenAsync(options, clock, CancellationToken.None))
        {
            var schedule = (await reopened.ListJobsAsync(Acme, string.Empty, CancellationToken.None)).Single();
            Assert.That((schedule.ProcessKey, schedule.DueAt), Is.EqualTo(("report", nine.AddHours(2))));
            Assert.That(await reopened.FindBufferedMessagesAsync(Acme, "paid", "A-1", CancellationToken.None), Is.Empty);
            var history = await reopened.ReadHistoryAsync(Acme, orderId, CancellationToken.None);
            Assert.That(history!.Events.Select(e => e.Type), Has.Member("message-correlated"));

            using var engine = new WorkflowEngine(reopened, new NoAttributes(), timeProvider: clock);
            clock.Advance(TimeSpan.FromHours(1));
            Assert.That(await engine.RunDueJobsAsync(CancellationToken.None), Is.EqualTo(1));
            Assert.That(await reopened.ListJobsAsync(Acme, string.Empty, CancellationToken.None), Is.Empty, "R2 ends after its second firing");
            Assert.That(await engine.QueryInstancesAsync(Acme, new InstanceQuery(ProcessKey: "report"), CancellationToken.None), Has.Count.EqualTo(2));
        }
    }

    private sealed class NoAttributes : IPrincipalResolver
    {
        public ValueTask<PrincipalAttributes> ResolveAsync(TenantId tenant, string actorId, CancellationToken cancellationToken) => ValueTask.FromResult(PrincipalAttributes.Empty);
    }
}
