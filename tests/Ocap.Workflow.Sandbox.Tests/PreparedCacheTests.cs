using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox.Tests;

public class PreparedCacheTests
{
    private static JsSandbox Create(int maxPrepared) => new(new SandboxOptions { MaxPreparedScripts = maxPrepared });

    [Test]
    public void Prepare_ManyDistinctScripts_KeepsTheCacheWithinItsBound()
    {
        var sandbox = Create(4);
        for (var i = 0; i < 40; i++)
        {
            sandbox.Prepare($"n + {i}", ScriptKind.Expression, "condition");
            Assert.That(sandbox.PreparedCount, Is.LessThanOrEqualTo(4), $"after {i + 1} scripts");
        }

        Assert.That(sandbox.PreparedCount, Is.EqualTo(4));
    }

    [Test]
    public async Task Prepare_AScriptEvictedFromTheCache_EvaluatesCorrectlyWhenPreparedAgain()
    {
        var sandbox = Create(2);
        var first = sandbox.Prepare("n * 10", ScriptKind.Expression, "condition");
        sandbox.Prepare("n + 1", ScriptKind.Expression, "condition");
        sandbox.Prepare("n + 2", ScriptKind.Expression, "condition");
        sandbox.Prepare("n + 3", ScriptKind.Expression, "condition");

        var again = sandbox.Prepare("n * 10", ScriptKind.Expression, "condition");
        Assert.That(again.Wrapper!.Value.Program, Is.Not.SameAs(first.Wrapper!.Value.Program), "the first parse was evicted, so it is parsed again");
        Assert.That((await sandbox.EvaluateAsync(again, JsonNode.Parse("""{"n":4}"""))).Value.Json(), Is.EqualTo("40"));
        Assert.That((await sandbox.EvaluateAsync(first, JsonNode.Parse("""{"n":5}"""))).Value.Json(), Is.EqualTo("50"),
            "a prepared script handed out before its eviction keeps working");
    }

    [Test]
    public void Prepare_RecentlyUsedScript_SurvivesEvictionOfOlderOnes()
    {
        var sandbox = Create(3);
        var kept = sandbox.Prepare("n > 1", ScriptKind.Expression, "condition");
        var dropped = sandbox.Prepare("n > 2", ScriptKind.Expression, "condition");
        sandbox.Prepare("n > 3", ScriptKind.Expression, "condition");
        sandbox.Prepare("n > 1", ScriptKind.Expression, "condition");
        sandbox.Prepare("n > 4", ScriptKind.Expression, "condition");

        Assert.That(sandbox.Prepare("n > 1", ScriptKind.Expression, "condition").Wrapper!.Value.Program, Is.SameAs(kept.Wrapper!.Value.Program));
        Assert.That(sandbox.Prepare("n > 2", ScriptKind.Expression, "condition").Wrapper!.Value.Program, Is.Not.SameAs(dropped.Wrapper!.Value.Program));
    }

    [Test]
    public async Task Evaluate_MoreDistinctScriptsThanTheBound_EachGivesItsOwnResult()
    {
        var sandbox = Create(3);
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 10; i++)
            {
                var script = sandbox.Prepare($"const v = ctx.n * {i}; v", ScriptKind.Script, "script");
                var value = (await sandbox.EvaluateAsync(script, JsonNode.Parse("""{"n":3}"""))).Value.Json();
                Assert.That(value, Is.EqualTo((3 * i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
    }

    [Test]
    public async Task Prepare_FromManyThreadsAtOnce_LeavesTheCacheWithinItsBound()
    {
        var sandbox = Create(8);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                sandbox.Prepare($"n * {t} + {i}", ScriptKind.Expression, "condition");
            }
        })));

        Assert.That(sandbox.PreparedCount, Is.InRange(1, 8));
        var script = sandbox.Prepare("n * 3 + 99", ScriptKind.Expression, "condition");
        Assert.That((await sandbox.EvaluateAsync(script, JsonNode.Parse("""{"n":1}"""))).Value.Json(), Is.EqualTo("102"));
    }

    [Test]
    public void Create_WithANonPositiveBound_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(0));
    }
}
