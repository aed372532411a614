using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace ExpenseApproval.Tests;

/// <summary>The boundary timer on the manager's approval (P2D), on a fake clock that the host's engine, store and job runner share.</summary>
public sealed class EscalationTests
{
    [Test]
    public async Task ManagerApproval_LeftForTwoDays_EscalatesToTheDirector()
    {
        using var folder = new TempFolder();
        var clock = new FakeTimeProvider(SampleApp.Epoch);
        await using var app = new SampleApp(folder.File("claims.db"), clock);
        var claim = await app.StartAcmeClaimAsync(amount: 640);
        await app.SingleTaskAsync("acme", "mia", claim);

        clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        await app.Engine.RunDueJobsAsync(CancellationToken.None);
        Assert.That(await app.SingleTaskAsync("acme", "mia", claim), Is.Not.Empty, "a minute before the deadline, the manager still has it");

        clock.Advance(TimeSpan.FromMinutes(1));
        var directorTask = await WaitForTaskAsync(app, "dave", claim);

        var status = await app.GetAsync($"/claims/{claim}", "acme", "erin");
        Assert.That(status.Json!["openTasks"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "Director approval (escalated)" }));
        var manager = await app.GetAsync($"/tasks?claim={claim}", "acme", "mia");
        Assert.That(manager.Json!.AsArray(), Is.Empty, "the interrupting timer took the task from the manager");

        var done = await app.PostAsync($"/tasks/{directorTask}/complete", "acme", "dave", new JsonObject { ["managerDecision"] = "approve" });
        Assert.That(done.Json!["status"]!.GetValue<string>(), Is.EqualTo("completed"), done.Text);
        Assert.That(done.Json["variables"]!["paymentId"], Is.Not.Null);
        var history = await app.GetAsync($"/claims/{claim}/history", "acme", "erin");
        Assert.That(history.Json!.AsArray().Select(e => e!["type"]!.GetValue<string>()), Does.Contain("timer-fired"));
    }

    /// <summary>
    /// Runs the due jobs and waits for the task: the host's own job runner, woken by the same clock, may claim the
    /// timer first, in which case this call finds nothing to do and the task appears when the runner commits.
    /// </summary>
    private static async Task<string> WaitForTaskAsync(SampleApp app, string user, string claim)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await app.Engine.RunDueJobsAsync(CancellationToken.None);
            var reply = await app.GetAsync($"/tasks?claim={claim}", "acme", user);
            if (reply.Json!.AsArray() is [{ } task])
            {
                return task["taskId"]!.GetValue<string>();
            }

            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), $"{user} never got a task of claim {claim}");
            await Task.Delay(50);
        }
    }
}
