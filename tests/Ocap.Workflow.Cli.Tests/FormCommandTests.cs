using System.Text.Json.Nodes;

namespace Ocap.Workflow.Cli.Tests;

public class FormCommandTests
{
    private const string Form = """
        {"type":"default","id":"Expense","schemaVersion":19,"components":[
          {"type":"textfield","id":"name","key":"name","validate":{"required":true}},
          {"type":"number","id":"amount","key":"amount","decimalDigits":2,"validate":{"min":1}}]}
        """;

    private string _dir = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ocapwf-form-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, TextReader.Null, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public async Task Validate_InvalidSubmission_PrintsErrorsAndCleanedDataAndExitsOne()
    {
        var (exit, output, _) = await RunAsync("form", "validate", Write("f.json", Form), Write("d.json", """{"amount":"0.5","extra":true}"""));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output.TrimEnd(), Is.EqualTo("""{"valid":false,"errors":{"name":["Field is required."],"amount":["Field must have minimum value of 1."]},"data":{"name":"","amount":0.5}}"""));
    }

    [Test]
    public async Task Validate_ValidSubmission_ExitsZero()
    {
        var (exit, output, _) = await RunAsync("form", "validate", Write("f.json", Form), Write("d.json", """{"name":"Ann","amount":12.5}"""));
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output.TrimEnd(), Is.EqualTo("""{"valid":true,"errors":{},"data":{"name":"Ann","amount":12.5}}"""));
    }

    [Test]
    public async Task Validate_FormWithInvalidFeel_IsRefusedWithTheComponentPropertyAndPosition()
    {
        var form = """{"type":"default","id":"F","components":[{"type":"textfield","id":"t","key":"t","conditional":{"hide":"=x >"}}]}""";
        var (exit, output, error) = await RunAsync("form", "validate", Write("f.json", form), Write("d.json", "{}"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith("ocapwf form: expression error: Component 't' has an invalid FEEL expression in 'conditional.hide' at position 4"));
    }

    [Test]
    public async Task Validate_WithValidatorFile_AddsTheScriptsErrorsAfterTheDeclarativeOnes()
    {
        var script = Write("check.js", "export function validate(data, ctx) { return data.amount > 100 ? { amount: 'Needs approval.' } : null; }");
        var (exit, output, _) = await RunAsync("form", "validate", Write("f.json", Form), Write("d.json", """{"name":"Ann","amount":150}"""), "--validator", script);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output.TrimEnd(), Is.EqualTo("""{"valid":false,"errors":{"amount":["Needs approval."]},"data":{"name":"Ann","amount":150}}"""));
    }

    [Test]
    public async Task Validate_ValidatorThatLoopsForever_IsAScriptErrorNotValid()
    {
        var script = Write("loop.js", "export function validate() { while (true) {} }");
        var (exit, output, error) = await RunAsync("form", "validate", Write("f.json", Form), Write("d.json", """{"name":"Ann","amount":5}"""), "--validator", script);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith("ocapwf form: script error: The custom validator 'loop.js'"));
    }

    [Test]
    public async Task Batch_WithValidator_IsAUsageError()
    {
        var (exit, _, error) = await RunAsync("form", "validate", "--batch", Write("b.jsonl", ""), "--validator", Write("v.js", ""));
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--batch takes no"));
    }

    [Test]
    public async Task Validate_MissingDataFile_IsAUsageError()
    {
        var (exit, _, error) = await RunAsync("form", "validate", Write("f.json", Form), Path.Combine(_dir, "nope.json"));
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("cannot read data"));
    }

    [TestCase("check")]
    [TestCase("--frobnicate")]
    public async Task Form_WrongSubCommandOrOption_IsAUsageError(string arg)
    {
        var (exit, _, error) = await RunAsync("form", arg);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("Usage: ocapwf form validate"));
    }

    [Test]
    public async Task Batch_PrintsOneResultPerLineWithKindsForFailures()
    {
        var form = JsonNode.Parse(Form)!.ToJsonString();
        var lines = new[]
        {
            "{\"id\":\"ok\",\"schema\":" + form + ",\"data\":{\"name\":\"A\",\"amount\":3}}",
            "{\"id\":\"bad\",\"schema\":" + form + ",\"data\":{\"amount\":1.234}}",
            """{"id":"feel","schema":{"type":"default","components":[{"type":"number","id":"n","key":"n","validate":{"min":"=lower +"}}]},"data":{}}""",
            """{"id":"schema","schema":{"type":"default","components":[{"type":"textfield","id":"a","key":"k"},{"type":"textfield","id":"a","key":"j"}]},"data":{}}""",
            "",
            """{"id":"script","schema":{"type":"default","ocap:validator":"expenses","components":[]},"data":{}}""",
            "not json",
        };
        var (exit, output, _) = await RunAsync("form", "validate", "--batch", Write("b.jsonl", string.Join('\n', lines)));
        Assert.That(exit, Is.EqualTo(0));
        var results = output.TrimEnd().Split('\n');
        Assert.That(results, Has.Length.EqualTo(6));
        Assert.That(results[0], Is.EqualTo("""{"id":"ok","ok":true,"valid":true,"errors":{},"data":{"name":"A","amount":3}}"""));
        Assert.That(results[1], Is.EqualTo("""{"id":"bad","ok":true,"valid":false,"errors":{"name":["Field is required."],"amount":["Value is expected to have at most 2 decimal digits."]},"data":{"name":"","amount":1.234}}"""));
        Assert.That(results[2], Does.StartWith("""{"id":"feel","ok":false,"error":{"kind":"expression","message":"Component 'n' has an invalid FEEL expression in 'validate.min' at position 8"""));
        Assert.That(results[3], Is.EqualTo("""{"id":"schema","ok":false,"error":{"kind":"schema","message":"form field with id <a> already exists"}}"""));
        Assert.That(results[4], Does.StartWith("""{"id":"script","ok":false,"error":{"kind":"script","message":"Form '' names the custom validator 'expenses'"""));
        Assert.That(results[5], Does.StartWith("""{"id":null,"ok":false,"error":{"kind":"schema","message":"line 7 is not JSON"""));
    }

    [Test]
    public async Task Batch_FromStandardInput_ReadsEveryLine()
    {
        var stdin = new StringReader("{\"id\":7,\"schema\":{\"type\":\"default\",\"components\":[{\"type\":\"checkbox\",\"id\":\"c\",\"key\":\"c\"}]},\"data\":{\"c\":\"yes\"}}\n");
        var stdout = new StringWriter();
        var exit = await CliApp.RunAsync(["form", "validate", "--batch", "-"], stdin, stdout, new StringWriter(), CancellationToken.None);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(stdout.ToString().TrimEnd(), Is.EqualTo("""{"id":7,"ok":true,"valid":true,"errors":{},"data":{"c":false}}"""));
    }

    [Test]
    public async Task Validate_FormWithFeelConditionsAndBounds_EvaluatesThemAsFormJsDoes()
    {
        var form = """{"type":"default","id":"F","components":[{"type":"checkbox","id":"c","key":"company"},{"type":"textfield","id":"v","key":"vat","validate":{"required":true},"conditional":{"hide":"=not(company)"}},{"type":"number","id":"n","key":"n","validate":{"max":"=limit"}}]}""";
        var (exit, output, _) = await RunAsync("form", "validate", Write("f.json", form), Write("d.json", """{"company":false,"vat":"x","n":7,"limit":5}"""));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output.TrimEnd(), Is.EqualTo("""{"valid":false,"errors":{"n":["Field must have maximum value of 5."]},"data":{"company":false,"n":7}}"""));
    }

    [Test]
    public async Task Batch_FormWithFeel_EvaluatesPerLineAndReportsEvaluationFailuresAsData()
    {
        var schema = """{"type":"default","components":[{"type":"select","id":"s","key":"s","valuesExpression":"=options"},{"type":"textfield","id":"t","key":"t","validate":{"required":true},"conditional":{"hide":"=s = null"}}]}""";
        var lines = new[]
        {
            "{\"id\":\"in\",\"schema\":" + schema + ",\"data\":{\"s\":\"a\",\"options\":[\"a\",\"b\"]}}",
            "{\"id\":\"out\",\"schema\":" + schema + ",\"data\":{\"s\":\"z\",\"options\":[\"a\",\"b\"]}}",
            "{\"id\":\"huge\",\"schema\":" + schema + ",\"data\":{\"s\":\"a\",\"options\":[\"a\",1e300],\"unread\":1e300}}",
        };
        var (exit, output, _) = await RunAsync("form", "validate", "--batch", Write("feel.jsonl", string.Join('\n', lines)));
        Assert.That(exit, Is.EqualTo(0));
        var results = output.TrimEnd().Split('\n');
        Assert.That(results[0], Is.EqualTo("""{"id":"in","ok":true,"valid":false,"errors":{"t":["Field is required."]},"data":{"s":"a","t":""}}"""));
        Assert.That(results[1], Is.EqualTo("""{"id":"out","ok":true,"valid":true,"errors":{},"data":{"s":null}}"""));
        Assert.That(results[2], Does.StartWith("""{"id":"huge","ok":false,"error":{"kind":"data","message":"The form's FEEL cannot read the submitted data"""));
    }
}
