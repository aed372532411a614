using System.Globalization;
using Ocap.Workflow.Tenancy;

namespace ExpenseApproval.Payments;

/// <summary>
/// The sample's stand-in for a payment service: it books each payment once per idempotency key, so the engine's
/// at-least-once calls of the service task never pay twice. Kept in memory; a real ledger is a remote service
/// that takes the same key (most payment APIs accept an idempotency key for exactly this reason).
/// </summary>
internal sealed class PaymentsLedger(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(TenantId Tenant, string Key), Payment> _byKey = [];
    private readonly Dictionary<TenantId, List<Payment>> _byTenant = [];

    /// <summary>Pays once: a second call with the same key returns the first payment.</summary>
    public Payment Pay(TenantId tenant, string idempotencyKey, string instanceId, string payee, decimal amount, string costCentre)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        lock (_gate)
        {
            if (_byKey.TryGetValue((tenant, idempotencyKey), out var existing))
            {
                return existing;
            }

            if (!_byTenant.TryGetValue(tenant, out var payments))
            {
                payments = [];
                _byTenant.Add(tenant, payments);
            }

            var id = "PAY-" + (payments.Count + 1).ToString("D5", CultureInfo.InvariantCulture);
            var payment = new Payment(id, instanceId, payee, amount, costCentre, time.GetUtcNow());
            payments.Add(payment);
            _byKey.Add((tenant, idempotencyKey), payment);
            return payment;
        }
    }

    public IReadOnlyList<Payment> List(TenantId tenant)
    {
        lock (_gate)
        {
            return _byTenant.TryGetValue(tenant, out var payments) ? payments.ToArray() : [];
        }
    }
}

/// <summary>A booked payment.</summary>
internal sealed record Payment(string PaymentId, string InstanceId, string Payee, decimal Amount, string CostCentre, DateTimeOffset PaidAt);
