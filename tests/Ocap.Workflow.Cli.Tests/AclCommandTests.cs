using System.Text.Json.Nodes;

namespace Ocap.Workflow.Cli.Tests;

public class AclCommandTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ocapwf-acl-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Exit, string Out, string Error)> RunAsync(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["acl", .. args], new StringReader(stdin), stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public async Task Single_MatchingFilter_PrintsTrueAndMatch()
    {
        var attrs = WriteFile("a.json", """{"department": "Finance", "title": ["Clerk", "Manager"]}""");
        var (exit, output, _) = await RunAsync(string.Empty, "(&(department=finance)(|(title=manager)(title=director)))", "--attributes", attrs);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Is.EqualTo("{\"ok\":true,\"result\":\"TRUE\",\"match\":true}\n"));
    }

    [Test]
    public async Task Single_NonMatchingFilter_PrintsFalse()
    {
        var attrs = WriteFile("a.json", """{"department": "Sales"}""");
        var (exit, output, _) = await RunAsync(string.Empty, "(department=finance)", "--attributes", attrs);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output.TrimEnd(), Is.EqualTo("""{"ok":true,"result":"FALSE","match":false}"""));
    }

    [Test]
    public async Task Single_UnknownAttribute_IsUndefinedWithAWarningOnStandardError()
    {
        var attrs = WriteFile("a.json", """{"status": "disabled"}""");
        var (exit, output, error) = await RunAsync(string.Empty, "(!(status=disabled))", "--attributes", attrs);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output.TrimEnd(), Is.EqualTo("""{"ok":true,"result":"UNDEFINED","match":false}"""));
        Assert.That(error, Does.Contain("warning at position 2: The attribute 'status' is not in the schema."));
    }

    [Test]
    public async Task Single_SchemaFile_AddsAttributes()
    {
        var attrs = WriteFile("a.json", """{"level": "7", "costCenter": "CC 4711"}""");
        var schema = WriteFile("s.json", """{"level": "integer", "costCenter": "directoryString"}""");
        var (exit, output, error) = await RunAsync(string.Empty, "(&(level>=5)(costCenter=cc   4711))", "--attributes", attrs, "--schema", schema);
        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output.TrimEnd(), Is.EqualTo("""{"ok":true,"result":"TRUE","match":true}"""));
    }

    [Test]
    public async Task Single_ParseError_PrintsKindMessageAndPositionAndExitsOne()
    {
        var attrs = WriteFile("a.json", "{}");
        var (exit, output, _) = await RunAsync(string.Empty, "(cn=a(b)", "--attributes", attrs);
        Assert.That(exit, Is.EqualTo(1));
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.That(json["ok"]!.GetValue<bool>(), Is.False);
        Assert.That(json["error"]!["kind"]!.GetValue<string>(), Is.EqualTo("parse"));
        Assert.That(json["error"]!["position"]!.GetValue<int>(), Is.EqualTo(5));
        Assert.That(json["error"]!["message"]!.GetValue<string>(), Does.Contain("unescaped '('"));
        Assert.That(json.Select(p => p.Key), Is.EqualTo(new[] { "ok", "error" }));
    }

    [Test]
    public async Task Batch_PrintsOneLinePerRequestWithItsId()
    {
        var batch = WriteFile("b.jsonl", string.Join('\n',
            """{"id": "1", "filter": "(cn=alice)", "attributes": {"cn": "Alice"}}""",
            """{"id": "2", "filter": "(memberOf=cn=admins,o=x)", "attributes": {"memberOf": ["cn=Staff,o=X", "cn=Admins,o=X"]}}""",
            "",
            """{"id": "3", "filter": "(&(cn=x)", "attributes": {}}""",
            """{"id": "4", "filter": "(level>=5)", "attributes": {"level": "7"}}""",
            """{"id": "5", "filter": "(cn=x)", "attributes": {"cn": 5}}""",
            """not json""",
            """{"filter": "(|)", "attributes": {}}"""));
        var (exit, output, error) = await RunAsync(string.Empty, "--batch", batch);
        Assert.That(exit, Is.EqualTo(0), error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.That(lines, Has.Length.EqualTo(7));
        Assert.That(lines[0], Is.EqualTo("""{"id":"1","ok":true,"result":"TRUE","match":true}"""));
        Assert.That(lines[1], Is.EqualTo("""{"id":"2","ok":true,"result":"TRUE","match":true}"""));
        Assert.That(lines[2], Does.StartWith("""{"id":"3","ok":false,"error":{"kind":"parse","message":"Invalid LDAP filter at position 8: expected ')'"""));
        Assert.That(lines[2], Does.EndWith(""","position":8}}"""));
        Assert.That(lines[3], Is.EqualTo("""{"id":"4","ok":true,"result":"UNDEFINED","match":false}"""));
        Assert.That(lines[4], Does.StartWith("""{"id":"5","ok":false,"error":{"kind":"input","message":"line 6: attribute 'cn'"""));
        Assert.That(lines[5], Does.StartWith("""{"id":null,"ok":false,"error":{"kind":"input","message":"line 7:"""));
        Assert.That(lines[6], Is.EqualTo("""{"id":null,"ok":true,"result":"FALSE","match":false}"""));
    }

    [Test]
    public async Task Batch_FromStandardInput_WithDash()
    {
        var (exit, output, _) = await RunAsync("""{"id": "x", "filter": "(uid=é*)", "attributes": {"uid": "Élodie"}}""" + "\n", "--batch", "-");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output.TrimEnd(), Is.EqualTo("""{"id":"x","ok":true,"result":"TRUE","match":true}"""));
    }

    [Test]
    public async Task Batch_DuplicateAttributeNameInALine_IsAnInputError()
    {
        var batch = WriteFile("b.jsonl", """{"id": "d", "filter": "(cn=a)", "attributes": {"cn": "a", "cn": "b"}}""");
        var (exit, output, _) = await RunAsync(string.Empty, "--batch", batch);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Does.StartWith("""{"id":"""));
        Assert.That(output, Does.Contain("\"kind\":\"input\""));
    }

    [TestCase]
    [TestCase("(cn=a)")]
    [TestCase("(cn=a)", "(sn=b)", "--attributes", "x.json")]
    [TestCase("--batch", "b.jsonl", "--attributes", "x.json")]
    [TestCase("(cn=a)", "--attributes", "missing.json")]
    [TestCase("(cn=a)", "--attributes", "x.json", "--frobnicate")]
    public async Task Usage_Errors_ExitTwo(params string[] args)
    {
        var (exit, output, error) = await RunAsync(string.Empty, args);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("ocapwf acl"));
    }

    [TestCase("""{"level": "number"}""")]
    [TestCase("""{"cn": "integer"}""")]
    [TestCase("""["level"]""")]
    [TestCase("""{"level": 1}""")]
    [TestCase("not json")]
    public async Task Usage_BadSchemaFile_ExitsTwo(string content)
    {
        var schema = WriteFile("s.json", content);
        var attrs = WriteFile("a.json", "{}");
        var (exit, _, error) = await RunAsync(string.Empty, "(cn=a)", "--attributes", attrs, "--schema", schema);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("schema file"));
    }

    [TestCase("""{"cn": {"x": 1}}""")]
    [TestCase("""{"cn": [1]}""")]
    [TestCase("""{"c n": "x"}""")]
    [TestCase("""["cn"]""")]
    [TestCase("""{"cn": "a", "cn": "b"}""")]
    public async Task Usage_BadAttributesFile_ExitsTwo(string content)
    {
        var attrs = WriteFile("a.json", content);
        var (exit, _, error) = await RunAsync(string.Empty, "(cn=a)", "--attributes", attrs);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("attributes file"));
    }
}
