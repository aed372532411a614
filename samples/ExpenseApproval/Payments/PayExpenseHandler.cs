using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Runtime;

namespace ExpenseApproval.Payments;

/// <summary>
/// The <c>pay-expense</c> service task: pays the approved claim to its claimant through <see cref="PaymentsLedger"/>,
/// with the engine's idempotency key (stable across retries of this task in this instance), and returns the
/// payment's id as the variable <c>paymentId</c>. A claim without a usable amount or claimant fails the attempt, and
/// after the retries an incident is raised, rather than paying something made up.
/// </summary>
internal sealed class PayExpenseHandler(PaymentsLedger ledger) : IServiceTaskHandler
{
    public const string TaskType = "pay-expense";

    public ValueTask<JsonObject?> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var variables = context.Variables;
        var amount = variables["amount"] is JsonValue a && a.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(a.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"Claim '{context.InstanceId}' has no positive 'amount' to pay.");
        var payee = variables["claimant"] is JsonValue c && c.TryGetValue<string>(out var claimant) && claimant.Length > 0
            ? claimant
            : throw new InvalidOperationException($"Claim '{context.InstanceId}' has no 'claimant' to pay.");
        var costCentre = variables["costCentre"] is JsonValue cc && cc.TryGetValue<string>(out var centre) ? centre : string.Empty;
        var payment = ledger.Pay(context.Tenant, context.IdempotencyKey, context.InstanceId, payee, amount, costCentre);
        return ValueTask.FromResult<JsonObject?>(new JsonObject { ["paymentId"] = payment.PaymentId });
    }
}
