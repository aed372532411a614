using System.Text.Json.Nodes;

namespace Ocap.Workflow.Cli.Tests;

public class EvalCommandTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ocapwf-eval-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Exit, string Out, string Error)> RunAsync(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["eval", .. args], new StringReader(stdin), stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public async Task Eval_Script_PrintsItsValue()
    {
        var file = Write("s.js", "const t = ctx.items.reduce((a, b) => a + b, 0); ({ total: t })");
        var ctx = Write("ctx.json", """{"items":[1,2,3]}""");
        var (exit, output, _) = await RunAsync(string.Empty, file, "--ctx", ctx);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Is.EqualTo("{\"ok\":true,\"value\":{\"total\":6}}" + Environment.NewLine));
    }

    [Test]
    public async Task Eval_Expression_BindsCtxPropertiesToFreeIdentifiers()
    {
        var file = Write("cond.js", "amount > 1000 && ctx.region === 'EU'");
        var ctx = Write("ctx.json", """{"amount":1500,"region":"EU"}""");
        var (exit, output, _) = await RunAsync(string.Empty, file, "--kind", "expression", "--ctx", ctx);
        Assert.That((exit, output.Trim()), Is.EqualTo((0, """{"ok":true,"value":true}""")));
    }

    [Test]
    public async Task Eval_Module_CallsTheDefaultExportWithCtx()
    {
        var file = Write("m.js", "export default function decide(ctx) { return ctx.n * 2; }");
        var ctx = Write("ctx.json", """{"n":21}""");
        var (_, output, _) = await RunAsync(string.Empty, file, "--kind", "module", "--ctx", ctx);
        Assert.That(output.Trim(), Is.EqualTo("""{"ok":true,"value":42}"""));
    }

    [Test]
    public async Task Eval_SyntaxError_IsReportedWithPositionAndExitCodeOne()
    {
        var file = Write("bad.js", "let x = ;");
        var (exit, output, _) = await RunAsync(string.Empty, file);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output.Trim(), Is.EqualTo("""{"ok":false,"error":{"kind":"syntax","name":"SyntaxError","message":"Unexpected token ';'","line":1,"column":9}}"""));
    }

    [Test]
    public async Task Batch_PrintsOneLinePerCase_EachInAFreshCompartment()
    {
        var batch = Write("cases.jsonl", string.Join('\n',
            """{"id":"a","code":"var x = 1; x + ctx.n","ctx":{"n":1}}""",
            """{"id":"b","code":"typeof x"}""",
            """{"id":"c","code":"null.y"}""",
            """{"id":"d","code":"while (true) {}"}""",
            """{"id":"e","code":"n * 3","kind":"expression","ctx":{"n":5}}""",
            """{"id":"f","code":"(() => 1)"}""",
            """{"id":"g","code":"directory.lookup(1)","kind":"script"}""",
            string.Empty));
        var (exit, output, _) = await RunAsync(string.Empty, "--batch", batch, "--max-statements", "10000");
        var lines = output.Trim().Split(Environment.NewLine);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(lines, Has.Length.EqualTo(7));
        Assert.That(lines[0], Is.EqualTo("""{"id":"a","ok":true,"value":2}"""));
        Assert.That(lines[1], Is.EqualTo("""{"id":"b","ok":true,"value":"undefined"}"""));
        Assert.That(lines[2], Is.EqualTo("""{"id":"c","ok":false,"error":{"kind":"runtime","name":"TypeError","message":"Cannot read properties of null (reading 'y')","line":1,"column":6}}"""));
        var limit = JsonNode.Parse(lines[3])!;
        Assert.That((limit["ok"]!.GetValue<bool>(), limit["error"]!["kind"]!.GetValue<string>(), limit["error"]!["name"]!.GetValue<string>()), Is.EqualTo((false, "limit", "Statements")));
        Assert.That(lines[4], Is.EqualTo("""{"id":"e","ok":true,"value":15}"""));
        Assert.That(JsonNode.Parse(lines[5])!["error"]!["kind"]!.GetValue<string>(), Is.EqualTo("result"));
        Assert.That(JsonNode.Parse(lines[6])!["error"]!["name"]!.GetValue<string>(), Is.EqualTo("ReferenceError"));
    }

    [Test]
    public async Task Batch_FromStandardInput_Works()
    {
        var (exit, output, _) = await RunAsync("""{"id":"1","code":"40 + 2"}""", "--batch", "-");
        Assert.That((exit, output.Trim()), Is.EqualTo((0, """{"id":"1","ok":true,"value":42}""")));
    }

    [Test]
    public async Task Batch_UnreadableLine_IsReportedAsAnInputErrorLine()
    {
        var batch = Write("cases.jsonl", "{\"id\":\"a\",\"code\":\"1\"}\nnot json\n{\"id\":\"c\",\"cod\":\"1\"}\n");
        var (exit, output, _) = await RunAsync(string.Empty, "--batch", batch);
        var lines = output.Trim().Split(Environment.NewLine);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(JsonNode.Parse(lines[1])!["error"]!["kind"]!.GetValue<string>(), Is.EqualTo("input"));
        Assert.That(JsonNode.Parse(lines[2])!["error"]!["message"]!.GetValue<string>(), Does.Contain("line 3"));
    }

    [TestCase("--timeout-ms", "0")]
    [TestCase("--kind", "typescript")]
    [TestCase("--frobnicate", "1")]
    public async Task BadFlags_AreUsageErrors(string flag, string value)
    {
        var file = Write("s.js", "1");
        var (exit, output, error) = await RunAsync(string.Empty, file, flag, value);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("ocapwf eval"));
    }

    [Test]
    public async Task LimitFlags_SetTheSandboxLimits()
    {
        var file = Write("deep.js", "function f(n) { return n === 0 ? 0 : 1 + f(n - 1); } f(50)");
        var (exit, output, _) = await RunAsync(string.Empty, file, "--max-recursion", "10");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(JsonNode.Parse(output)!["error"]!["name"]!.GetValue<string>(), Is.EqualTo("Recursion"));
    }
}
