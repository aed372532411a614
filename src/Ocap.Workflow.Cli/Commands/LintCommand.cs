using System.Text.Json;
using Ocap.Workflow.Bpmn;

namespace Ocap.Workflow.Cli.Commands;

/// <summary><c>ocapwf lint</c>: Check a BPMN 2.0 diagram and print its diagnostics.</summary>
internal sealed class LintCommand : ICliCommand
{
    public string Name => "lint";

    public string Summary => "Check a BPMN 2.0 diagram and print its diagnostics.";

    public string Usage => "Usage: ocapwf lint FILE.bpmn [--json]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliIO io, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse(args, [], ["--json"]);
        if (line.Positionals.Count != 1)
        {
            throw new CliUsageException("name exactly one BPMN file.");
        }

        var file = line.Positionals[0];
        var diagnostics = Check(LintInput.ReadBytes(file), file, new SandboxBpmnScriptEvaluator());
        foreach (var diagnostic in diagnostics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await io.Out.WriteLineAsync(line.Has("--json") ? ToJson(file, diagnostic) : diagnostic.Format(file)).ConfigureAwait(false);
        }

        return diagnostics.Any(d => d.Severity == BpmnSeverity.Error) ? ExitCodes.Findings : ExitCodes.Success;
    }

    /// <summary>Reads and validates; a file that cannot be read as BPMN yields its located diagnostics.</summary>
    internal static IReadOnlyList<BpmnDiagnostic> Check(byte[] bytes, string file, IBpmnScriptEvaluator scripts)
    {
        try
        {
            var definitions = new BpmnReader().Read(bytes, file);
            return new BpmnValidator(scripts).Validate(definitions);
        }
        catch (BpmnValidationException e)
        {
            return e.Diagnostics;
        }
    }

    internal static string ToJson(string file, BpmnDiagnostic diagnostic)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("file", file);
            writer.WriteNumber("line", diagnostic.Line);
            writer.WriteNumber("column", diagnostic.Column);
            writer.WriteString("severity", diagnostic.Severity == BpmnSeverity.Error ? "error" : "warning");
            writer.WriteString("code", diagnostic.Code);
            writer.WriteString("message", diagnostic.Message);
            writer.WriteString("elementId", diagnostic.ElementId);
            writer.WriteString("elementType", diagnostic.ElementType);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
