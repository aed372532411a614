using System.Diagnostics;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>
/// Property: every limit ends the evaluation with <see cref="ScriptLimitExceededException"/> naming it, the script cannot
/// catch it, no single built-in allocates far past the memory bound, and the sandbox stays usable afterwards.
/// </summary>
public class LimitTests
{
    private static readonly SandboxLimits Tight = new()
    {
        Timeout = TimeSpan.FromSeconds(5),
        MaxStatements = 200_000,
        MemoryBytes = 32L * 1024 * 1024,
        MaxRecursion = 100,
        RegexTimeout = TimeSpan.FromMilliseconds(50),
        MaxResultBytes = 10_000,
        MaxSourceLength = 10_000,
        MaxArrayLength = 100_000,
        MaxStringLength = 1_000_000,
    };

    private static async Task<ScriptLimitExceededException> ExceedsAsync(string source, SandboxLimits? limits = null, ScriptKind kind = ScriptKind.Script)
    {
        var sandbox = SandboxFixture.Create(limits ?? Tight);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = await sandbox.FailsWithAsync<ScriptLimitExceededException>(source, kind);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.LessThan(2 * (limits ?? Tight).MemoryBytes + (64L * 1024 * 1024)), "allocation stayed near the bound");
        var after = await sandbox.RunAsync("[1, 2, 3].map((x) => x * 2).join()");
        Assert.That(after.Json(), Is.EqualTo("\"2,4,6\""), "the sandbox is still usable");
        return error;
    }

    [Test]
    public async Task InfiniteLoop_ExceedsTheStatementLimit()
    {
        var error = await ExceedsAsync("while (true) {}");
        Assert.That(error.Limit, Is.EqualTo(ScriptLimit.Statements));
    }

    [Test]
    public async Task InfiniteLoop_CannotBeCaughtByTheScript()
    {
        var error = await ExceedsAsync("let n = 0; for (;;) { try { while (true) {} } catch (e) { n++; } finally { n++; } }");
        Assert.That(error.Limit, Is.EqualTo(ScriptLimit.Statements));
    }

    [Test]
    public async Task LongRunningLoop_ExceedsTheWallTimeWithinTwiceTheBound()
    {
        var limits = Tight with { MaxStatements = long.MaxValue, Timeout = TimeSpan.FromMilliseconds(300) };
        var watch = Stopwatch.StartNew();
        var error = await ExceedsAsync("while (true) {}", limits);
        Assert.That(error.Limit, Is.EqualTo(ScriptLimit.Timeout));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public async Task Cancellation_EndsTheEvaluationAsATimeout()
    {
        var sandbox = SandboxFixture.Create(Tight with { MaxStatements = long.MaxValue });
        var prepared = sandbox.Prepare("while (true) {}", ScriptKind.Script, "loop");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var error = Assert.ThrowsAsync<ScriptLimitExceededException>(async () => await sandbox.EvaluateAsync(prepared, null, cancellationToken: cancel.Token));
        Assert.That(error!.Limit, Is.EqualTo(ScriptLimit.Timeout));
    }

    [Test]
    public async Task DeepRecursion_ExceedsTheRecursionLimit()
    {
        var error = await ExceedsAsync("function f(n) { return 1 + f(n + 1); } f(0)");
        Assert.That(error.Limit, Is.EqualTo(ScriptLimit.Recursion));
    }

    [Test]
    public async Task StrictTailRecursion_ExceedsTheRecursionLimit()
    {
        var error = await ExceedsAsync("function f(n) { return f(n + 1); } f(0)");
        Assert.That(error.Limit, Is.EqualTo(ScriptLimit.Recursion));
    }

    [Test]
    public async Task RecursionThroughEvalAndFunction_IsStopped()
    {
        var limits = Tight with { MaxStatements = 10_000_000 };
        var sandbox = SandboxFixture.Create(limits);
        var error = await sandbox.FailsWithAsync<ScriptException>("const s = 'eval(s)'; eval(s)");
        Assert.That(error, Is.TypeOf<ScriptLimitExceededException>().Or.Property(nameof(ScriptException.ErrorName)).EqualTo("RangeError"));
    }

    [TestCase("'x'.repeat(2 ** 28)")]
    [TestCase("''.padEnd(2 ** 28)")]
    [TestCase("''.padStart(2 ** 28, 'ab')")]
    [TestCase("const a = 'x'.repeat(500000); ''.concat(a, a, a, a, a)")]
    [TestCase("Array(1e9).fill(0)")]
    [TestCase("new Array(1e7)")]
    [TestCase("Array.from({ length: 1e8 })")]
    [TestCase("const a = []; for (let i = 0; i < 2e5; i++) a.push(i); a")]
    [TestCase("Array(90000).fill('x'.repeat(1000)).join(',')")]
    [TestCase("JSON.stringify(Array(90000).fill('x'.repeat(1000)))")]
    [TestCase("new Uint8Array(1e9)")]
    [TestCase("new Float64Array({ length: 1e8 })")]
    [TestCase("new ArrayBuffer(1e9)")]
    [TestCase("new ArrayBuffer(8, { maxByteLength: 1e9 })")]
    [TestCase("let s = 'x'; for (let i = 0; i < 40; i++) s = s + s; s.length")]
    public async Task SingleBuiltinAllocation_ExceedsTheMemoryLimitBeforeAllocating(string source)
    {
        var error = await ExceedsAsync(source);
        Assert.That(error.Limit, Is.EqualTo(ScriptLimit.Memory));
    }

    [Test]
    public async Task HugeBigIntPower_IsARangeErrorNotAnAllocation()
    {
        var sandbox = SandboxFixture.Create(Tight);
        var error = await sandbox.FailsWithAsync<ScriptRuntimeException>("2n ** 100000000n");
        Assert.That(error.ErrorName, Is.EqualTo("RangeError"));
    }

    [Test]
    public async Task CatastrophicRegex_ExceedsTheRegexTimeout_AndIsNotCatchable()
    {
        var error = await ExceedsAsync("try { /(a+)+$/.test('a'.repeat(40) + 'b'); } catch (e) { 'caught' }");
        Assert.That(error.Limit, Is.EqualTo(ScriptLimit.RegexTimeout));
    }

    [Test]
    public async Task PromiseJobFlood_IsStopped()
    {
        var error = await ExceedsAsync("const loop = () => Promise.resolve().then(loop); loop(); 'queued'");
        Assert.That(error.Limit, Is.AnyOf(ScriptLimit.Statements, ScriptLimit.Memory));
    }

    [Test]
    public async Task AsyncInfiniteLoop_IsStopped()
    {
        var error = await ExceedsAsync("(async () => { await null; while (true) {} })()");
        Assert.That(error.Limit, Is.EqualTo(ScriptLimit.Statements));
    }

    [Test]
    public async Task OversizeResult_ExceedsTheResultSizeLimit()
    {
        var error = await ExceedsAsync("'x'.repeat(20000)");
        Assert.That(error.Limit, Is.EqualTo(ScriptLimit.ResultSize));
    }

    [Test]
    public void OversizeSource_IsRefusedAtPrepare()
    {
        var sandbox = SandboxFixture.Create(Tight);
        var error = Assert.Throws<ScriptLimitExceededException>(() => sandbox.Prepare(new string(' ', 10_001), ScriptKind.Script, "big"));
        Assert.That(error!.Limit, Is.EqualTo(ScriptLimit.SourceSize));
    }

    [Test]
    public void Defaults_AreSafe()
    {
        var limits = new SandboxLimits();
        Assert.That(limits.Timeout, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(limits.MaxRecursion, Is.InRange(1, 1000));
        Assert.That(limits.MemoryBytes, Is.LessThanOrEqualTo(256L * 1024 * 1024));
        Assert.That(limits.RegexTimeout, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void NonPositiveLimit_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SandboxFixture.Create(new SandboxLimits { MaxStatements = 0 }));
    }
}
