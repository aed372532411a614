namespace Ocap.Workflow.Sandbox.Realm;

/// <summary>
/// Thrown from inside the engine when a limit fires. It is not a JavaScript exception, so the script's
/// <c>try</c>/<c>catch</c> cannot intercept it; the evaluation turns it into <see cref="ScriptLimitExceededException"/>.
/// </summary>
internal sealed class LimitSignal(ScriptLimit limit, string message) : Exception(message)
{
    public ScriptLimit Limit { get; } = limit;
}
