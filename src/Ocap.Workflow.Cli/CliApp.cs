using Ocap.Workflow.Cli.Commands;

namespace Ocap.Workflow.Cli;

/// <summary>Dispatches <c>ocapwf</c> command lines to their commands.</summary>
internal static class CliApp
{
    private static ICliCommand[] CreateCommands() =>
    [
        new EvalCommand(),
        new AclCommand(),
        new FormCommand(),
        new LintCommand(),
        new RunCommand(),
        new FeelCommand(),
        new VerifyCommand(),
    ];

    /// <summary>Runs one command line.</summary>
    /// <returns>The process exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var commands = CreateCommands();
        var io = new CliIO(stdin, stdout, stderr);
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            await WriteHelpAsync(commands, args.Count == 0 ? stderr : stdout).ConfigureAwait(false);
            return args.Count == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        if (args[0] is "--version")
        {
            await stdout.WriteLineAsync(typeof(CliApp).Assembly.GetName().Version?.ToString(3)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var command = Array.Find(commands, c => string.Equals(c.Name, args[0], StringComparison.Ordinal));
        if (command is null)
        {
            await stderr.WriteLineAsync($"ocapwf: unknown command '{args[0]}'. Run 'ocapwf --help' for the list.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var rest = args.Skip(1).ToArray();
        if (rest.Length == 1 && rest[0] is "-h" or "--help")
        {
            await stdout.WriteLineAsync(command.Usage).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        try
        {
            return await command.RunAsync(rest, io, cancellationToken).ConfigureAwait(false);
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"ocapwf {command.Name}: {e.Message}").ConfigureAwait(false);
            await stderr.WriteLineAsync(command.Usage).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
    }

    private static async Task WriteHelpAsync(ICliCommand[] commands, TextWriter writer)
    {
        await writer.WriteLineAsync("ocapwf - Ocap.Workflow command line").ConfigureAwait(false);
        await writer.WriteLineAsync().ConfigureAwait(false);
        await writer.WriteLineAsync("Usage: ocapwf COMMAND [ARGS...]    (ocapwf COMMAND --help for details)").ConfigureAwait(false);
        await writer.WriteLineAsync().ConfigureAwait(false);
        await writer.WriteLineAsync("Commands:").ConfigureAwait(false);
        foreach (var command in commands)
        {
            await writer.WriteLineAsync($"  {command.Name,-8} {command.Summary}").ConfigureAwait(false);
        }
    }
}
