using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>
/// Property: a pooled engine reuses one evaluation context, begun afresh for each evaluation, so nothing one evaluation
/// recorded or was given (clock readings, random values, replay position, seed) reaches the next one on that engine.
/// </summary>
public class EvaluationContextReuseTests
{
    [Test]
    public async Task AfterAFailedEvaluationThatReadTheHost_TheNextOneOnTheSameEngineRecordsNothing()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var failing = sandbox.Prepare("Date.now(); Math.random(); throw new Error('no');", ScriptKind.Script, "failing");
        var plain = sandbox.Prepare("1 + 1", ScriptKind.Script, "plain");

        var error = Assert.ThrowsAsync<ScriptRuntimeException>(async () => await sandbox.EvaluateAsync(failing, null));
        var next = await sandbox.EvaluateAsync(plain, null);

        Assert.That((error!.HostEffects.ClockReadings.Count, error.HostEffects.RandomValues.Count), Is.EqualTo((1, 1)));
        Assert.That((next.Effects.ClockReadings.Count, next.Effects.RandomValues.Count), Is.EqualTo((0, 0)));
        Assert.That(sandbox.RealmsCreated, Is.EqualTo(1), "both ran on the same pooled engine");
    }

    [Test]
    public async Task ReplayPositionAndSeed_StartOverForEachEvaluation()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var script = sandbox.Prepare("[Date.now(), Math.random()]", ScriptKind.Expression, "twice");
        var replay = new EvaluationOptions { Replay = new HostEffects([1000], [0.25]) };

        var first = await sandbox.EvaluateAsync(script, new JsonObject(), replay);
        var second = await sandbox.EvaluateAsync(script, new JsonObject(), replay);
        var seededA = await sandbox.EvaluateAsync(script, new JsonObject(), new EvaluationOptions { RandomSeed = 3 });
        var seededB = await sandbox.EvaluateAsync(script, new JsonObject(), new EvaluationOptions { RandomSeed = 3 });

        Assert.That((first.Value.Json(), second.Value.Json()), Is.EqualTo(("[1000,0.25]", "[1000,0.25]")));
        Assert.That(seededB.Value![1]!.GetValue<double>(), Is.EqualTo(seededA.Value![1]!.GetValue<double>()));
        Assert.That(sandbox.RealmsCreated, Is.EqualTo(1));
    }
}
