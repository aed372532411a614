namespace Ocap.Workflow.Cli.Commands;

/// <summary><c>ocapwf eval</c>: Evaluate tenant JavaScript in the hardened sandbox.</summary>
internal sealed class EvalCommand : UnavailableCommand
{
    public override string Name => "eval";

    public override string Summary => "Evaluate tenant JavaScript in the hardened sandbox.";

    public override string Usage => "Usage: ocapwf eval FILE [--kind expression|script|module|commonjs] [--ctx ctx.json] | ocapwf eval --batch FILE.jsonl";
}
