using System.Text.Json.Nodes;

namespace Ocap.Workflow.Cli.Tests;

public class FeelCommandTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ocapwf-feel-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Exit, string Out, string Error)> RunWithInputAsync(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, new StringReader(stdin), stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static Task<(int Exit, string Out, string Error)> RunAsync(params string[] args) => RunWithInputAsync(string.Empty, args);

    [Test]
    public async Task Feel_GatewayConditionWithContext_PrintsOkAndTheValue()
    {
        var ctx = WriteFile("ctx.json", """{"amount": 1500, "costCenter": "A"}""");
        var (exit, output, error) = await RunAsync("feel", "=amount > 1000 and costCenter in [\"A\", \"B\"]", "--context", ctx);
        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output.TrimEnd(), Is.EqualTo("""{"ok":true,"value":true}"""));
    }

    [Test]
    public async Task Feel_ContextKeyContainingAKeyword_IsOneName()
    {
        var ctx = WriteFile("ctx.json", """{"terms and conditions": true, "order total": 5}""");
        var (exit, output, _) = await RunAsync("feel", "terms and conditions and order total > 1", "--context", ctx);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output.TrimEnd(), Is.EqualTo("""{"ok":true,"value":true}"""));
    }

    [Test]
    public async Task Feel_TemporalResult_IsPrintedAsIsoText()
    {
        var (exit, output, _) = await RunAsync("feel", "date(\"2024-01-31\") + duration(\"P1M\")");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output.TrimEnd(), Is.EqualTo("""{"ok":true,"value":"2024-02-29"}"""));
    }

    [Test]
    public async Task Feel_NullResult_IsOkWithNullValue()
    {
        var (exit, output, _) = await RunAsync("feel", "1 + null");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output.TrimEnd(), Is.EqualTo("""{"ok":true,"value":null}"""));
    }

    [Test]
    public async Task Feel_SyntaxError_PrintsTypedErrorWithPositionAndExitsOne()
    {
        var (exit, output, _) = await RunAsync("feel", "1 +\n  * 2");
        Assert.That(exit, Is.EqualTo(1));
        var error = JsonNode.Parse(output)!["error"]!;
        Assert.That((bool)JsonNode.Parse(output)!["ok"]!, Is.False);
        Assert.That((string)error["type"]!, Is.EqualTo("FeelParseError"));
        Assert.That((int)error["position"]!, Is.EqualTo(6));
        Assert.That((int)error["line"]!, Is.EqualTo(2));
        Assert.That((int)error["column"]!, Is.EqualTo(3));
    }

    [Test]
    public async Task Feel_UnknownFunction_IsAParseErrorNamingIt()
    {
        var (exit, output, _) = await RunAsync("feel", "frobnicate(1)");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That((string)JsonNode.Parse(output)!["error"]!["message"]!, Does.Contain("unknown function 'frobnicate'"));
    }

    [Test]
    public async Task Feel_StepLimit_IsReportedAsLimitError()
    {
        var (exit, output, _) = await RunAsync("feel", "for a in 1..1000, b in 1..1000 return a");
        Assert.That(exit, Is.EqualTo(1));
        var error = JsonNode.Parse(output)!["error"]!;
        Assert.That((string)error["type"]!, Is.EqualTo("FeelLimitExceeded"));
        Assert.That((string)error["limit"]!, Is.EqualTo("Steps"));
    }

    [Test]
    public async Task Feel_Batch_PrintsOneLinePerRequestWithItsId()
    {
        var batch = WriteFile("b.jsonl", """
            {"id": "a", "expression": "x * 2", "context": {"x": 21}}

            {"id": 7, "expression": "string length(name)", "context": {"name": "Ada"}}
            {"id": "bad", "expression": "1 +"}
            """);
        var (exit, output, _) = await RunAsync("feel", "--batch", batch);
        var lines = output.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[0], Is.EqualTo("""{"id":"a","ok":true,"value":42}"""));
        Assert.That(lines[1], Is.EqualTo("""{"id":7,"ok":true,"value":3}"""));
        Assert.That(lines[2], Does.StartWith("""{"id":"bad","ok":false,"error":{"type":"FeelParseError","""));
        Assert.That(exit, Is.EqualTo(1));
    }

    [Test]
    public async Task Feel_BatchFromStandardInput_AllOk_ExitsZero()
    {
        var (exit, output, _) = await RunWithInputAsync("""{"id": 1, "expression": "upper case(\"a\")"}""" + "\n", "feel", "--batch", "-");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output.TrimEnd(), Is.EqualTo("""{"id":1,"ok":true,"value":"A"}"""));
    }

    [TestCase("""not json""", "not valid JSON")]
    [TestCase("""[1]""", "must be a JSON object")]
    [TestCase("""{"id": 1}""", "\"expression\" must be a string")]
    [TestCase("""{"id": 1, "expression": "1", "context": 5}""", "\"context\" must be a JSON object")]
    [TestCase("""{"id": 1, "expresion": "1"}""", "unknown property 'expresion'")]
    public async Task Feel_BatchLineThatIsNotARequest_IsReportedOnItsLineNotSkipped(string line, string message)
    {
        var batch = WriteFile("b.jsonl", line + "\n");
        var (exit, output, _) = await RunAsync("feel", "--batch", batch);
        Assert.That(exit, Is.EqualTo(1));
        var error = JsonNode.Parse(output)!["error"]!;
        Assert.That((string)error["type"]!, Is.EqualTo("InvalidBatchLine"));
        Assert.That((string)error["message"]!, Does.Contain(message).And.StartWith("line 1:"));
    }

    [Test]
    public async Task Feel_ContextThatIsNotAnObject_IsAUsageError()
    {
        var ctx = WriteFile("ctx.json", "[1, 2]");
        var (exit, output, error) = await RunAsync("feel", "1", "--context", ctx);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("must hold a JSON object"));
    }

    [Test]
    public async Task Feel_MissingContextFile_IsAUsageError()
    {
        var (exit, _, error) = await RunAsync("feel", "1", "--context", Path.Combine(_dir, "none.json"));
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("cannot read context file"));
    }

    [TestCase]
    [TestCase("1", "2")]
    [TestCase("1", "--contxt", "c.json")]
    [TestCase("1", "--batch", "b.jsonl")]
    public async Task Feel_WrongCommandLine_IsAUsageError(params string[] rest)
    {
        var (exit, output, error) = await RunAsync(["feel", .. rest]);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("Usage: ocapwf feel"));
    }
}
