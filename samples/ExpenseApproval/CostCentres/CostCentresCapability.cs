using System.Text.Json.Nodes;
using Ocap.Workflow.Sandbox;

namespace ExpenseApproval.CostCentres;

/// <summary>
/// The <c>costCentres</c> capability: read-only questions about the host's cost centres, granted to Acme's scripts.
/// The submission form's validator calls <c>ctx.capabilities.costCentres.lookup(code)</c>; the diagram's gateway
/// condition calls <c>costCentres.isRestricted(code)</c>. Nothing here changes anything, which matters: conditions
/// are re-evaluated when a command is retried after a conflict and when a decision is replayed, so a capability a
/// condition calls must be safe to call again. Paying, which must happen once, is the service task's job
/// (<c>PayExpenseHandler</c>, with the engine's idempotency key).
/// </summary>
internal static class CostCentresCapability
{
    public const string Name = "costCentres";

    public static SandboxCapability Create(CostCentreDirectory directory) => SandboxCapability.Create(Name)
        .Method("lookup", args => directory.Find(Code(args)) is { } centre
            ? new JsonObject { ["code"] = centre.Code, ["name"] = centre.Name, ["active"] = centre.Active, ["restricted"] = centre.Restricted }
            : null)
        .Method("isRestricted", args => JsonValue.Create(directory.Find(Code(args))?.Restricted ?? false))
        .Build();

    private static string Code(IReadOnlyList<JsonNode?> args) =>
        args.Count == 1 && args[0] is JsonValue v && v.TryGetValue<string>(out var code)
            ? code
            : throw new CapabilityException("costCentres methods take one argument: the cost centre code, a string.");
}
