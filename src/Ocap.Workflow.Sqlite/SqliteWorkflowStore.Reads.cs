using System.Text;
using Microsoft.Data.Sqlite;
using Ocap.Workflow.History;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string InstanceColumns =
        "instance_id, process_key, process_version, bundle_hash, status, state, version, created_at, updated_at, head_sequence, head_hash";

    private const string TaskColumns =
        "instance_id, task_id, element_id, name, candidate_filter, assignee, state, created_at, due_at, form_key";

    private const string JobColumns =
        "instance_id, job_id, kind, element_id, due_at, payload, attempts, lease_expires_at, process_key";

    /// <inheritdoc />
    public Task<DeploymentRecord?> GetDeploymentAsync(TenantId tenant, string bundleHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundleHash);
        var key = Key(tenant);
        return ReadAsync(c => ReadDeployment(c, key, bundleHash), cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoredArtifact?> GetArtifactAsync(TenantId tenant, string hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var key = Key(tenant);
        return ReadAsync(c =>
        {
            using var command = Prepare(c, "SELECT content FROM artifacts WHERE tenant = $t AND hash = $h;", ("$t", key), ("$h", hash));
            return command.ExecuteScalar() is byte[] content ? new StoredArtifact(hash, content) : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ProcessDefinitionRecord?> GetProcessDefinitionAsync(TenantId tenant, string processKey, int? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processKey);
        var key = Key(tenant);
        return ReadAsync(c => ReadProcess(c, key, processKey, version), cancellationToken);
    }

    /// <inheritdoc />
    public Task<InstanceRecord?> GetInstanceAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var key = Key(tenant);
        return ReadAsync(c =>
        {
            using var command = Prepare(c, $"SELECT {InstanceColumns} FROM instances WHERE tenant = $t AND instance_id = $i;", ("$t", key), ("$i", instanceId));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadInstance(reader) : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InstanceRecord>> QueryInstancesAsync(TenantId tenant, InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var key = Key(tenant);
        return ReadAsync<IReadOnlyList<InstanceRecord>>(c =>
        {
            var sql = new StringBuilder($"SELECT {InstanceColumns} FROM instances WHERE tenant = $t");
            using var command = c.CreateCommand();
            command.Parameters.AddWithValue("$t", key);
            if (query.ProcessKey is not null)
            {
                sql.Append(" AND process_key = $p");
                command.Parameters.AddWithValue("$p", query.ProcessKey);
            }

            if (query.Status is { } status)
            {
                sql.Append(" AND status = $s");
                command.Parameters.AddWithValue("$s", (int)status);
            }

            if (query.AfterInstanceId is not null)
            {
                sql.Append(" AND instance_id > $a");
                command.Parameters.AddWithValue("$a", query.AfterInstanceId);
            }

            sql.Append(" ORDER BY instance_id LIMIT $l;");
            command.Parameters.AddWithValue("$l", query.Limit);
            command.CommandText = sql.ToString();
            using var reader = command.ExecuteReader();
            var page = new List<InstanceRecord>();
            while (reader.Read())
            {
                page.Add(ReadInstance(reader));
            }

            return page;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<InstanceHistory?> ReadHistoryAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var key = Key(tenant);
        return ReadAsync(c =>
        {
            HistoryHead head;
            using (var command = Prepare(c, "SELECT head_sequence, head_hash FROM instances WHERE tenant = $t AND instance_id = $i;", ("$t", key), ("$i", instanceId)))
            using (var reader = command.ExecuteReader())
            {
                if (!reader.Read())
                {
                    return null;
                }

                head = new HistoryHead(reader.GetInt64(0), reader.GetString(1));
            }

            var events = new List<HistoryEvent>();
            using (var command = Prepare(c,
                "SELECT sequence, type, timestamp, actor, artifact_hashes, payload, previous_hash, hash FROM history " +
                "WHERE tenant = $t AND instance_id = $i ORDER BY sequence;", ("$t", key), ("$i", instanceId)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var hashes = reader.GetString(4);
                    events.Add(new HistoryEvent(
                        tenant, instanceId, reader.GetInt64(0), reader.GetString(1), Time(reader.GetInt64(2)), reader.GetString(3),
                        hashes.Length == 0 ? [] : hashes.Split(','), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
                }
            }

            return new InstanceHistory(head, events);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UserTaskRecord>> QueryUserTasksAsync(TenantId tenant, UserTaskQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var key = Key(tenant);
        return ReadAsync<IReadOnlyList<UserTaskRecord>>(c =>
        {
            var sql = new StringBuilder($"SELECT {TaskColumns} FROM user_tasks WHERE tenant = $t");
            using var command = c.CreateCommand();
            command.Parameters.AddWithValue("$t", key);
            if (query.States is { } states)
            {
                sql.Append(" AND state IN (");
                for (var i = 0; i < states.Count; i++)
                {
                    sql.Append(i == 0 ? "$s" : ", $s").Append(i);
                    command.Parameters.AddWithValue("$s" + i, (int)states[i]);
                }

                sql.Append(states.Count == 0 ? "NULL)" : ")");
            }

            if (query.Assignee is not null)
            {
                sql.Append(" AND assignee = $as");
                command.Parameters.AddWithValue("$as", query.Assignee);
            }

            if (query.InstanceId is not null)
            {
                sql.Append(" AND instance_id = $i");
                command.Parameters.AddWithValue("$i", query.InstanceId);
            }

            if (query.AfterTaskId is not null)
            {
                sql.Append(" AND task_id > $a");
                command.Parameters.AddWithValue("$a", query.AfterTaskId);
            }

            sql.Append(" ORDER BY task_id LIMIT $l;");
            command.Parameters.AddWithValue("$l", query.Limit);
            command.CommandText = sql.ToString();
            using var reader = command.ExecuteReader();
            var page = new List<UserTaskRecord>();
            while (reader.Read())
            {
                page.Add(ReadTask(reader));
            }

            return page;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<UserTaskRecord?> GetUserTaskAsync(TenantId tenant, string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        var key = Key(tenant);
        return ReadAsync(c =>
        {
            using var command = Prepare(c, $"SELECT {TaskColumns} FROM user_tasks WHERE tenant = $t AND task_id = $id;", ("$t", key), ("$id", taskId));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadTask(reader) : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MessageSubscriptionRecord>> FindMessageSubscriptionsAsync(
        TenantId tenant, string messageName, string correlationKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageName);
        ArgumentNullException.ThrowIfNull(correlationKey);
        var key = Key(tenant);
        return ReadAsync<IReadOnlyList<MessageSubscriptionRecord>>(c =>
        {
            using var command = Prepare(c,
                "SELECT instance_id, subscription_id, message_name, correlation_key, element_id FROM message_subscriptions " +
                "WHERE tenant = $t AND message_name = $m AND correlation_key = $k ORDER BY subscription_id;",
                ("$t", key), ("$m", messageName), ("$k", correlationKey));
            using var reader = command.ExecuteReader();
            var found = new List<MessageSubscriptionRecord>();
            while (reader.Read())
            {
                found.Add(new MessageSubscriptionRecord(reader.GetString(0),
                    new MessageSubscription(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4))));
            }

            return found;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var key = Key(tenant);
        return ReadAsync<IReadOnlyList<JobRecord>>(c =>
        {
            using var command = Prepare(c, $"SELECT {JobColumns} FROM jobs WHERE tenant = $t AND instance_id = $i ORDER BY job_id;", ("$t", key), ("$i", instanceId));
            using var reader = command.ExecuteReader();
            var jobs = new List<JobRecord>();
            while (reader.Read())
            {
                jobs.Add(ReadJob(reader));
            }

            return jobs;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextDueTimeAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        var key = Key(tenant);
        return ReadAsync(c =>
        {
            using var command = Prepare(c,
                "SELECT min(CASE WHEN lease_expires_at IS NOT NULL AND lease_expires_at > due_at THEN lease_expires_at ELSE due_at END) FROM jobs WHERE tenant = $t;",
                ("$t", key));
            return command.ExecuteScalar() is long ticks ? Time(ticks) : (DateTimeOffset?)null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TenantId>> ListTenantsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<TenantId>>(c =>
        {
            using var command = Prepare(c, "SELECT tenant FROM deployments UNION SELECT tenant FROM instances UNION SELECT tenant FROM buffered_messages ORDER BY tenant;");
            using var reader = command.ExecuteReader();
            var tenants = new List<TenantId>();
            while (reader.Read())
            {
                // A row whose tenant is not a valid id can only come from editing the file by hand; it names no tenant.
                if (TenantId.TryParse(reader.GetString(0), out var tenant))
                {
                    tenants.Add(tenant);
                }
            }

            return tenants;
        }, cancellationToken);

    private static DeploymentRecord? ReadDeployment(SqliteConnection c, string tenant, string bundleHash)
    {
        long deployedAt;
        using (var command = Prepare(c, "SELECT deployed_at FROM deployments WHERE tenant = $t AND bundle_hash = $b;", ("$t", tenant), ("$b", bundleHash)))
        {
            if (command.ExecuteScalar() is not long ticks)
            {
                return null;
            }

            deployedAt = ticks;
        }

        var artifacts = new List<DeployedArtifact>();
        using (var command = Prepare(c,
            "SELECT name, kind, hash, length FROM deployment_artifacts WHERE tenant = $t AND bundle_hash = $b ORDER BY name;", ("$t", tenant), ("$b", bundleHash)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                artifacts.Add(new DeployedArtifact(reader.GetString(0), (ArtifactKind)reader.GetInt32(1), reader.GetString(2), reader.GetInt64(3)));
            }
        }

        var processes = new List<ProcessDefinitionRecord>();
        using (var command = Prepare(c,
            "SELECT process_key, version, bundle_hash, artifact_name, artifact_hash, deployed_at FROM process_definitions " +
            "WHERE tenant = $t AND bundle_hash = $b ORDER BY process_key;", ("$t", tenant), ("$b", bundleHash)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                processes.Add(ReadProcessRow(reader));
            }
        }

        return new DeploymentRecord(bundleHash, Time(deployedAt), artifacts, processes, Created: false);
    }

    private static ProcessDefinitionRecord? ReadProcess(SqliteConnection c, string tenant, string processKey, int? version)
    {
        using var command = version is null
            ? Prepare(c,
                "SELECT process_key, version, bundle_hash, artifact_name, artifact_hash, deployed_at FROM process_definitions " +
                "WHERE tenant = $t AND process_key = $k ORDER BY version DESC LIMIT 1;", ("$t", tenant), ("$k", processKey))
            : Prepare(c,
                "SELECT process_key, version, bundle_hash, artifact_name, artifact_hash, deployed_at FROM process_definitions " +
                "WHERE tenant = $t AND process_key = $k AND version = $v;", ("$t", tenant), ("$k", processKey), ("$v", version.Value));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadProcessRow(reader) : null;
    }

    private static ProcessDefinitionRecord ReadProcessRow(SqliteDataReader r) =>
        new(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4), Time(r.GetInt64(5)));

    private static InstanceRecord ReadInstance(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), (InstanceStatus)r.GetInt32(4), r.GetString(5), r.GetInt64(6),
        Time(r.GetInt64(7)), Time(r.GetInt64(8)), new HistoryHead(r.GetInt64(9), r.GetString(10)));

    private static UserTaskRecord ReadTask(SqliteDataReader r) => new(
        r.GetString(0),
        new UserTaskEntry(
            r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), (UserTaskState)r.GetInt32(6),
            Time(r.GetInt64(7)), r.IsDBNull(8) ? null : Time(r.GetInt64(8)), r.IsDBNull(9) ? null : r.GetString(9)));

    private static JobRecord ReadJob(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), Time(r.GetInt64(4)), r.GetString(5), r.GetInt32(6),
        r.IsDBNull(7) ? null : Time(r.GetInt64(7)))
    {
        ProcessKey = r.IsDBNull(8) ? null : r.GetString(8),
    };
}
