using System.Globalization;
using Ocap.Workflow.Sqlite;
using Ocap.Workflow.Sqlite.CrashChild;
using Ocap.Workflow.Storage;

// Usage: Ocap.Workflow.Sqlite.CrashChild DB-FILE RUN-ID WORKERS
// Prints "READY" once open, then "<tenant> <instance> <version>" after each commit returned, until killed.
if (args.Length != 3 || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var workers) || workers < 1)
{
    await Console.Error.WriteLineAsync("usage: Ocap.Workflow.Sqlite.CrashChild DB-FILE RUN-ID WORKERS");
    return 2;
}

var runId = args[1];
await using var store = await SqliteWorkflowStore.OpenAsync(new SqliteWorkflowStoreOptions { Path = args[0] }, TimeProvider.System, CancellationToken.None);
foreach (var tenant in CrashWorkload.Tenants)
{
    await store.DeployAsync(tenant, CrashWorkload.Bundle(), CancellationToken.None);
}

// Instances an earlier, killed run left unfinished continue first: proof that every committed step can be resumed.
var unfinished = new List<(Ocap.Workflow.Tenancy.TenantId Tenant, string Id, long Version)>();
foreach (var tenant in CrashWorkload.Tenants)
{
    string? after = null;
    while (true)
    {
        var page = await store.QueryInstancesAsync(tenant, new InstanceQuery(Status: InstanceStatus.Active, AfterInstanceId: after, Limit: 500), CancellationToken.None);
        if (page.Count == 0)
        {
            break;
        }

        unfinished.AddRange(page.Select(i => (tenant, i.InstanceId, i.Version)));
        after = page[^1].InstanceId;
    }
}

Console.Out.WriteLine("READY");
var next = -1;
await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
{
    for (var i = worker; i < unfinished.Count; i += workers)
    {
        await RunAsync(unfinished[i].Tenant, unfinished[i].Id, unfinished[i].Version);
    }

    while (true)
    {
        var n = Interlocked.Increment(ref next);
        var tenant = CrashWorkload.Tenants[n % CrashWorkload.Tenants.Length];
        await RunAsync(tenant, string.Create(CultureInfo.InvariantCulture, $"{runId}-{n:D6}"), 0);
    }
})));
return 0;

async Task RunAsync(Ocap.Workflow.Tenancy.TenantId tenant, string id, long version)
{
    for (var v = version; v < CrashWorkload.StepsPerInstance; v++)
    {
        var result = await store.CommitAsync(tenant, CrashWorkload.NextCommit(id, v, DateTimeOffset.UtcNow), CancellationToken.None);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{tenant} {id} {result.Version}"));
    }
}
