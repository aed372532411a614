using System.Text.Json;

namespace Ocap.Workflow.Cli.Tests;

public class LintCommandTests
{
    private const string Valid = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
          <process id="p" isExecutable="true">
            <startEvent id="start" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="end" />
            <endEvent id="end" />
          </process>
        </definitions>
        """;

    private const string Broken = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
          <process id="p" isExecutable="true">
            <startEvent id="start" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
            <exclusiveGateway id="gw" />
            <sequenceFlow id="f2" sourceRef="gw" targetRef="end">
              <conditionExpression>=amount &gt; 10 and</conditionExpression>
            </sequenceFlow>
            <sequenceFlow id="f3" sourceRef="gw" targetRef="nowhere" />
            <endEvent id="end" />
          </process>
        </definitions>
        """;

    private static async Task<(int Exit, string Out, string Error)> LintAsync(string xml, params string[] extra)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lint-{Guid.NewGuid():N}.bpmn");
        await File.WriteAllTextAsync(path, xml);
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = await CliApp.RunAsync(["lint", path, .. extra], TextReader.Null, stdout, stderr, CancellationToken.None);
            return (exit, stdout.ToString().Replace(path, "FILE", StringComparison.Ordinal), stderr.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task Lint_ValidDiagram_PrintsNothingAndSucceeds()
    {
        var (exit, output, _) = await LintAsync(Valid);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Is.Empty);
    }

    [Test]
    public async Task Lint_Errors_PrintsEveryDiagnosticWithFileLineColumnAndElementAndFails()
    {
        var (exit, output, _) = await LintAsync(Broken);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(lines, Has.Some.EqualTo("FILE:8:8: error: The FEEL condition '=amount > 10 and' does not parse at line 1, column 17 of the expression (offset 16): expected an expression but found the end of the expression. [f2]"));
        Assert.That(lines, Has.Some.EqualTo("FILE:10:6: error: The sequence flow's target 'nowhere' is not a flow node in the same process or sub-process. [f3]"));
        Assert.That(lines, Has.Some.EqualTo("FILE:10:6: error: The flow 'f3' leaves the exclusiveGateway 'gw' without a condition and is not its default flow. [f3]"));
    }

    [Test]
    public async Task Lint_Json_PrintsOneObjectPerDiagnostic()
    {
        var (exit, output, _) = await LintAsync(Broken, "--json");
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(lines, Has.Length.EqualTo(3));
        using var first = JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.That(root.GetProperty("severity").GetString(), Is.EqualTo("error"));
        Assert.That(root.GetProperty("elementId").GetString(), Is.EqualTo("f2"));
        Assert.That(root.GetProperty("elementType").GetString(), Is.EqualTo("sequenceFlow"));
        Assert.That(root.GetProperty("line").GetInt32(), Is.EqualTo(8));
        Assert.That(root.GetProperty("code").GetString(), Is.EqualTo("BPMN407"));
    }

    [Test]
    public async Task Lint_NotWellFormed_ReportsTheXmlErrorWithItsPosition()
    {
        var (exit, output, _) = await LintAsync("<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><process></definitions>");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.StartWith("FILE:1:").And.Contain("error: The file is not well-formed XML"));
    }

    [Test]
    public async Task Lint_DoctypeIsRefused()
    {
        var (exit, output, _) = await LintAsync("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">&e;</definitions>");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("error: The file is not well-formed XML"));
    }

    [Test]
    public async Task Lint_MissingFile_IsAUsageError()
    {
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["lint", "/nonexistent/x.bpmn"], TextReader.Null, new StringWriter(), stderr, CancellationToken.None);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.Contain("cannot read BPMN file"));
    }

    [Test]
    public async Task Lint_UnknownOption_IsAUsageError()
    {
        var (exit, _, error) = await LintAsync(Valid, "--jsn");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("unknown option --jsn."));
    }
}
