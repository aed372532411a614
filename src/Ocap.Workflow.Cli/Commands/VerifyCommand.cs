using System.Text.Json;
using Microsoft.Data.Sqlite;
using Ocap.Workflow.History;
using Ocap.Workflow.Sqlite;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Cli.Commands;

/// <summary>
/// <c>ocapwf verify</c>: recomputes the history hash chain of every instance in a store (or of one tenant, or one
/// instance) and reports every broken link as one JSON line, then a summary line. Exit code 1 when any link is broken.
/// </summary>
internal sealed class VerifyCommand : ICliCommand
{
    private const int PageSize = 1000;

    public string Name => "verify";

    public string Summary => "Recompute instance history hash chains in a store.";

    public string Usage => "Usage: ocapwf verify --sqlite FILE [--tenant T] [--instance ID]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliIO io, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse(args, ["--sqlite", "--tenant", "--instance"]);
        if (line.Positionals.Count > 0)
        {
            throw new CliUsageException($"unexpected argument '{line.Positionals[0]}'.");
        }

        var file = line.Get("--sqlite") ?? throw new CliUsageException("--sqlite FILE is required.");
        TenantId? onlyTenant = null;
        if (line.Get("--tenant") is { } tenantText)
        {
            onlyTenant = TenantId.TryParse(tenantText, out var parsed) ? parsed : throw new CliUsageException($"'{tenantText}' is not a valid tenant id.");
        }

        var onlyInstance = line.Get("--instance");
        if (onlyInstance is { Length: 0 })
        {
            throw new CliUsageException("--instance needs a non-empty id.");
        }

        SqliteWorkflowStore store;
        try
        {
            store = await SqliteWorkflowStore.OpenAsync(
                new SqliteWorkflowStoreOptions { Path = file, CreateIfMissing = false }, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SqliteStoreSchemaException or SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot open store '{file}': {e.Message}");
        }

        await using (store.ConfigureAwait(false))
        {
            var totals = new VerifyTotals();
            var tenants = onlyTenant is { } t ? [t] : await store.ListTenantsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var tenant in tenants)
            {
                totals.Tenants++;
                if (onlyInstance is not null)
                {
                    await VerifyInstanceAsync(store, tenant, onlyInstance, io, totals, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                string? after = null;
                while (true)
                {
                    var page = await store.QueryInstancesAsync(tenant, new InstanceQuery(AfterInstanceId: after, Limit: PageSize), cancellationToken).ConfigureAwait(false);
                    foreach (var instance in page)
                    {
                        await VerifyInstanceAsync(store, tenant, instance.InstanceId, io, totals, cancellationToken).ConfigureAwait(false);
                    }

                    if (page.Count < PageSize)
                    {
                        break;
                    }

                    after = page[^1].InstanceId;
                }
            }

            if (onlyInstance is not null && totals.Instances == 0)
            {
                throw new CliUsageException(onlyTenant is { } only
                    ? $"tenant '{only}' has no instance '{onlyInstance}'."
                    : $"no tenant has an instance '{onlyInstance}'.");
            }

            await io.Out.WriteLineAsync(JsonSerializer.Serialize(new VerifySummary(
                totals.Tenants, totals.Instances, totals.Events, totals.BrokenLinks, totals.BrokenInstances, totals.BrokenLinks == 0))).ConfigureAwait(false);
            return totals.BrokenLinks == 0 ? ExitCodes.Success : ExitCodes.Findings;
        }
    }

    private static async Task VerifyInstanceAsync(
        SqliteWorkflowStore store, TenantId tenant, string instanceId, CliIO io, VerifyTotals totals, CancellationToken cancellationToken)
    {
        InstanceHistory? history;
        try
        {
            history = await store.ReadHistoryAsync(tenant, instanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidCastException or SqliteException or FormatException or OverflowException or ArgumentException)
        {
            // A row edited into a shape the store never writes (a NULL, a wrong type) cannot be hashed: that is broken too.
            totals.Instances++;
            totals.BrokenInstances++;
            totals.BrokenLinks++;
            await WriteAsync(io, new VerifyFinding(tenant.Value, instanceId, 0, 0, "unreadable", $"the stored history cannot be read: {e.Message}")).ConfigureAwait(false);
            return;
        }

        if (history is null)
        {
            return;
        }

        totals.Instances++;
        totals.Events += history.Events.Count;
        var verification = HistoryVerifier.Verify(tenant, instanceId, history.Events, history.Head);
        if (!verification.IsIntact)
        {
            totals.BrokenInstances++;
        }

        foreach (var link in verification.BrokenLinks)
        {
            totals.BrokenLinks++;
            await WriteAsync(io, new VerifyFinding(tenant.Value, instanceId, link.Position, link.Sequence, KindName(link.Kind), link.Detail)).ConfigureAwait(false);
        }
    }

    private static Task WriteAsync(CliIO io, VerifyFinding finding) => io.Out.WriteLineAsync(JsonSerializer.Serialize(finding));

    private static string KindName(BrokenLinkKind kind) => kind switch
    {
        BrokenLinkKind.HashMismatch => "hash-mismatch",
        BrokenLinkKind.PreviousHashMismatch => "previous-hash-mismatch",
        BrokenLinkKind.SequenceMismatch => "sequence-mismatch",
        BrokenLinkKind.WrongOwner => "wrong-owner",
        BrokenLinkKind.HeadMismatch => "head-mismatch",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown broken-link kind."),
    };

    private sealed class VerifyTotals
    {
        public int Tenants { get; set; }

        public long Instances { get; set; }

        public long Events { get; set; }

        public long BrokenLinks { get; set; }

        public long BrokenInstances { get; set; }
    }
}
