namespace Ocap.Workflow.Cli.Commands;

/// <summary><c>ocapwf lint</c>: Check a BPMN 2.0 diagram and print its diagnostics.</summary>
internal sealed class LintCommand : UnavailableCommand
{
    public override string Name => "lint";

    public override string Summary => "Check a BPMN 2.0 diagram and print its diagnostics.";

    public override string Usage => "Usage: ocapwf lint FILE.bpmn [--json]";
}
