using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>Property: concurrent evaluations from many threads are safe and isolated.</summary>
public class ConcurrencyTests
{
    [Test]
    public async Task ManyThreads_EvaluateConcurrently_EachSeesOnlyItsOwnInput()
    {
        var sandbox = SandboxFixture.Create();
        var expression = sandbox.Prepare("n * 2", ScriptKind.Expression, "double");
        var script = sandbox.Prepare("var acc = []; for (let i = 0; i < 50; i++) acc.push(ctx.n); acc.every((x) => x === ctx.n) ? ctx.n : -1", ScriptKind.Script, "same");
        var tasks = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var input = new JsonObject { ["n"] = i };
            var a = await sandbox.EvaluateAsync(expression, input);
            var b = await sandbox.EvaluateAsync(script, input);
            return (i, a: a.Value!.GetValue<long>(), b: b.Value!.GetValue<long>());
        })).ToArray();
        var results = await Task.WhenAll(tasks);
        Assert.That(results.All(r => r.a == r.i * 2 && r.b == r.i), Is.True);
        Assert.That(sandbox.RealmsCreated, Is.LessThanOrEqualTo(Environment.ProcessorCount * 4 + 8));
    }
}
