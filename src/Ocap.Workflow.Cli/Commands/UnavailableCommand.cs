namespace Ocap.Workflow.Cli.Commands;

/// <summary>
/// A command whose engine part has not landed yet. It refuses clearly (exit code 2 and a sentence on
/// standard error) rather than printing a result a pipeline could mistake for a real one.
/// </summary>
internal abstract class UnavailableCommand : ICliCommand
{
    public abstract string Name { get; }

    public abstract string Summary { get; }

    public abstract string Usage { get; }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliIO io, CancellationToken cancellationToken)
    {
        await io.Error.WriteLineAsync($"ocapwf {Name}: not available in this build yet.").ConfigureAwait(false);
        return ExitCodes.Usage;
    }
}
