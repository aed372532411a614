namespace Ocap.Workflow.Cli;

/// <summary>The streams a command reads and writes, so that tests can run commands in process.</summary>
/// <param name="In">Standard input.</param>
/// <param name="Out">Standard output: the command's JSON or text result.</param>
/// <param name="Error">Standard error: usage problems and diagnostics meant for a person.</param>
internal sealed record CliIO(TextReader In, TextWriter Out, TextWriter Error);
