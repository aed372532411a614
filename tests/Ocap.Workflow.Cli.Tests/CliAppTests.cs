namespace Ocap.Workflow.Cli.Tests;

public class CliAppTests
{
    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, TextReader.Null, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public async Task Help_ListsEveryCommandOfThePublicContract()
    {
        var (exit, output, _) = await RunAsync("--help");
        Assert.That(exit, Is.EqualTo(0));
        foreach (var name in new[] { "eval", "acl", "form", "lint", "run", "feel", "verify" })
        {
            Assert.That(output, Does.Contain($"  {name} "), name);
        }
    }

    [Test]
    public async Task NoArguments_PrintsHelpToStandardErrorAndFails()
    {
        var (exit, output, error) = await RunAsync();
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("Usage: ocapwf COMMAND"));
    }

    [Test]
    public async Task UnknownCommand_IsAUsageError()
    {
        var (exit, _, error) = await RunAsync("frobnicate");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("unknown command 'frobnicate'"));
    }

    [Test]
    public void CommandLine_UnknownOption_IsRejectedNotIgnored()
    {
        var e = Assert.Throws<CliUsageException>(() => CommandLine.Parse(["file.js", "--timout-ms", "5"], ["--timeout-ms"]));
        Assert.That(e!.Message, Is.EqualTo("unknown option --timout-ms."));
    }

    [Test]
    public void CommandLine_ParsesValuesSwitchesAndPositionals()
    {
        var line = CommandLine.Parse(["a.bpmn", "--vars=v.json", "--json", "--process", "p1", "b"], ["--vars", "--process"], ["--json"]);
        Assert.That(line.Positionals, Is.EqualTo(new[] { "a.bpmn", "b" }));
        Assert.That(line.Get("--vars"), Is.EqualTo("v.json"));
        Assert.That(line.Get("--process"), Is.EqualTo("p1"));
        Assert.That(line.Has("--json"), Is.True);
        Assert.That(line.Has("--auto"), Is.False);
    }

    [TestCase("0")]
    [TestCase("-3")]
    [TestCase("ten")]
    public void CommandLine_NonPositiveLimit_IsAUsageError(string value)
    {
        var line = CommandLine.Parse(["--timeout-ms", value], ["--timeout-ms"]);
        Assert.Throws<CliUsageException>(() => line.GetPositiveInt64("--timeout-ms"));
    }
}
