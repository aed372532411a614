using Microsoft.Extensions.Time.Testing;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>Property: time and randomness come from the host, are recorded, replay exactly, and can be turned off SES-style.</summary>
public class HostEffectsTests
{
    [Test]
    public async Task DateAndRandom_ComeFromTheHost_AndAreRecorded()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var sandbox = new JsSandbox(new SandboxOptions { TimeProvider = clock });
        var script = sandbox.Prepare("[Date.now(), new Date().toISOString(), Math.random()]", ScriptKind.Script, "s");
        var result = await sandbox.EvaluateAsync(script, null, new EvaluationOptions { RandomSeed = 7 });
        var expectedMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.That(result.Value![0]!.GetValue<long>(), Is.EqualTo(expectedMs));
        Assert.That(result.Value[1]!.GetValue<string>(), Is.EqualTo("2026-01-02T03:04:05.000Z"));
        Assert.That(result.Effects.ClockReadings, Is.EqualTo(new double[] { expectedMs, expectedMs }));
        Assert.That(result.Effects.RandomValues, Is.EqualTo(new[] { new Random(7).NextDouble() }));
    }

    [Test]
    public async Task Replay_ReproducesTheDecisionExactly()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var script = sandbox.Prepare("({ at: Date.now(), pick: Math.floor(Math.random() * 1000) })", ScriptKind.Script, "s");
        var original = await sandbox.EvaluateAsync(script, null);
        await Task.Delay(5);
        var replayed = await sandbox.EvaluateAsync(script, null, new EvaluationOptions { Replay = original.Effects });
        Assert.That(replayed.Value.Json(), Is.EqualTo(original.Value.Json()));
    }

    [Test]
    public void FailedEvaluation_CarriesTheTimeAndRandomnessItRead_AndReplaysToTheSameError()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var sandbox = new JsSandbox(new SandboxOptions { TimeProvider = clock });
        var script = sandbox.Prepare("const r = Math.random(); throw new RangeError('late at ' + Date.now() + ' ' + r);", ScriptKind.Script, "s");

        var original = Assert.ThrowsAsync<ScriptRuntimeException>(async () => await sandbox.EvaluateAsync(script, null));
        Assert.That(original!.HostEffects.ClockReadings, Is.EqualTo(new double[] { clock.GetUtcNow().ToUnixTimeMilliseconds() }));
        Assert.That(original.HostEffects.RandomValues, Has.Count.EqualTo(1));

        clock.Advance(TimeSpan.FromHours(1));
        var replayed = Assert.ThrowsAsync<ScriptRuntimeException>(async () => await sandbox.EvaluateAsync(script, null, new EvaluationOptions { Replay = original.HostEffects }));
        Assert.That(replayed!.ErrorMessage, Is.EqualTo(original.ErrorMessage));
    }

    [Test]
    public void FailedPrepare_CarriesNoHostEffects()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var e = Assert.Throws<ScriptSyntaxException>(() => sandbox.Prepare("Date.now(", ScriptKind.Script, "s"));
        Assert.That(e!.HostEffects, Is.SameAs(HostEffects.None));
    }

    [Test]
    public async Task Replay_ThatRunsOutOfRecordedValues_IsAReplayError()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var script = sandbox.Prepare("Math.random()", ScriptKind.Script, "s");
        var error = Assert.ThrowsAsync<ScriptRuntimeException>(async () => await sandbox.EvaluateAsync(script, null, new EvaluationOptions { Replay = HostEffects.None }));
        Assert.That(error!.ErrorName, Is.EqualTo("ReplayError"));
    }

    [Test]
    public async Task WithoutHostTimeAndRandomness_DateIsNaNAndRandomThrows()
    {
        var sandbox = new JsSandbox(new SandboxOptions { AllowHostTimeAndRandomness = false });
        var value = await sandbox.RunAsync("let r; try { Math.random(); r = 'no'; } catch (e) { r = e.message; } [String(Date.now()), String(new Date()), r, new Date(0).toISOString()]");
        Assert.That(value.Json(), Is.EqualTo("""["NaN","Invalid Date","Math.random() is disabled in this sandbox","1970-01-01T00:00:00.000Z"]"""));
    }

    [Test]
    public async Task DateConstructor_KeepsItsIdentityAndPrototype()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var value = await sandbox.RunAsync("[new Date(0) instanceof Date, Date.prototype.constructor === Date, typeof Date(), Date.UTC(2020, 0, 1)]");
        Assert.That(value.Json(), Is.EqualTo("""[true,true,"string",1577836800000]"""));
    }
}
