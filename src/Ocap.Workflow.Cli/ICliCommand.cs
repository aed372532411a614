namespace Ocap.Workflow.Cli;

/// <summary>One <c>ocapwf</c> sub-command.</summary>
internal interface ICliCommand
{
    /// <summary>The word after <c>ocapwf</c> that selects the command.</summary>
    string Name { get; }

    /// <summary>One line for <c>ocapwf --help</c>.</summary>
    string Summary { get; }

    /// <summary>The command's own usage text, printed for <c>ocapwf NAME --help</c> and on usage errors.</summary>
    string Usage { get; }

    /// <summary>Runs the command with the arguments after its name.</summary>
    /// <returns>The process exit code.</returns>
    Task<int> RunAsync(IReadOnlyList<string> args, CliIO io, CancellationToken cancellationToken);
}
