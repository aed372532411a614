using System.Text;
using System.Text.Json;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Cli.Commands;

/// <summary><c>ocapwf run</c>: Run one process instance in memory on a virtual clock.</summary>
internal sealed class RunCommand : ICliCommand
{
    /// <summary>Where the virtual clock starts, so that output is the same on every run.</summary>
    internal static readonly DateTimeOffset ClockStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Name => "run";

    public string Summary => "Run one process instance in memory on a virtual clock.";

    public string Usage => "Usage: ocapwf run FILE.bpmn [--process ID] [--vars vars.json] [--modules DIR] [--events events.jsonl] [--auto]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliIO io, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse(args, ["--process", "--vars", "--modules", "--events"], ["--auto"]);
        if (line.Positionals.Count != 1)
        {
            throw new CliUsageException("name exactly one BPMN file.");
        }

        var file = line.Positionals[0];
        var variables = line.Get("--vars") is { } varsPath ? RunInputs.ReadVariables(varsPath) : null;
        var modules = line.Get("--modules") is { } modulesPath ? RunInputs.ReadModules(modulesPath) : new Dictionary<string, string>();
        var events = line.Get("--events") is { } eventsPath ? RunInputs.ReadEvents(eventsPath) : [];
        var scripts = new SandboxBpmnScriptEvaluator(modules: modules);

        BpmnInterpreter interpreter;
        try
        {
            interpreter = new BpmnInterpreter(new BpmnReader().Read(LintInput.ReadBytes(file), file), scripts);
        }
        catch (BpmnValidationException e)
        {
            foreach (var diagnostic in e.Diagnostics)
            {
                await io.Error.WriteLineAsync(diagnostic.Format(file)).ConfigureAwait(false);
            }

            return ExitCodes.Findings;
        }

        var processId = line.Get("--process") ?? DefaultProcess(interpreter.Definitions);
        var now = ClockStart;
        BpmnStepResult result;
        try
        {
            result = interpreter.Start(processId, variables, now);
        }
        catch (BpmnCommandRejectedException e)
        {
            throw new CliUsageException(e.Message);
        }

        await WriteEventsAsync(io.Out, result.Events).ConfigureAwait(false);
        var state = result.State;
        var next = 0;
        while (state.Status == BpmnInstanceStatus.Active)
        {
            cancellationToken.ThrowIfCancellationRequested();
            BpmnCommand? command = null;
            string? source = null;
            if (next < events.Count)
            {
                (source, var json) = events[next++];
                command = RunInputs.ToCommand(json, source, ref now);
            }
            else if (line.Has("--auto"))
            {
                var waiting = RunState.WaitingTasks(state, interpreter).FirstOrDefault();
                if (waiting is not null)
                {
                    command = new CompleteTask(waiting) { At = now };
                    source = "--auto";
                }
            }

            if (command is null)
            {
                break;
            }

            try
            {
                result = interpreter.Apply(state, command);
            }
            catch (BpmnCommandRejectedException e)
            {
                await io.Error.WriteLineAsync($"ocapwf run: {source}: {e.Message}").ConfigureAwait(false);
                await io.Out.WriteLineAsync(RunState.Result(state, interpreter)).ConfigureAwait(false);
                return ExitCodes.Findings;
            }

            if (!result.Handled && command is CorrelateMessage or BroadcastSignal)
            {
                await io.Error.WriteLineAsync($"ocapwf run: {source}: nothing in the instance waits for it.").ConfigureAwait(false);
                await io.Out.WriteLineAsync(RunState.Result(state, interpreter)).ConfigureAwait(false);
                return ExitCodes.Findings;
            }

            state = result.State;
            await WriteEventsAsync(io.Out, result.Events).ConfigureAwait(false);
        }

        await io.Out.WriteLineAsync(RunState.Result(state, interpreter)).ConfigureAwait(false);
        return state.Status == BpmnInstanceStatus.Failed || state.Incidents.Count > 0 ? ExitCodes.Findings : ExitCodes.Success;
    }

    private static string DefaultProcess(BpmnDefinitions definitions)
    {
        var executable = definitions.Processes.Where(p => p.IsExecutable != false).ToList();
        return executable.Count switch
        {
            1 => executable[0].Id,
            0 => throw new CliUsageException("the file has no executable process."),
            _ => throw new CliUsageException($"the file has {executable.Count} executable processes; name one with --process ({string.Join(", ", executable.Select(p => p.Id))})."),
        };
    }

    private static async Task WriteEventsAsync(TextWriter output, IReadOnlyList<BpmnEvent> events)
    {
        foreach (var e in events)
        {
            await output.WriteLineAsync(RunState.EventLine(e)).ConfigureAwait(false);
        }
    }
}
