namespace Ocap.Workflow.Cli.Commands;

/// <summary><c>ocapwf run</c>: Run one process instance in memory on a virtual clock.</summary>
internal sealed class RunCommand : UnavailableCommand
{
    public override string Name => "run";

    public override string Summary => "Run one process instance in memory on a virtual clock.";

    public override string Usage => "Usage: ocapwf run FILE.bpmn [--process ID] [--vars vars.json] [--modules DIR] [--events events.jsonl] [--auto]";
}
