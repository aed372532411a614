using System.Text.Json.Nodes;
using ExpenseApproval.Payments;
using Microsoft.Extensions.Time.Testing;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Tenancy;

namespace ExpenseApproval.Tests;

/// <summary>The pay-expense handler pays once per idempotency key, whatever the number of attempts.</summary>
public sealed class PaymentsLedgerTests
{
    private static readonly TenantId Acme = TenantId.Parse("acme");

    [Test]
    public async Task PayExpense_CalledAgainWithTheSameKey_PaysOnce()
    {
        var ledger = new PaymentsLedger(new FakeTimeProvider(SampleApp.Epoch));
        var handler = new PayExpenseHandler(ledger);
        var variables = new JsonObject { ["amount"] = 1250, ["claimant"] = "erin", ["costCentre"] = "CC-410" };

        var first = await handler.ExecuteAsync(new ServiceTaskContext(Acme, "c1", "PayExpense", "pay-expense", "key-1", 1, variables), CancellationToken.None);
        var retry = await handler.ExecuteAsync(new ServiceTaskContext(Acme, "c1", "PayExpense", "pay-expense", "key-1", 2, variables), CancellationToken.None);
        var other = await handler.ExecuteAsync(new ServiceTaskContext(Acme, "c2", "PayExpense", "pay-expense", "key-2", 1, variables), CancellationToken.None);

        Assert.That(retry!["paymentId"]!.GetValue<string>(), Is.EqualTo(first!["paymentId"]!.GetValue<string>()));
        Assert.That(other!["paymentId"]!.GetValue<string>(), Is.Not.EqualTo(first["paymentId"]!.GetValue<string>()));
        Assert.That(ledger.List(Acme), Has.Count.EqualTo(2));
    }

    [Test]
    public void PayExpense_WithoutAnAmount_FailsTheAttemptInsteadOfPaying()
    {
        var ledger = new PaymentsLedger(new FakeTimeProvider(SampleApp.Epoch));
        var handler = new PayExpenseHandler(ledger);
        var context = new ServiceTaskContext(Acme, "c1", "PayExpense", "pay-expense", "key-1", 1, new JsonObject { ["claimant"] = "erin" });

        Assert.That(async () => await handler.ExecuteAsync(context, CancellationToken.None), Throws.InvalidOperationException.With.Message.Contains("amount"));
        Assert.That(ledger.List(Acme), Is.Empty);
    }
}
