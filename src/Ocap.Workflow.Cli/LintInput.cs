namespace Ocap.Workflow.Cli;

/// <summary>Reads the diagram file named on the command line (shared by <c>lint</c> and <c>run</c>).</summary>
internal static class LintInput
{
    /// <summary>The file's bytes; the reader decides the encoding from the BOM or XML declaration.</summary>
    public static byte[] ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"cannot read BPMN file '{path}': {e.Message}");
        }
    }
}
