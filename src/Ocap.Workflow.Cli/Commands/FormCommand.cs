namespace Ocap.Workflow.Cli.Commands;

/// <summary><c>ocapwf form</c>: Validate a submission against a form-js form, as form-js would.</summary>
internal sealed class FormCommand : UnavailableCommand
{
    public override string Name => "form";

    public override string Summary => "Validate a submission against a form-js form, as form-js would.";

    public override string Usage => "Usage: ocapwf form validate FORM.json DATA.json [--validator FILE.js] | ocapwf form validate --batch FILE.jsonl";
}
