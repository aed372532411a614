using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox.Tests;

public class ModuleSetTests
{
    private const string Entry = "import { rate } from './rules.js'; export default (ctx) => rate(ctx.n);";

    [Test]
    public async Task Modules_OfTheSamePathInTwoSets_EachImportTheirOwn()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var first = sandbox.CreateModuleSet();
        var second = sandbox.CreateModuleSet();
        sandbox.Prepare("export function rate(n) { return n * 2; }", ScriptKind.Module, "rules.js", null, first);
        sandbox.Prepare("export function rate(n) { return n * 3; }", ScriptKind.Module, "rules.js", null, second);
        var fromFirst = sandbox.Prepare(Entry, ScriptKind.Module, "decide.js", null, first);
        var fromSecond = sandbox.Prepare(Entry, ScriptKind.Module, "decide.js", null, second);

        var input = JsonNode.Parse("""{"n":10}""");
        Assert.That((await sandbox.EvaluateAsync(fromFirst, input)).Value.Json(), Is.EqualTo("20"));
        Assert.That((await sandbox.EvaluateAsync(fromSecond, input)).Value.Json(), Is.EqualTo("30"));
        Assert.That((await sandbox.EvaluateAsync(fromFirst, input)).Value.Json(), Is.EqualTo("20"), "on the same warm engines, still its own");
    }

    [Test]
    public void Module_ImportingAPathOnlyAnotherSetHas_IsRefusedAtPrepare()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var first = sandbox.CreateModuleSet();
        sandbox.Prepare("export function rate(n) { return n; }", ScriptKind.Module, "rules.js", null, first);

        var e = Assert.Throws<ScriptCapabilityException>(() => sandbox.Prepare(Entry, ScriptKind.Module, "decide.js", null, sandbox.CreateModuleSet()));
        Assert.That(e!.Capability, Is.EqualTo("./rules.js"));
        Assert.Throws<ScriptCapabilityException>(() => sandbox.Prepare(Entry, ScriptKind.Module, "decide.js"), "nor does the sandbox's default set see it");
    }

    [Test]
    public void CommonJs_RequiringAPathOnlyAnotherSetHas_FailsAsARefusal()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        sandbox.Prepare("module.exports = { secret: 42 };", ScriptKind.CommonJs, "secret.js", null, sandbox.CreateModuleSet());
        var other = sandbox.CreateModuleSet();
        var entry = sandbox.Prepare("module.exports = () => require('./secret.js').secret;", ScriptKind.CommonJs, "main.js", null, other);

        var e = Assert.ThrowsAsync<ScriptRuntimeException>(async () => await sandbox.EvaluateAsync(entry, null));
        Assert.That(e!.ErrorMessage, Does.Contain("require('./secret.js') is refused"));
    }

    [Test]
    public void Prepare_IntoASetOfAnotherSandbox_IsRefused()
    {
        var sandbox = new JsSandbox(new SandboxOptions());
        var foreign = new JsSandbox(new SandboxOptions()).CreateModuleSet();
        Assert.Throws<ArgumentException>(() => sandbox.Prepare("export default 1;", ScriptKind.Module, "a.js", null, foreign));
        Assert.That(foreign.Count, Is.Zero);
    }
}
