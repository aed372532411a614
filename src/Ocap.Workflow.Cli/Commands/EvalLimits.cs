using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Cli.Commands;

/// <summary>Turns <c>ocapwf eval</c>'s limit flags into <see cref="SandboxLimits"/>; a flag not given keeps the library default.</summary>
internal static class EvalLimits
{
    public static SandboxLimits From(CommandLine line)
    {
        var limits = new SandboxLimits();
        if (line.GetPositiveInt64("--timeout-ms") is { } timeout)
        {
            limits = limits with { Timeout = TimeSpan.FromMilliseconds(Math.Min(timeout, 86_400_000)) };
        }

        if (line.GetPositiveInt64("--max-statements") is { } statements)
        {
            limits = limits with { MaxStatements = statements };
        }

        if (line.GetPositiveInt64("--memory-bytes") is { } memory)
        {
            limits = limits with { MemoryBytes = memory };
        }

        if (line.GetPositiveInt64("--max-recursion") is { } recursion)
        {
            limits = limits with { MaxRecursion = (int)Math.Min(recursion, int.MaxValue) };
        }

        return limits;
    }
}
