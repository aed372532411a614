using Microsoft.Data.Sqlite;

namespace Ocap.Workflow.Sqlite;

/// <summary>
/// The store's schema and its migrations. <c>schema_version</c> holds the version applied; each migration moves
/// the file one version forward inside one transaction, so a crash during start-up leaves the previous version.
/// Every table is keyed by tenant first, so every lookup is confined to one tenant by its index.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Migration <c>i</c> moves the schema from version <c>i</c> to <c>i + 1</c>.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE artifacts (
            tenant TEXT NOT NULL, hash TEXT NOT NULL, content BLOB NOT NULL,
            PRIMARY KEY (tenant, hash)) WITHOUT ROWID;
        CREATE TABLE deployments (
            tenant TEXT NOT NULL, bundle_hash TEXT NOT NULL, deployed_at INTEGER NOT NULL,
            PRIMARY KEY (tenant, bundle_hash)) WITHOUT ROWID;
        CREATE TABLE deployment_artifacts (
            tenant TEXT NOT NULL, bundle_hash TEXT NOT NULL, name TEXT NOT NULL, kind INTEGER NOT NULL,
            hash TEXT NOT NULL, length INTEGER NOT NULL,
            PRIMARY KEY (tenant, bundle_hash, name)) WITHOUT ROWID;
        CREATE TABLE process_definitions (
            tenant TEXT NOT NULL, process_key TEXT NOT NULL, version INTEGER NOT NULL, bundle_hash TEXT NOT NULL,
            artifact_name TEXT NOT NULL, artifact_hash TEXT NOT NULL, deployed_at INTEGER NOT NULL,
            PRIMARY KEY (tenant, process_key, version)) WITHOUT ROWID;
        CREATE TABLE instances (
            tenant TEXT NOT NULL, instance_id TEXT NOT NULL, process_key TEXT NOT NULL, process_version INTEGER NOT NULL,
            bundle_hash TEXT NOT NULL, status INTEGER NOT NULL, state TEXT NOT NULL, version INTEGER NOT NULL,
            created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, head_sequence INTEGER NOT NULL, head_hash TEXT NOT NULL,
            PRIMARY KEY (tenant, instance_id));
        CREATE INDEX ix_instances_process_status ON instances (tenant, process_key, status, instance_id);
        CREATE INDEX ix_instances_status ON instances (tenant, status, instance_id);
        CREATE TABLE history (
            tenant TEXT NOT NULL, instance_id TEXT NOT NULL, sequence INTEGER NOT NULL, type TEXT NOT NULL,
            timestamp INTEGER NOT NULL, actor TEXT NOT NULL, artifact_hashes TEXT NOT NULL, payload TEXT NOT NULL,
            previous_hash TEXT NOT NULL, hash TEXT NOT NULL,
            PRIMARY KEY (tenant, instance_id, sequence)) WITHOUT ROWID;
        CREATE TABLE jobs (
            tenant TEXT NOT NULL, job_id TEXT NOT NULL, instance_id TEXT NOT NULL, kind TEXT NOT NULL, element_id TEXT,
            due_at INTEGER NOT NULL, payload TEXT NOT NULL, attempts INTEGER NOT NULL,
            lease_token TEXT, lease_expires_at INTEGER,
            PRIMARY KEY (tenant, job_id));
        CREATE INDEX ix_jobs_due ON jobs (tenant, due_at, job_id);
        CREATE INDEX ix_jobs_instance ON jobs (tenant, instance_id);
        CREATE TABLE user_tasks (
            tenant TEXT NOT NULL, task_id TEXT NOT NULL, instance_id TEXT NOT NULL, element_id TEXT NOT NULL,
            name TEXT NOT NULL, candidate_filter TEXT NOT NULL, assignee TEXT, state INTEGER NOT NULL,
            created_at INTEGER NOT NULL, due_at INTEGER, form_key TEXT,
            PRIMARY KEY (tenant, task_id));
        CREATE INDEX ix_user_tasks_state ON user_tasks (tenant, state, task_id);
        CREATE INDEX ix_user_tasks_assignee ON user_tasks (tenant, assignee, task_id);
        CREATE INDEX ix_user_tasks_instance ON user_tasks (tenant, instance_id);
        CREATE TABLE message_subscriptions (
            tenant TEXT NOT NULL, subscription_id TEXT NOT NULL, instance_id TEXT NOT NULL, message_name TEXT NOT NULL,
            correlation_key TEXT NOT NULL, element_id TEXT NOT NULL,
            PRIMARY KEY (tenant, subscription_id));
        CREATE INDEX ix_subscriptions_message ON message_subscriptions (tenant, message_name, correlation_key);
        CREATE INDEX ix_subscriptions_instance ON message_subscriptions (tenant, instance_id);
        """,

        // 1 -> 2: process-level start triggers (timer start jobs keyed by process, message and signal start
        // events of each key's latest version) and buffered messages with a time-to-live.
        """
        ALTER TABLE jobs ADD COLUMN process_key TEXT;
        CREATE INDEX ix_jobs_process ON jobs (tenant, process_key) WHERE process_key IS NOT NULL;
        CREATE TABLE start_subscriptions (
            tenant TEXT NOT NULL, process_key TEXT NOT NULL, element_id TEXT NOT NULL, version INTEGER NOT NULL,
            kind INTEGER NOT NULL, name TEXT NOT NULL,
            PRIMARY KEY (tenant, process_key, element_id)) WITHOUT ROWID;
        CREATE INDEX ix_start_subscriptions_name ON start_subscriptions (tenant, kind, name);
        CREATE TABLE buffered_messages (
            tenant TEXT NOT NULL, message_id TEXT NOT NULL, message_name TEXT NOT NULL, correlation_key TEXT NOT NULL,
            variables TEXT NOT NULL, actor TEXT NOT NULL, buffered_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
            PRIMARY KEY (tenant, message_id));
        CREATE INDEX ix_buffered_messages_key ON buffered_messages (tenant, message_name, correlation_key, buffered_at, message_id);
        CREATE INDEX ix_buffered_messages_expiry ON buffered_messages (tenant, expires_at);
        """,
    ];

    /// <summary>The schema version this library writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Brings the file to <see cref="CurrentVersion"/> (or, for tests of migrations, to <paramref name="upTo"/>), refusing files this library cannot use.</summary>
    public static void Migrate(SqliteConnection connection, string path, int? upTo = null)
    {
        Execute(connection, "BEGIN IMMEDIATE;");
        try
        {
            var hasTables = Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table';") > 0;
            var hasVersionTable = Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version';") > 0;
            if (!hasVersionTable)
            {
                if (hasTables)
                {
                    throw new SqliteStoreSchemaException(path, "it has tables but no schema_version table, so it is not an Ocap.Workflow store.");
                }

                Execute(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version (version) VALUES (0);");
            }

            var version = (int)Scalar(connection, "SELECT version FROM schema_version;");
            if (version > CurrentVersion)
            {
                throw new SqliteStoreSchemaException(path, $"its schema version is {version}, newer than the {CurrentVersion} this library knows.");
            }

            for (var v = version; v < (upTo ?? CurrentVersion); v++)
            {
                Execute(connection, Migrations[v]);
                Execute(connection, $"UPDATE schema_version SET version = {v + 1};");
            }

            Execute(connection, "COMMIT;");
        }
        catch
        {
            Execute(connection, "ROLLBACK;");
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
