using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Sqlite;

/// <summary>Process-level start triggers (timer start jobs, message and signal start events) and buffered messages.</summary>
public sealed partial class SqliteWorkflowStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<StartSubscriptionRecord>> FindStartSubscriptionsAsync(TenantId tenant, StartEventKind kind, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = Key(tenant);
        return ReadAsync<IReadOnlyList<StartSubscriptionRecord>>(c =>
        {
            using var command = Prepare(c,
                "SELECT process_key, version, element_id FROM start_subscriptions WHERE tenant = $t AND kind = $k AND name = $n ORDER BY process_key, element_id;",
                ("$t", key), ("$k", (int)kind), ("$n", name));
            using var reader = command.ExecuteReader();
            var found = new List<StartSubscriptionRecord>();
            while (reader.Read())
            {
                found.Add(new StartSubscriptionRecord(reader.GetString(0), reader.GetInt32(1), new StartSubscription(kind, name, reader.GetString(2))));
            }

            return found;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task BufferMessageAsync(TenantId tenant, BufferedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Validate();
        var key = Key(tenant);
        return WriteAsync(ctx =>
        {
            var inserted = Bind(ctx.Command(
                    "INSERT INTO buffered_messages (tenant, message_id, message_name, correlation_key, variables, actor, buffered_at, expires_at) " +
                    "VALUES ($t, $id, $n, $k, $v, $a, $b, $x) ON CONFLICT (tenant, message_id) DO NOTHING;"),
                ("$t", key), ("$id", message.MessageId), ("$n", message.MessageName), ("$k", message.CorrelationKey), ("$v", message.VariablesJson),
                ("$a", message.Actor), ("$b", Ticks(_time.GetUtcNow())), ("$x", Ticks(message.ExpiresAt))).ExecuteNonQuery();
            return inserted == 1 ? true : throw new ArgumentException($"Tenant '{tenant}' already has a buffered message '{message.MessageId}'.", nameof(message));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BufferedMessageRecord>> FindBufferedMessagesAsync(TenantId tenant, string messageName, string correlationKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageName);
        ArgumentNullException.ThrowIfNull(correlationKey);
        var key = Key(tenant);
        var now = Ticks(_time.GetUtcNow());
        return ReadAsync<IReadOnlyList<BufferedMessageRecord>>(c =>
        {
            using var command = Prepare(c,
                "SELECT message_id, variables, actor, buffered_at, expires_at FROM buffered_messages " +
                "WHERE tenant = $t AND message_name = $n AND correlation_key = $k AND expires_at > $now ORDER BY buffered_at, message_id;",
                ("$t", key), ("$n", messageName), ("$k", correlationKey), ("$now", now));
            using var reader = command.ExecuteReader();
            var found = new List<BufferedMessageRecord>();
            while (reader.Read())
            {
                var message = new BufferedMessage(reader.GetString(0), messageName, correlationKey, reader.GetString(1), Time(reader.GetInt64(4)), reader.GetString(2));
                found.Add(new BufferedMessageRecord(message, Time(reader.GetInt64(3))));
            }

            return found;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> PurgeExpiredMessagesAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        var key = Key(tenant);
        return WriteAsync(ctx => Bind(ctx.Command("DELETE FROM buffered_messages WHERE tenant = $t AND expires_at <= $now;"),
            ("$t", key), ("$now", Ticks(_time.GetUtcNow()))).ExecuteNonQuery(), cancellationToken);
    }

    /// <summary>A new version's start triggers replace every trigger its key had (jobs first checked for id clashes).</summary>
    private static void ReplaceStartTriggers(SqliteWriteContext ctx, string tenant, ProcessDefinitionDraft draft, int version)
    {
        Bind(ctx.Command("DELETE FROM jobs WHERE tenant = $t AND process_key = $k AND instance_id = '';"), ("$t", tenant), ("$k", draft.ProcessKey)).ExecuteNonQuery();
        Bind(ctx.Command("DELETE FROM start_subscriptions WHERE tenant = $t AND process_key = $k;"), ("$t", tenant), ("$k", draft.ProcessKey)).ExecuteNonQuery();
        foreach (var job in draft.StartJobs)
        {
            var inserted = Bind(ctx.Command(
                    "INSERT INTO jobs (tenant, job_id, instance_id, kind, element_id, due_at, payload, attempts, process_key) " +
                    "VALUES ($t, $j, '', $k, $e, $d, $p, 0, $pk) ON CONFLICT (tenant, job_id) DO NOTHING;"),
                ("$t", tenant), ("$j", job.JobId), ("$k", job.Kind), ("$e", job.ElementId), ("$d", Ticks(job.DueAt)), ("$p", job.PayloadJson),
                ("$pk", draft.ProcessKey)).ExecuteNonQuery();
            if (inserted != 1)
            {
                throw new ArgumentException($"Start job '{job.JobId}' of process '{draft.ProcessKey}' reuses the id of another job.", nameof(draft));
            }
        }

        foreach (var s in draft.StartSubscriptions)
        {
            Bind(ctx.Command("INSERT INTO start_subscriptions (tenant, process_key, element_id, version, kind, name) VALUES ($t, $k, $e, $v, $kind, $n);"),
                ("$t", tenant), ("$k", draft.ProcessKey), ("$e", s.ElementId), ("$v", version), ("$kind", (int)s.Kind), ("$n", s.Name)).ExecuteNonQuery();
        }
    }

    /// <summary>Removes the buffered messages a commit received; a missing or expired one fails the commit as a conflict.</summary>
    private static void ConsumeMessages(SqliteWriteContext ctx, TenantId tenant, string key, StoreCommit commit, long now)
    {
        foreach (var id in commit.ConsumeMessages)
        {
            var deleted = Bind(ctx.Command("DELETE FROM buffered_messages WHERE tenant = $t AND message_id = $id AND expires_at > $now;"),
                ("$t", key), ("$id", id), ("$now", now)).ExecuteNonQuery();
            if (deleted != 1)
            {
                throw new ConcurrencyConflictException(tenant, commit.InstanceId, commit.ExpectedVersion, $"buffered message '{id}' was consumed by another commit or has expired.");
            }
        }
    }

    /// <summary>Finishes a claimed job if its lease is held: removed, or kept for its next run when the completion names one.</summary>
    /// <returns>1 when the job was finished, 0 when the lease is not held.</returns>
    private static int FinishJob(SqliteWriteContext ctx, string key, JobCompletion completion)
    {
        var command = completion.NextDueAt is { } next
            ? Bind(ctx.Command("UPDATE jobs SET due_at = $d, attempts = 0, lease_token = NULL, lease_expires_at = NULL WHERE tenant = $t AND job_id = $j AND lease_token = $l;"),
                ("$d", Ticks(next)))
            : ctx.Command("DELETE FROM jobs WHERE tenant = $t AND job_id = $j AND lease_token = $l;");
        return Bind(command, ("$t", key), ("$j", completion.JobId), ("$l", completion.LeaseToken)).ExecuteNonQuery();
    }
}
