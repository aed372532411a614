namespace Ocap.Workflow.Cli;

/// <summary>Exit codes shared by every command.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked (for batch commands: every line was produced).</summary>
    public const int Success = 0;

    /// <summary>The command ran and found a problem in its input (lint errors, broken history, an invalid form).</summary>
    public const int Findings = 1;

    /// <summary>The command line itself was wrong, or an input file could not be read.</summary>
    public const int Usage = 2;
}
