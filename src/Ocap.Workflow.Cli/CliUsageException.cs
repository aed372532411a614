namespace Ocap.Workflow.Cli;

/// <summary>The command line was wrong: a missing argument, an unknown flag, an unreadable file.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
