using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Sandbox.Data;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>
/// Property: what an evaluation does before the script's first statement (arming the guard, renting an engine, copying
/// numbers in) costs as little as it can without changing what the script sees or which limits hold: the clock is read
/// once to set the deadline, cancellation is still checked at the first statement, the deadline still ends a loop, and a
/// number bound from a JSON element is the value the general path gives.
/// </summary>
public class EvaluationSetupTests
{
    [Test]
    public void APlainCondition_ReadsTheClockOnceToSetItsDeadline()
    {
        var time = new SteppingTimeProvider();
        var sandbox = new JsSandbox(new SandboxOptions { TimeProvider = time });
        // (Not a bare comparison of a variable with a literal: that one needs no engine and reads no clock at all.)
        var condition = sandbox.Prepare("amount + 0 > 1000", ScriptKind.Expression, "condition");
        var variables = Variables("""{"amount":250}""");
        sandbox.EvaluateExpression(condition, variables, null);

        time.Readings = 0;
        var result = sandbox.EvaluateExpression(condition, variables, null);

        Assert.That(result.Boolean, Is.False);
        Assert.That(time.Readings, Is.EqualTo(1));
    }

    [Test]
    public async Task ADeadlinePassedAfterArming_StillEndsALoop()
    {
        var time = new SteppingTimeProvider();
        var sandbox = new JsSandbox(new SandboxOptions { TimeProvider = time, Limits = new SandboxLimits { MaxStatements = long.MaxValue } });
        var loop = sandbox.Prepare("for (let i = 0; i < 1000000; i++) {}", ScriptKind.Script, "loop");
        var shortScript = sandbox.Prepare("let s = 0; for (let i = 0; i < 10; i++) { s += i; } s", ScriptKind.Script, "short");
        await sandbox.EvaluateAsync(shortScript, null);

        // From now on every reading of the clock is an hour after the previous one: the deadline is past at the first
        // reading after the one that set it. A script of fewer than 64 statements reads the clock only when the guard is
        // armed (as it always did after its first statement), so it completes; a loop is still ended by the deadline.
        time.Step = TimeSpan.FromHours(1);
        var completed = await sandbox.EvaluateAsync(shortScript, null);
        var error = Assert.ThrowsAsync<ScriptLimitExceededException>(async () => await sandbox.EvaluateAsync(loop, null));

        Assert.That(completed.Value.Json(), Is.EqualTo("45"));
        Assert.That(error!.Limit, Is.EqualTo(ScriptLimit.Timeout));
    }

    [Test]
    public async Task ACancelledEvaluation_EndsAtItsFirstStatementAsATimeout()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var script = sandbox.Prepare("1 + 1", ScriptKind.Script, "one");
        await sandbox.EvaluateAsync(script, null);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var error = Assert.ThrowsAsync<ScriptLimitExceededException>(async () => await sandbox.EvaluateAsync(script, null, cancellationToken: cancelled.Token));

        Assert.That(error!.Limit, Is.EqualTo(ScriptLimit.Timeout));
    }

    [Test]
    public async Task SequentialEvaluations_RentTheSameEngine_AndParallelOnesStillGetTheirOwn()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var condition = sandbox.Prepare("amount > 1000", ScriptKind.Expression, "condition");
        var variables = Variables("""{"amount":2500}""");
        for (var i = 0; i < 20; i++)
        {
            Assert.That(sandbox.EvaluateExpression(condition, variables, null).Boolean, Is.True);
        }

        Assert.That(sandbox.RealmsCreated, Is.EqualTo(1));

        using var entered = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var waiting = SandboxCapability.Create("gate").AsyncMethod("wait", async (_, ct) =>
        {
            entered.Release();
            await release.WaitAsync(ct);
            return JsonValue.Create(1);
        }).Build();
        var gated = new JsSandbox(new SandboxOptions { GrantedCapabilities = new HashSet<string> { "gate" } }, [waiting]);
        var script = gated.Prepare("gate.wait()", ScriptKind.Script, "gated", ["gate"]);
        var first = gated.EvaluateAsync(script, null).AsTask();
        await entered.WaitAsync();
        var second = gated.EvaluateAsync(script, null).AsTask();
        await entered.WaitAsync();
        release.Release(2);
        await Task.WhenAll(first, second);

        Assert.That(gated.RealmsCreated, Is.EqualTo(2), "an engine busy with one evaluation is never handed to another");
    }

    [TestCase("250")]
    [TestCase("-17")]
    [TestCase("0")]
    [TestCase("-0")]
    [TestCase("999999999999999")]
    [TestCase("-999999999999999")]
    [TestCase("1234567890123456")]
    [TestCase("12345678901234567890")]
    [TestCase("2.5e2")]
    [TestCase("1E2")]
    [TestCase("0.1")]
    [TestCase("-0.0")]
    [TestCase("1.0")]
    public async Task ANumberBoundFromAnElement_IsTheNumberTheGeneralPathGives(string json)
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        const string Shown = "[Object.is(x, -0), String(x), x === Math.trunc(x), x + 1]";
        var direct = sandbox.Prepare(Shown, ScriptKind.Expression, "direct");
        var general = sandbox.Prepare(Shown.Replace("x", "ctx.x", StringComparison.Ordinal), ScriptKind.Expression, "general");

        var bound = sandbox.EvaluateExpression(direct, Variables($$"""{"x":{{json}}}"""), null);
        var copied = await sandbox.EvaluateAsync(general, JsonNode.Parse($$"""{"x":{{json}}}"""));

        Assert.That(bound.Value.Json(), Is.EqualTo(copied.Value.Json()));
    }

    [TestCase("250", 250L)]
    [TestCase("-17", -17L)]
    [TestCase("0", 0L)]
    [TestCase("999999999999999", 999_999_999_999_999L)]
    public void SmallInteger_ReadsPlainIntegersOfAtMost15Digits(string raw, long expected) =>
        Assert.That(JsonBridge.SmallInteger(System.Text.Encoding.ASCII.GetBytes(raw)), Is.EqualTo(expected));

    [TestCase("-0")]
    [TestCase("-")]
    [TestCase("")]
    [TestCase("1234567890123456")]
    [TestCase("2.5")]
    [TestCase("1e2")]
    public void SmallInteger_LeavesEverythingElseToTheGeneralParser(string raw) =>
        Assert.That(JsonBridge.SmallInteger(System.Text.Encoding.ASCII.GetBytes(raw)), Is.Null);

    private static Dictionary<string, JsonElement> Variables(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    /// <summary>A clock that counts its readings and, once told to, moves on by a step at every reading.</summary>
    private sealed class SteppingTimeProvider : TimeProvider
    {
        private long _now = 1_000_000;

        public int Readings { get; set; }

        public TimeSpan Step { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp()
        {
            Readings++;
            _now += Step.Ticks;
            return _now;
        }
    }
}
