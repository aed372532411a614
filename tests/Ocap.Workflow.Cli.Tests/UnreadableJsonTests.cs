using System.Text.Json.Nodes;

namespace Ocap.Workflow.Cli.Tests;

/// <summary>
/// JSON input with an escape of half a surrogate pair (<c>"\ud800"</c>) parses, but no .NET string can be read from it.
/// Every command refuses it as input it cannot read, naming line and column; a batch reports it on that line and goes on.
/// </summary>
public class UnreadableJsonTests
{
    private const string Half = "\\ud800";

    private static async Task<(int Exit, string[] Lines, string Error)> RunWithInputAsync(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, new StringReader(stdin), stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.ToString());
    }

    private static void AssertRefusedThenAnswered(string[] lines, string okId)
    {
        Assert.That(lines, Has.Length.EqualTo(2), string.Join("\n", lines));
        var refused = JsonNode.Parse(lines[0])!.AsObject();
        Assert.That(refused["ok"]!.GetValue<bool>(), Is.False);
        Assert.That(refused["error"]!["message"]!.GetValue<string>(), Does.Contain(Half).And.Contain("half of a surrogate pair"));
        var answered = JsonNode.Parse(lines[1])!.AsObject();
        Assert.That((answered["id"]!.GetValue<string>(), answered["ok"]!.GetValue<bool>()), Is.EqualTo((okId, true)));
    }

    [Test]
    public async Task FormBatch_LineWithHalfASurrogatePair_IsRefusedAndTheNextLineAnswered()
    {
        const string Schema = """{"type":"default","components":[{"id":"t","key":"t","type":"textfield","label":"T"}]}""";
        var input = $$$"""
            {"id":"r1","schema":{{{Schema}}},"data":{"t":"{{{Half}}}"}}
            {"id":"r2","schema":{{{Schema}}},"data":{"t":"ok"}}
            """;

        var (exit, lines, _) = await RunWithInputAsync(input, "form", "validate", "--batch", "-");

        Assert.That(exit, Is.EqualTo(0));
        AssertRefusedThenAnswered(lines, "r2");
    }

    [Test]
    public async Task FeelBatch_LineWithHalfASurrogatePair_IsRefusedAndTheNextLineAnswered()
    {
        var input = $$$"""
            {"id":"1","expression":"a","context":{"a":"{{{Half}}}"}}
            {"id":"2","expression":"1 + 1"}
            """;

        var (_, lines, _) = await RunWithInputAsync(input, "feel", "--batch", "-");

        AssertRefusedThenAnswered(lines, "2");
    }

    [Test]
    public async Task AclBatch_LineWithHalfASurrogatePair_IsRefusedAndTheNextLineAnswered()
    {
        var input = $$$"""
            {"id":"1","filter":"(uid=x)","attributes":{"uid":"{{{Half}}}"}}
            {"id":"2","filter":"(uid=x)","attributes":{"uid":"x"}}
            """;

        var (exit, lines, _) = await RunWithInputAsync(input, "acl", "--batch", "-");

        Assert.That(exit, Is.EqualTo(0));
        AssertRefusedThenAnswered(lines, "2");
    }

    [Test]
    public async Task EvalBatch_LineWithHalfASurrogatePair_IsRefusedAndTheNextLineAnswered()
    {
        var input = $$$"""
            {"id":"1","code":"a","kind":"expression","ctx":{"a":"{{{Half}}}"}}
            {"id":"2","code":"1 + 1","kind":"expression"}
            """;

        var (_, lines, _) = await RunWithInputAsync(input, "eval", "--batch", "-");

        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.Contain("half of a surrogate pair").And.Contain("\"ok\":false"));
        Assert.That(JsonNode.Parse(lines[1])!["value"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    public async Task FormSingle_DataFileWithHalfASurrogatePair_IsADataErrorNamingLineAndColumn()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ocapwf-unreadable-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var form = Path.Combine(dir, "form.json");
            var data = Path.Combine(dir, "data.json");
            File.WriteAllText(form, """{"type":"default","components":[{"id":"t","key":"t","type":"textfield","label":"T"}]}""");
            File.WriteAllText(data, "{\n  \"t\": \"ab" + Half + "\"\n}");

            var (exit, _, error) = await RunWithInputAsync(string.Empty, "form", "validate", form, data);

            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain("data error").And.Contain("line 2, column 11"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
