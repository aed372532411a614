using Ocap.Workflow.History;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    /// <inheritdoc />
    public Task<DeploymentRecord> DeployAsync(TenantId tenant, DeploymentBundle bundle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var key = Key(tenant);
        return WriteAsync(ctx => Deploy(ctx, key, bundle), cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommitResult> CommitAsync(TenantId tenant, StoreCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        commit.Validate();
        var key = Key(tenant);
        return WriteAsync(ctx => Commit(ctx, tenant, key, commit), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ClaimedJob>> ClaimDueJobsAsync(TenantId tenant, int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        var key = Key(tenant);
        return WriteAsync(ctx => Claim(ctx, key, maxCount, leaseDuration), cancellationToken);
    }

    /// <inheritdoc />
    public Task CompleteJobAsync(TenantId tenant, JobCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var key = Key(tenant);
        return WriteAsync(ctx =>
        {
            return FinishJob(ctx, key, completion) == 1 ? true : throw new JobLeaseLostException(tenant, completion.JobId);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RetryJobAsync(TenantId tenant, JobCompletion lease, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var key = Key(tenant);
        return WriteAsync(ctx =>
        {
            var updated = Bind(ctx.Command(
                    "UPDATE jobs SET due_at = $d, attempts = attempts + 1, lease_token = NULL, lease_expires_at = NULL " +
                    "WHERE tenant = $t AND job_id = $j AND lease_token = $l;"),
                ("$d", Ticks(dueAt)), ("$t", key), ("$j", lease.JobId), ("$l", lease.LeaseToken)).ExecuteNonQuery();
            return updated == 1 ? true : throw new JobLeaseLostException(tenant, lease.JobId);
        }, cancellationToken);
    }

    private DeploymentRecord Deploy(SqliteWriteContext ctx, string tenant, DeploymentBundle bundle)
    {
        if (ReadDeployment(ctx.Connection, tenant, bundle.Hash) is { } existing)
        {
            return existing;
        }

        var now = _time.GetUtcNow();
        Bind(ctx.Command("INSERT INTO deployments (tenant, bundle_hash, deployed_at) VALUES ($t, $b, $d);"),
            ("$t", tenant), ("$b", bundle.Hash), ("$d", Ticks(now))).ExecuteNonQuery();
        foreach (var a in bundle.Artifacts)
        {
            Bind(ctx.Command("INSERT OR IGNORE INTO artifacts (tenant, hash, content) VALUES ($t, $h, $c);"),
                ("$t", tenant), ("$h", a.Hash), ("$c", a.Content.ToArray())).ExecuteNonQuery();
            Bind(ctx.Command("INSERT INTO deployment_artifacts (tenant, bundle_hash, name, kind, hash, length) VALUES ($t, $b, $n, $k, $h, $l);"),
                ("$t", tenant), ("$b", bundle.Hash), ("$n", a.Name), ("$k", (int)a.Kind), ("$h", a.Hash), ("$l", (long)a.Content.Length)).ExecuteNonQuery();
        }

        var processes = new List<ProcessDefinitionRecord>(bundle.Processes.Count);
        foreach (var p in bundle.Processes)
        {
            var latest = (long)Bind(ctx.Command("SELECT coalesce(max(version), 0) FROM process_definitions WHERE tenant = $t AND process_key = $k;"),
                ("$t", tenant), ("$k", p.ProcessKey)).ExecuteScalar()!;
            ReplaceStartTriggers(ctx, tenant, p, (int)latest + 1);
            var artifactHash = bundle.Artifacts.First(a => a.Name == p.ArtifactName).Hash;
            var record = new ProcessDefinitionRecord(p.ProcessKey, (int)latest + 1, bundle.Hash, p.ArtifactName, artifactHash, now);
            Bind(ctx.Command(
                    "INSERT INTO process_definitions (tenant, process_key, version, bundle_hash, artifact_name, artifact_hash, deployed_at) " +
                    "VALUES ($t, $k, $v, $b, $n, $h, $d);"),
                ("$t", tenant), ("$k", record.ProcessKey), ("$v", record.Version), ("$b", bundle.Hash), ("$n", record.ArtifactName),
                ("$h", artifactHash), ("$d", Ticks(now))).ExecuteNonQuery();
            processes.Add(record);
        }

        return new DeploymentRecord(
            bundle.Hash, now, [.. bundle.Artifacts.Select(a => new DeployedArtifact(a.Name, a.Kind, a.Hash, a.Content.Length))], processes, Created: true);
    }

    private CommitResult Commit(SqliteWriteContext ctx, TenantId tenant, string key, StoreCommit commit)
    {
        var now = Ticks(_time.GetUtcNow());
        long version = 0;
        var head = HistoryHead.Empty;
        using (var reader = Bind(ctx.Command("SELECT version, head_sequence, head_hash FROM instances WHERE tenant = $t AND instance_id = $i;"),
            ("$t", key), ("$i", commit.InstanceId)).ExecuteReader())
        {
            if (reader.Read())
            {
                version = reader.GetInt64(0);
                head = new HistoryHead(reader.GetInt64(1), reader.GetString(2));
            }
        }

        string? bundleHash = null;
        if (commit.ExpectedVersion == 0)
        {
            if (version != 0)
            {
                throw new ConcurrencyConflictException(tenant, commit.InstanceId, 0, version);
            }

            var origin = commit.Origin!;
            bundleHash = Bind(ctx.Command("SELECT bundle_hash FROM process_definitions WHERE tenant = $t AND process_key = $k AND version = $v;"),
                ("$t", key), ("$k", origin.ProcessKey), ("$v", origin.ProcessVersion)).ExecuteScalar() as string
                ?? throw new ProcessDefinitionNotFoundException(tenant, origin.ProcessKey, origin.ProcessVersion);
        }
        else if (version == 0)
        {
            throw new InstanceNotFoundException(tenant, commit.InstanceId);
        }
        else if (version != commit.ExpectedVersion)
        {
            throw new ConcurrencyConflictException(tenant, commit.InstanceId, commit.ExpectedVersion, version);
        }

        var events = HistoryChain.Extend(tenant, commit.InstanceId, head, commit.Events, out var newHead);
        if (bundleHash is not null)
        {
            Bind(ctx.Command(
                    "INSERT INTO instances (tenant, instance_id, process_key, process_version, bundle_hash, status, state, version, created_at, updated_at, head_sequence, head_hash) " +
                    "VALUES ($t, $i, $k, $v, $b, $s, $st, 1, $now, $now, $hs, $hh);"),
                ("$t", key), ("$i", commit.InstanceId), ("$k", commit.Origin!.ProcessKey), ("$v", commit.Origin.ProcessVersion), ("$b", bundleHash),
                ("$s", (int)commit.Status), ("$st", commit.StateJson), ("$now", now), ("$hs", newHead.Sequence), ("$hh", newHead.Hash)).ExecuteNonQuery();
        }
        else
        {
            Bind(ctx.Command(
                    "UPDATE instances SET status = $s, state = $st, version = version + 1, updated_at = $now, head_sequence = $hs, head_hash = $hh " +
                    "WHERE tenant = $t AND instance_id = $i;"),
                ("$s", (int)commit.Status), ("$st", commit.StateJson), ("$now", now), ("$hs", newHead.Sequence), ("$hh", newHead.Hash),
                ("$t", key), ("$i", commit.InstanceId)).ExecuteNonQuery();
        }

        foreach (var e in events)
        {
            Bind(ctx.Command(
                    "INSERT INTO history (tenant, instance_id, sequence, type, timestamp, actor, artifact_hashes, payload, previous_hash, hash) " +
                    "VALUES ($t, $i, $q, $ty, $ts, $a, $ah, $p, $ph, $h);"),
                ("$t", key), ("$i", commit.InstanceId), ("$q", e.Sequence), ("$ty", e.Type), ("$ts", Ticks(e.Timestamp)), ("$a", e.Actor),
                ("$ah", string.Join(',', e.ArtifactHashes)), ("$p", e.PayloadJson), ("$ph", e.PreviousHash), ("$h", e.Hash)).ExecuteNonQuery();
        }

        WriteJobs(ctx, tenant, key, commit);
        ConsumeMessages(ctx, tenant, key, commit, now);
        WriteTasks(ctx, tenant, key, commit);
        WriteSubscriptions(ctx, tenant, key, commit);
        return new CommitResult(bundleHash is null ? version + 1 : 1, newHead, events);
    }

    private static void WriteJobs(SqliteWriteContext ctx, TenantId tenant, string key, StoreCommit commit)
    {
        foreach (var id in commit.CancelJobs)
        {
            if (Bind(ctx.Command("DELETE FROM jobs WHERE tenant = $t AND job_id = $j AND instance_id = $i;"),
                ("$t", key), ("$j", id), ("$i", commit.InstanceId)).ExecuteNonQuery() != 1)
            {
                throw new StoreCommitRejectedException(tenant, commit.InstanceId, $"the instance has no job '{id}' to cancel.");
            }
        }

        foreach (var completion in commit.CompleteJobs)
        {
            string? owner = null;
            string? token = null;
            using (var reader = Bind(ctx.Command("SELECT instance_id, lease_token FROM jobs WHERE tenant = $t AND job_id = $j;"),
                ("$t", key), ("$j", completion.JobId)).ExecuteReader())
            {
                if (reader.Read())
                {
                    owner = reader.GetString(0);
                    token = reader.IsDBNull(1) ? null : reader.GetString(1);
                }
            }

            if (token is null || token != completion.LeaseToken)
            {
                throw new JobLeaseLostException(tenant, completion.JobId);
            }

            // A process-level job (instance '') is a timer start event: its firing is the commit that creates an instance.
            if (owner != commit.InstanceId && owner!.Length != 0)
            {
                throw new StoreCommitRejectedException(tenant, commit.InstanceId, $"job '{completion.JobId}' belongs to another instance.");
            }

            FinishJob(ctx, key, completion);
        }

        foreach (var job in commit.ScheduleJobs)
        {
            // One statement inserts a new job or replaces this instance's job of the same id; a job of another
            // instance matches the conflict but not the WHERE, so nothing changes and the commit is rejected.
            var changed = Bind(ctx.Command(
                    "INSERT INTO jobs (tenant, job_id, instance_id, kind, element_id, due_at, payload, attempts) VALUES ($t, $j, $i, $k, $e, $d, $p, 0) " +
                    "ON CONFLICT (tenant, job_id) DO UPDATE SET kind = excluded.kind, element_id = excluded.element_id, due_at = excluded.due_at, " +
                    "payload = excluded.payload, lease_token = NULL, lease_expires_at = NULL WHERE instance_id = excluded.instance_id;"),
                ("$t", key), ("$j", job.JobId), ("$i", commit.InstanceId), ("$k", job.Kind), ("$e", job.ElementId), ("$d", Ticks(job.DueAt)),
                ("$p", job.PayloadJson)).ExecuteNonQuery();
            RejectUnlessChanged(changed, tenant, commit, "job", job.JobId);
        }
    }

    private static void WriteTasks(SqliteWriteContext ctx, TenantId tenant, string key, StoreCommit commit)
    {
        foreach (var id in commit.RemoveTasks)
        {
            if (Bind(ctx.Command("DELETE FROM user_tasks WHERE tenant = $t AND task_id = $id AND instance_id = $i;"),
                ("$t", key), ("$id", id), ("$i", commit.InstanceId)).ExecuteNonQuery() != 1)
            {
                throw new StoreCommitRejectedException(tenant, commit.InstanceId, $"the instance has no task '{id}' to remove.");
            }
        }

        foreach (var task in commit.UpsertTasks)
        {
            var changed = Bind(ctx.Command(
                    "INSERT INTO user_tasks (tenant, task_id, instance_id, element_id, name, candidate_filter, assignee, state, created_at, due_at, form_key) " +
                    "VALUES ($t, $id, $i, $e, $n, $f, $a, $s, $c, $d, $fk) " +
                    "ON CONFLICT (tenant, task_id) DO UPDATE SET element_id = excluded.element_id, name = excluded.name, " +
                    "candidate_filter = excluded.candidate_filter, assignee = excluded.assignee, state = excluded.state, created_at = excluded.created_at, " +
                    "due_at = excluded.due_at, form_key = excluded.form_key WHERE instance_id = excluded.instance_id;"),
                ("$t", key), ("$id", task.TaskId), ("$i", commit.InstanceId), ("$e", task.ElementId), ("$n", task.Name), ("$f", task.CandidateFilter),
                ("$a", task.Assignee), ("$s", (int)task.State), ("$c", Ticks(task.CreatedAt)), ("$d", task.DueAt is { } due ? Ticks(due) : null),
                ("$fk", task.FormKey)).ExecuteNonQuery();
            RejectUnlessChanged(changed, tenant, commit, "task", task.TaskId);
        }
    }

    private static void WriteSubscriptions(SqliteWriteContext ctx, TenantId tenant, string key, StoreCommit commit)
    {
        foreach (var id in commit.RemoveSubscriptions)
        {
            if (Bind(ctx.Command("DELETE FROM message_subscriptions WHERE tenant = $t AND subscription_id = $id AND instance_id = $i;"),
                ("$t", key), ("$id", id), ("$i", commit.InstanceId)).ExecuteNonQuery() != 1)
            {
                throw new StoreCommitRejectedException(tenant, commit.InstanceId, $"the instance has no subscription '{id}' to remove.");
            }
        }

        foreach (var s in commit.UpsertSubscriptions)
        {
            var changed = Bind(ctx.Command(
                    "INSERT INTO message_subscriptions (tenant, subscription_id, instance_id, message_name, correlation_key, element_id) " +
                    "VALUES ($t, $id, $i, $m, $k, $e) " +
                    "ON CONFLICT (tenant, subscription_id) DO UPDATE SET message_name = excluded.message_name, " +
                    "correlation_key = excluded.correlation_key, element_id = excluded.element_id WHERE instance_id = excluded.instance_id;"),
                ("$t", key), ("$id", s.SubscriptionId), ("$i", commit.InstanceId), ("$m", s.MessageName), ("$k", s.CorrelationKey), ("$e", s.ElementId))
                .ExecuteNonQuery();
            RejectUnlessChanged(changed, tenant, commit, "subscription", s.SubscriptionId);
        }
    }

    private static void RejectUnlessChanged(int changed, TenantId tenant, StoreCommit commit, string what, string id)
    {
        if (changed != 1)
        {
            throw new StoreCommitRejectedException(tenant, commit.InstanceId, $"{what} '{id}' belongs to another instance.");
        }
    }

    private IReadOnlyList<ClaimedJob> Claim(SqliteWriteContext ctx, string key, int maxCount, TimeSpan leaseDuration)
    {
        var now = _time.GetUtcNow();
        var jobs = new List<JobRecord>();
        using (var reader = Bind(ctx.Command(
                $"SELECT {JobColumns} FROM jobs WHERE tenant = $t AND due_at <= $now AND (lease_expires_at IS NULL OR lease_expires_at <= $now) " +
                "ORDER BY due_at, job_id LIMIT $n;"),
            ("$t", key), ("$now", Ticks(now)), ("$n", maxCount)).ExecuteReader())
        {
            while (reader.Read())
            {
                jobs.Add(ReadJob(reader));
            }
        }

        var expires = now + leaseDuration;
        var claimed = new List<ClaimedJob>(jobs.Count);
        foreach (var job in jobs)
        {
            var token = Guid.NewGuid().ToString("N");
            Bind(ctx.Command("UPDATE jobs SET lease_token = $l, lease_expires_at = $x WHERE tenant = $t AND job_id = $j;"),
                ("$l", token), ("$x", Ticks(expires)), ("$t", key), ("$j", job.JobId)).ExecuteNonQuery();
            claimed.Add(new ClaimedJob(job with { LeaseExpiresAt = expires }, token, expires));
        }

        return claimed;
    }
}
