namespace Ocap.Workflow.Cli.Commands;

/// <summary><c>ocapwf feel</c>: Evaluate a FEEL expression.</summary>
internal sealed class FeelCommand : UnavailableCommand
{
    public override string Name => "feel";

    public override string Summary => "Evaluate a FEEL expression.";

    public override string Usage => "Usage: ocapwf feel 'EXPRESSION' [--context ctx.json] | ocapwf feel --batch FILE.jsonl";
}
