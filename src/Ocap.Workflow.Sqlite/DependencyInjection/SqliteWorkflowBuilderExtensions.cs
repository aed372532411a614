using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ocap.Workflow.DependencyInjection;
using Ocap.Workflow.Storage;

namespace Ocap.Workflow.Sqlite;

/// <summary>Registers the embedded SQLite store with <see cref="OcapWorkflowBuilder"/>.</summary>
public static class SqliteWorkflowBuilderExtensions
{
    /// <summary>
    /// Uses a SQLite file as the workflow store: WAL, durable commits (<c>synchronous=FULL</c>) unless
    /// <see cref="SqliteWorkflowStoreOptions.Durable"/> is turned off, schema created or migrated when the store is
    /// first resolved. The container owns the store and closes it when it is disposed.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddOcapWorkflow</c>.</param>
    /// <param name="configure">Sets at least <see cref="SqliteWorkflowStoreOptions.Path"/>.</param>
    /// <returns>The builder, to chain further registrations.</returns>
    /// <exception cref="ArgumentException">No path was configured.</exception>
    /// <remarks>Like <c>AddInMemoryStore</c>, the first store registered wins, so calling this twice is harmless.</remarks>
    public static OcapWorkflowBuilder AddSqliteStore(this OcapWorkflowBuilder builder, Action<SqliteWorkflowStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SqliteWorkflowStoreOptions();
        configure(options);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException("AddSqliteStore needs SqliteWorkflowStoreOptions.Path: the database file to open or create.", nameof(configure));
        }

        // Opening creates or migrates the schema; it runs once, when the singleton is first resolved.
        builder.Services.TryAddSingleton<IWorkflowStore>(sp =>
            SqliteWorkflowStore.OpenAsync(options, sp.GetService<TimeProvider>(), CancellationToken.None).GetAwaiter().GetResult());
        return builder;
    }
}
