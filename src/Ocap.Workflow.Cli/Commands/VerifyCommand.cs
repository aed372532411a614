namespace Ocap.Workflow.Cli.Commands;

/// <summary><c>ocapwf verify</c>: Recompute instance history hash chains in a store.</summary>
internal sealed class VerifyCommand : UnavailableCommand
{
    public override string Name => "verify";

    public override string Summary => "Recompute instance history hash chains in a store.";

    public override string Usage => "Usage: ocapwf verify --sqlite FILE [--tenant T] [--instance ID]";
}
