using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ocap.Workflow.Access;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Forms;
using Ocap.Workflow.History;
using Ocap.Workflow.Sandbox;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Telemetry;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

/// <summary>
/// The engine a host calls: deploy bundles, start and steer instances, list, claim and complete user tasks, run
/// due jobs, read and verify history. Every call names its tenant; another tenant's ids are "not found", exactly
/// like ids that do not exist. Every command loads the instance and its version, steps the pure interpreter and
/// writes everything it changed in one <see cref="IWorkflowStore.CommitAsync"/>; when another command committed
/// the instance first, the command is re-run (up to <see cref="WorkflowEngineOptions.MaxConflictRetries"/> times)
/// and then refused with <see cref="ConcurrencyConflictException"/>. See <c>docs/adr/0007-runtime-commands.md</c>.
/// </summary>
/// <remarks>Thread-safe; create one per host (the DI registration does).</remarks>
public sealed partial class WorkflowEngine : IDisposable
{
    private readonly IWorkflowStore _store;
    private readonly IPrincipalResolver _principals;
    private readonly WorkflowEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WorkflowTelemetry _telemetry = new();
    private readonly Dictionary<string, ServiceTaskRegistration> _handlers = new(StringComparer.Ordinal);
    private readonly BundleCompiler _compiler;
    private readonly IFormScriptValidator? _formScripts;
    private readonly TenantSandboxes _sandboxes;
    private readonly ConcurrentDictionary<(TenantId Tenant, string BundleHash), DeployedBundle> _bundles = new();
    private readonly JsonScratch.Pool _json = new();
    private readonly RandomIds _ids = new();

    /// <summary>Creates an engine.</summary>
    /// <param name="store">Where deployments, instances, history and jobs live.</param>
    /// <param name="principals">Turns an actor id into the attributes candidate filters are checked against.</param>
    /// <param name="options">Settings (validated here); defaults when <see langword="null"/>.</param>
    /// <param name="serviceTasks">Service task handlers by type; a type may be registered once.</param>
    /// <param name="schema">The attribute schema filters are compiled with (bundles may add to it); <see cref="AttributeSchema.Default"/> when <see langword="null"/>.</param>
    /// <param name="formScripts">
    /// Runs forms' custom JavaScript validators; when <see langword="null"/> they run in the tenant's sandbox, with the
    /// capabilities granted to the tenant (<see cref="WorkflowEngineOptions.GrantCapability"/>).
    /// </param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range, or a task type is registered twice.</exception>
    public WorkflowEngine(
        IWorkflowStore store,
        IPrincipalResolver principals,
        WorkflowEngineOptions? options = null,
        IEnumerable<ServiceTaskRegistration>? serviceTasks = null,
        AttributeSchema? schema = null,
        IFormScriptValidator? formScripts = null,
        TimeProvider? timeProvider = null,
        ILogger<WorkflowEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(principals);
        _options = options ?? new WorkflowEngineOptions();
        _options.Validate();
        foreach (var registration in serviceTasks ?? [])
        {
            ArgumentNullException.ThrowIfNull(registration, nameof(serviceTasks));
            ArgumentException.ThrowIfNullOrEmpty(registration.TaskType, nameof(serviceTasks));
            ArgumentNullException.ThrowIfNull(registration.Handler, nameof(serviceTasks));
            ArgumentNullException.ThrowIfNull(registration.Retry, nameof(serviceTasks));
            registration.Retry.Validate($"service task type '{registration.TaskType}'");
            if (!_handlers.TryAdd(registration.TaskType, registration))
            {
                throw new ArgumentException($"Service task type '{registration.TaskType}' has two handlers; register one.", nameof(serviceTasks));
            }
        }

        _store = store;
        _principals = principals;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _sandboxes = new TenantSandboxes(_options, _time);
        var bundleForms = new BundleFormScripts();
        _formScripts = formScripts ?? bundleForms;
        _compiler = new BundleCompiler(_options, schema ?? AttributeSchema.Default, _handlers, formScripts, _telemetry, _sandboxes, bundleForms, _time);
    }

    /// <summary>
    /// Validates a bundle as a whole and stores it content-addressed. Deploying the same bytes under the same names
    /// again returns the existing versions (<see cref="DeploymentRecord.Created"/> is <see langword="false"/>); a new
    /// bundle gives each of its processes the next version of its key. Running instances keep their version.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="artifacts">The bundle's BPMN files, forms, script modules and attribute-schema additions.</param>
    /// <param name="cancellationToken">Cancels before the bundle is stored.</param>
    /// <exception cref="WorkflowDeploymentException">Anything in the bundle is invalid or missing; every problem is listed.</exception>
    public async Task<DeploymentRecord> DeployAsync(TenantId tenant, IReadOnlyList<DeploymentArtifact> artifacts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        using var activity = _telemetry.StartCommand("deploy");
        var provisional = new DeploymentBundle(artifacts, []);
        var (compiled, processes) = _compiler.Compile(tenant, provisional.Hash, provisional.Artifacts);
        var bundle = new DeploymentBundle(artifacts, await StartTriggersAsync(tenant, compiled, processes, cancellationToken).ConfigureAwait(false));
        var record = await _store.DeployAsync(tenant, bundle, cancellationToken).ConfigureAwait(false);
        _bundles.TryAdd((tenant, bundle.Hash), new DeployedBundle(bundle.Hash, compiled.Schema, compiled.Scripts, compiled.Modules, compiled.Processes));
        WorkflowLog.BundleDeployed(_logger, tenant.Value, bundle.Hash, record.Created);
        return record;
    }

    /// <summary>The engine's tenant sandboxes (one per tenant, shared by the tenant's bundles).</summary>
    internal TenantSandboxes Sandboxes => _sandboxes;

    /// <summary>Releases the engine's telemetry sources.</summary>
    public void Dispose() => _telemetry.Dispose();

    private ValueTask<DeployedBundle> BundleAsync(TenantId tenant, string bundleHash, CancellationToken cancellationToken)
    {
        // The store hands out the same hash string for every instance of a deployment: the bundle last found is
        // checked by that string's identity before the dictionary hashes its 64 characters.
        if (Volatile.Read(ref _lastBundle) is { } last && ReferenceEquals(last.Hash, bundleHash) && last.Tenant == tenant)
        {
            return ValueTask.FromResult(last.Bundle);
        }

        if (_bundles.TryGetValue((tenant, bundleHash), out var cached))
        {
            Volatile.Write(ref _lastBundle, new LastBundle(tenant, bundleHash, cached));
            return ValueTask.FromResult(cached);
        }

        return CompileBundleAsync(tenant, bundleHash, cancellationToken);
    }

    private sealed record LastBundle(TenantId Tenant, string Hash, DeployedBundle Bundle);

    private LastBundle? _lastBundle;

    private async ValueTask<DeployedBundle> CompileBundleAsync(TenantId tenant, string bundleHash, CancellationToken cancellationToken)
    {
        var deployment = await _store.GetDeploymentAsync(tenant, bundleHash, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Tenant '{tenant}' has no deployment '{bundleHash}' although an instance refers to it; the store is inconsistent.");
        var artifacts = new List<DeploymentArtifact>(deployment.Artifacts.Count);
        foreach (var a in deployment.Artifacts)
        {
            var stored = await _store.GetArtifactAsync(tenant, a.Hash, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Artifact '{a.Name}' ({a.Hash}) of deployment '{bundleHash}' is missing from the store.");
            var artifact = new DeploymentArtifact(a.Name, a.Kind, stored.Content.Span);
            if (artifact.Hash != a.Hash)
            {
                throw new InvalidOperationException($"Artifact '{a.Name}' of deployment '{bundleHash}' no longer hashes to {a.Hash}; the store was altered.");
            }

            artifacts.Add(artifact);
        }

        var compiled = _compiler.Compile(tenant, bundleHash, artifacts).Bundle;
        return _bundles.GetOrAdd((tenant, bundleHash), compiled);
    }

    /// <summary>The loaded instance a command works on.</summary>
    private sealed record Loaded(InstanceRecord Record, DeployedBundle Bundle, DeployedProcess Process, BpmnInstanceState State);

    /// <summary>What a command decided: the new state (or the same one), history and extra rows.</summary>
    private sealed class Plan
    {
        // Lists are made on first use: a typical command has one or two events and nothing else.
        private List<HistoryEventDraft>? _events;
        private List<UserTaskEntry>? _extraTaskRows;
        private List<JobCompletion>? _completeJobs;
        private List<JobSchedule>? _extraJobs;

        public required BpmnInstanceState State { get; init; }

        public bool StateChanged { get; init; } = true;

        public InstanceStatus? Status { get; init; }

        /// <summary>
        /// The time the command stepped the instance at, when it read one: the commit then dates its new task rows and
        /// jobs with it (the clock is read again only for commands that have no such time).
        /// </summary>
        public DateTimeOffset? At { get; init; }

        public List<HistoryEventDraft> Events => _events ??= [];

        public List<UserTaskEntry> ExtraTaskRows => _extraTaskRows ??= [];

        public List<JobCompletion> CompleteJobs => _completeJobs ??= [];

        public List<JobSchedule> ExtraJobs => _extraJobs ??= [];

        /// <summary>The events, without making a list when there are none.</summary>
        public IReadOnlyList<HistoryEventDraft> EventsOrEmpty => _events ?? (IReadOnlyList<HistoryEventDraft>)[];

        /// <summary>The extra task rows, without making a list when there are none.</summary>
        public IReadOnlyList<UserTaskEntry> ExtraTaskRowsOrEmpty => _extraTaskRows ?? (IReadOnlyList<UserTaskEntry>)[];

        /// <summary>The jobs to complete, without making a list when there are none.</summary>
        public IReadOnlyList<JobCompletion> CompleteJobsOrEmpty => _completeJobs ?? (IReadOnlyList<JobCompletion>)[];

        /// <summary>The extra jobs, without making a list when there are none.</summary>
        public IReadOnlyList<JobSchedule> ExtraJobsOrEmpty => _extraJobs ?? (IReadOnlyList<JobSchedule>)[];

        /// <summary>Buffered messages the step received (see <see cref="FinishStepAsync"/>); empty, without allocating, for most commands.</summary>
        public IReadOnlyList<string> ConsumeMessages { get; set; } = [];

        /// <summary>Whether the command decided to change nothing at all (then nothing is committed).</summary>
        public bool IsEmpty => !StateChanged && _events is not { Count: > 0 } && _extraTaskRows is not { Count: > 0 }
            && _completeJobs is not { Count: > 0 } && _extraJobs is not { Count: > 0 };

        /// <summary>Appends <paramref name="drafts"/> (a list the caller hands over: the first one is taken as it is).</summary>
        public void AddEvents(List<HistoryEventDraft> drafts)
        {
            if (_events is null)
            {
                _events = drafts;
            }
            else
            {
                _events.AddRange(drafts);
            }
        }
    }

    private ValueTask<Loaded> LoadAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        // A store that answers at once, for a bundle compiled already, needs no state machine.
        var read = _store.GetInstanceAsync(tenant, instanceId, cancellationToken);
        if (read.IsCompletedSuccessfully && read.Result is { } record)
        {
            var bundle = BundleAsync(tenant, record.BundleHash, cancellationToken);
            return bundle.IsCompletedSuccessfully ? ValueTask.FromResult(Load(instanceId, record, bundle.Result)) : LoadAsync(instanceId, record, bundle);
        }

        return LoadAsync(read, tenant, instanceId, cancellationToken);
    }

    private async ValueTask<Loaded> LoadAsync(Task<InstanceRecord?> read, TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        var record = await read.ConfigureAwait(false) ?? throw new InstanceNotFoundException(tenant, instanceId);
        return Load(instanceId, record, await BundleAsync(tenant, record.BundleHash, cancellationToken).ConfigureAwait(false));
    }

    private static async ValueTask<Loaded> LoadAsync(string instanceId, InstanceRecord record, ValueTask<DeployedBundle> bundle) =>
        Load(instanceId, record, await bundle.ConfigureAwait(false));

    private static Loaded Load(string instanceId, InstanceRecord record, DeployedBundle bundle)
    {
        if (!bundle.Processes.TryGetValue(record.ProcessKey, out var process))
        {
            throw new InvalidOperationException($"Deployment '{record.BundleHash}' has no process '{record.ProcessKey}' although instance '{instanceId}' runs it.");
        }

        // The in-memory store hands back the state object the last command committed (see LiveState); any other
        // store's text is parsed.
        return new Loaded(record, bundle, process, record.Live?.State ?? BpmnInstanceState.FromJson(record.StateJson));
    }

    /// <summary>
    /// Runs one command on an existing instance: load, decide, commit; re-run on a version conflict. The decision
    /// function may throw a typed refusal, in which case nothing is written.
    /// </summary>
    private ValueTask<(Loaded Before, CommitResult? Result, T Value)> RunAsync<T>(
        TenantId tenant,
        string instanceId,
        string command,
        Func<Loaded, CancellationToken, ValueTask<(Plan Plan, T Value)>> decide,
        CancellationToken cancellationToken) =>
        RunAsync(tenant, instanceId, command, decide, static (loaded, decide, ct) => decide(loaded, ct), cancellationToken);

    /// <summary>
    /// <see cref="RunAsync{T}(TenantId, string, string, Func{Loaded, CancellationToken, ValueTask{ValueTuple{Plan, T}}}, CancellationToken)"/>
    /// with the decision's inputs handed in as <paramref name="state"/>, so a static decision function allocates no closure.
    /// </summary>
    private async ValueTask<(Loaded Before, CommitResult? Result, T Value)> RunAsync<TState, T>(
        TenantId tenant,
        string instanceId,
        string command,
        TState state,
        Func<Loaded, TState, CancellationToken, ValueTask<(Plan Plan, T Value)>> decide,
        CancellationToken cancellationToken)
    {
        using var activity = _telemetry.StartCommand(command);
        activity?.SetTag("ocap.tenant", tenant.Value);
        activity?.SetTag("ocap.instance", instanceId);
        for (var attempt = 0; ; attempt++)
        {
            var loaded = await LoadAsync(tenant, instanceId, cancellationToken).ConfigureAwait(false);
            var (plan, value) = await decide(loaded, state, cancellationToken).ConfigureAwait(false);
            if (plan.IsEmpty)
            {
                return (loaded, null, value);
            }

            plan = await FinishStepAsync(tenant, loaded.Bundle, loaded.Process, loaded.State, plan, cancellationToken).ConfigureAwait(false);
            var commit = BuildCommit(loaded, plan);
            try
            {
                var result = await _store.CommitAsync(tenant, commit, cancellationToken).ConfigureAwait(false);
                if (loaded.Record.Status == InstanceStatus.Active && commit.Status == InstanceStatus.Completed)
                {
                    _telemetry.InstanceCompleted();
                }

                return (loaded, result, value);
            }
            catch (ConcurrencyConflictException) when (attempt < _options.MaxConflictRetries)
            {
                _telemetry.Conflict();
                WorkflowLog.CommandConflict(_logger, command, tenant.Value, instanceId, attempt + 1);
            }
        }
    }

    private StoreCommit BuildCommit(Loaded loaded, Plan plan)
    {
        var id = loaded.Record.InstanceId;
        var now = plan.At ?? _time.GetUtcNow();
        var status = plan.Status ?? StatusOf(plan.State);
        var live = plan.StateChanged ? new LiveState(plan.State) : loaded.Record.Live;
        var before = WaitSet.Of(id, loaded.State, loaded.Process, now);
        var after = plan.StateChanged ? WaitSet.Of(id, plan.State, loaded.Process, now) : before;
        var (upsertTasks, removeTasks, schedule, cancel, upsertSubs, removeSubs) = Diff(id, loaded.Process, before, after, plan, now, _options);
        return new StoreCommit(id, loaded.Record.Version, null, status, live, live is null ? loaded.Record.StateJson : null)
        {
            Events = plan.EventsOrEmpty,
            UpsertTasks = upsertTasks,
            RemoveTasks = removeTasks,
            ScheduleJobs = schedule,
            CancelJobs = cancel,
            CompleteJobs = plan.CompleteJobsOrEmpty,
            UpsertSubscriptions = upsertSubs,
            RemoveSubscriptions = removeSubs,
            ConsumeMessages = plan.ConsumeMessages,
        };
    }

    private static (IReadOnlyList<UserTaskEntry>, IReadOnlyList<string>, IReadOnlyList<JobSchedule>, IReadOnlyList<string>, IReadOnlyList<MessageSubscription>, IReadOnlyList<string>) Diff(
        string instanceId, DeployedProcess process, WaitSet? before, WaitSet after, Plan plan, DateTimeOffset now, WorkflowEngineOptions options)
    {
        // Lists are made only when something goes in them: a typical command adds or removes one task row and nothing else.
        List<UserTaskEntry>? upsertTasks = plan.ExtraTaskRowsOrEmpty.Count == 0 ? null : [.. plan.ExtraTaskRowsOrEmpty];
        List<string>? removeTasks = null;
        if (after.Tasks is { } afterTasks)
        {
            foreach (var (executionId, elementId, assignment) in afterTasks)
            {
                if (before is null || !before.HasTask(executionId))
                {
                    var user = process.UserTasks[elementId];
                    var filter = user.FilterText ?? EvaluatedFilter(elementId, assignment, options);
                    (upsertTasks ??= []).Add(new UserTaskEntry(WaitSet.TaskId(instanceId, executionId), elementId, user.Name, filter, null, UserTaskState.Open, now, null, user.Form?.Key));
                }
            }
        }

        if (before?.Tasks is { } beforeTasks)
        {
            foreach (var task in beforeTasks)
            {
                if (!after.HasTask(task.ExecutionId))
                {
                    (removeTasks ??= []).Add(WaitSet.TaskId(instanceId, task.ExecutionId));
                }
            }
        }

        // Most commands complete and add no job: no sets to build then.
        var completed = plan.CompleteJobsOrEmpty.Count == 0 ? NoIds : plan.CompleteJobsOrEmpty.Select(c => c.JobId).ToHashSet(StringComparer.Ordinal);
        var extra = plan.ExtraJobsOrEmpty.Count == 0 ? NoIds : plan.ExtraJobsOrEmpty.Select(j => j.JobId).ToHashSet(StringComparer.Ordinal);
        List<JobSchedule>? schedule = plan.ExtraJobsOrEmpty.Count == 0 ? null : [.. plan.ExtraJobsOrEmpty];
        List<string>? cancel = null;
        if (after.Jobs is { } afterJobs)
        {
            foreach (var (jobId, job) in afterJobs)
            {
                if ((before is null || !before.HasJob(jobId)) && !completed.Contains(jobId) && !extra.Contains(jobId))
                {
                    (schedule ??= []).Add(job);
                }
            }
        }

        if (before?.Jobs is { } beforeJobs)
        {
            foreach (var jobId in beforeJobs.Keys)
            {
                if (!after.HasJob(jobId) && !completed.Contains(jobId) && !extra.Contains(jobId))
                {
                    (cancel ??= []).Add(jobId);
                }
            }
        }

        List<MessageSubscription>? upsertSubs = null;
        List<string>? removeSubs = null;
        if (after.Subscriptions is { } afterSubs)
        {
            foreach (var (subId, sub) in afterSubs)
            {
                if (before is null || !before.HasSubscription(subId))
                {
                    (upsertSubs ??= []).Add(sub);
                }
            }
        }

        if (before?.Subscriptions is { } beforeSubs)
        {
            foreach (var subId in beforeSubs.Keys)
            {
                if (!after.HasSubscription(subId))
                {
                    (removeSubs ??= []).Add(subId);
                }
            }
        }

        return (
            upsertTasks ?? (IReadOnlyList<UserTaskEntry>)[],
            removeTasks ?? (IReadOnlyList<string>)[],
            schedule ?? (IReadOnlyList<JobSchedule>)[],
            cancel ?? (IReadOnlyList<string>)[],
            upsertSubs ?? (IReadOnlyList<MessageSubscription>)[],
            removeSubs ?? (IReadOnlyList<string>)[]);
    }

    /// <summary>
    /// The candidate filter of a task whose Camunda 8 assignment is FEEL, from the assignment the interpreter evaluated
    /// when it created the task (it raises an incident instead when the assignment names nobody).
    /// </summary>
    private static string EvaluatedFilter(string elementId, Bpmn.BpmnUserTaskInfo? assignment, WorkflowEngineOptions options)
    {
        if (assignment is null)
        {
            throw new InvalidOperationException($"User task '{elementId}' has a FEEL assignment, but the interpreter recorded no evaluated assignment for it.");
        }

        return CandidateFilters.Translate(assignment, options, out var problem, evaluated: true)
            ?? throw new InvalidOperationException($"User task '{elementId}': the evaluated assignment gives no candidate filter: {problem}");
    }

    private static readonly IReadOnlySet<string> NoIds = System.Collections.Frozen.FrozenSet<string>.Empty;

    private static InstanceStatus StatusOf(BpmnInstanceState state) =>
        state.Status == BpmnInstanceStatus.Active ? InstanceStatus.Active : InstanceStatus.Completed;

    /// <summary>The history events of one step: the command's own event, then one per script decision.</summary>
    private List<HistoryEventDraft> HistoryOf(
        DeployedBundle bundle, DeployedProcess process, string command, string actor, KeyValuePair<string, string?>[] fields,
        JsonObject? data, BpmnStepResult? step, List<ScriptDecision>? decisions, string? formHash, DateTimeOffset at, JsonElement? written = null,
        bool ownElements = false, FormValidationResult? validated = null)
    {
        var scratch = _json.Rent();
        var stepEvents = step?.Events ?? [];
        var hashes = process.ArtifactHashes(formHash);
        // The common payloads are put together in the scratch from bytes and the draft is made from there; a form's kept
        // values are written as they were parsed (the data object is built only when the payload needs the writer).
        var fromBytes = validated?.Elements is { } elements
            ? HistoryPayloads.TryCommandBytes(scratch, process, command, fields, null, stepEvents, null, true, elements)
            : HistoryPayloads.TryCommandBytes(scratch, process, command, fields, data, stepEvents, written, ownElements);
        if (!fromBytes)
        {
            HistoryPayloads.WriteCommandWithWriter(scratch, process, command, fields, data ?? validated?.DataUnsafe, stepEvents, written, ownElements);
        }

        var events = new List<HistoryEventDraft>(1 + (decisions?.Count ?? 0)) { Draft(process, scratch, command, at, actor, hashes) };
        if (decisions is not null)
        {
            foreach (var decision in decisions)
            {
                var expression = decision.Request.Expression;
                var source = expression.ModuleReference is { } module && bundle.Modules.TryGetValue(module, out var text) ? text : expression.Text;
                var scriptHash = bundle.ScriptHash(source);
                if (!HistoryPayloads.TryDecisionBytes(scratch, process, decision, scriptHash))
                {
                    HistoryPayloads.WriteDecisionWithWriter(scratch, process, decision, scriptHash);
                }

                events.Add(Draft(process, scratch, "script-decision", at, actor, process.ArtifactHashes(scriptHash)));
            }
        }

        _json.Return(scratch);
        return events;
    }

    /// <summary>
    /// A draft of the payload the scratch holds: when the writer marked a run that the process keeps (or now takes), the
    /// draft holds only the bytes around it and names the process's copy, so the run is neither copied nor kept twice.
    /// </summary>
    private static HistoryEventDraft Draft(DeployedProcess process, JsonScratch scratch, string type, DateTimeOffset at, string actor, string[] hashes)
    {
        var payload = scratch.Written;
        if (scratch.Marked is { } run && process.Share(payload.Slice(run.Start, run.Length)) is { } shared)
        {
            byte[] own = [.. payload[..run.Start], .. payload[(run.Start + run.Length)..]];
            return new HistoryEventDraft(type, at, actor, hashes, own, shared, run.Start);
        }

        return new HistoryEventDraft(type, at, actor, hashes, payload.ToArray());
    }

    /// <summary>Applies <paramref name="command"/> to <paramref name="state"/> while capturing the script decisions the step makes.</summary>
    private static BpmnStepResult Apply(DeployedBundle bundle, DeployedProcess process, BpmnInstanceState state, BpmnCommand command, out List<ScriptDecision>? decisions)
    {
        var recording = bundle.Scripts.BeginRecording();
        try
        {
            return process.Interpreter.Apply(state, command);
        }
        finally
        {
            decisions = RecordingScriptEvaluator.EndRecording(recording);
        }
    }

    /// <summary>Starts an instance of <paramref name="process"/> while capturing the script decisions the first step makes.</summary>
    private static BpmnStepResult Start(
        DeployedBundle bundle, DeployedProcess process, Dictionary<string, JsonElement>? variables, DateTimeOffset at, string? startEventId, out List<ScriptDecision>? decisions)
    {
        var recording = bundle.Scripts.BeginRecording();
        try
        {
            return process.Interpreter.Start(process.Key, variables, at, startEventId);
        }
        finally
        {
            decisions = RecordingScriptEvaluator.EndRecording(recording);
        }
    }

    private Dictionary<string, JsonElement>? ToVariables(JsonObject? data) => ToVariables(data, out _);

    /// <param name="data">The data.</param>
    /// <param name="written">The whole object as written and parsed, when it was (its raw bytes are what writing
    /// <paramref name="data"/> again gives); <see langword="null"/> when the values were taken as they were.</param>
    private Dictionary<string, JsonElement>? ToVariables(JsonObject? data, out JsonElement? written)
    {
        written = null;
        if (data is null)
        {
            return null;
        }

        // Values parsed from JSON (the normalized submission, what form cleanup kept as it was) already are elements:
        // take them as they are. Otherwise one write and one parse for the whole object (its property values then
        // share one document) instead of a serializer call per value; the elements are what serializing each value
        // alone would give.
        if (Parsed(data) is { } direct)
        {
            return direct;
        }

        var scratch = _json.Rent();
        JsonElement root;
        try
        {
            data.WriteTo(scratch.Begin());
            root = JsonElement.Parse(scratch.Written);
        }
        catch (InvalidOperationException) when (Forms.UnreadableText.Find(data) is { } unreadable)
        {
            throw new ArgumentException(Forms.UnreadableText.Describe("The variables", unreadable), nameof(data));
        }
        finally
        {
            _json.Return(scratch);
        }

        written = root;
        var variables = new Dictionary<string, JsonElement>(data.Count, StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            variables[property.Name] = property.Value;
        }

        return variables;
    }

    /// <summary>Variables from values that are parsed elements already (a form's kept values), in order.</summary>
    private static Dictionary<string, JsonElement> ToVariables(KeyValuePair<string, JsonElement>[] elements)
    {
        var variables = new Dictionary<string, JsonElement>(elements.Length, StringComparer.Ordinal);
        foreach (var (name, value) in elements)
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>The values as they are, when every one is a parsed element; otherwise <see langword="null"/>.</summary>
    private static Dictionary<string, JsonElement>? Parsed(JsonObject data)
    {
        var direct = new Dictionary<string, JsonElement>(data.Count, StringComparer.Ordinal);
        for (var i = 0; i < data.Count; i++)
        {
            var (name, node) = data.GetAt(i);
            // A parsed value is taken as it is, unless its text holds half a surrogate pair (then writing it refuses it).
            if (node is not JsonValue value || !value.TryGetValue<JsonElement>(out var element)
                || Forms.UnreadableText.HasUnpairedSurrogateEscape(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element)))
            {
                return null;
            }

            direct[name] = element;
        }

        return direct;
    }

    /// <summary>
    /// A private copy of caller data as parsed JSON: values built in code (a <see cref="decimal"/> in a
    /// <see cref="JsonValue"/>) become the JSON numbers form validation and scripts expect, and later changes to the
    /// caller's object cannot reach the command.
    /// </summary>
    /// <remarks>Nodes over <see cref="ToElement"/>'s copy: the same nodes as parsing <c>ToJsonString()</c>, without the string.</remarks>
    private JsonObject? Normalize(JsonObject? data) => ToElement(data) is { } element ? JsonObject.Create(element) : null;

    /// <summary>
    /// A private copy of caller data as one parsed JSON value (written as UTF-8 and parsed from the bytes), without
    /// nodes: what form validation reads, and what <see cref="Normalize"/> builds its nodes over.
    /// </summary>
    private JsonElement? ToElement(JsonObject? data)
    {
        if (data is null)
        {
            return null;
        }

        var scratch = _json.Rent();
        try
        {
            data.WriteTo(scratch.Begin());
            return JsonElement.Parse(scratch.Written);
        }
        catch (InvalidOperationException) when (Forms.UnreadableText.Find(data) is { } unreadable)
        {
            throw new Forms.FormDataException(unreadable, Forms.UnreadableText.Describe("The submitted data", unreadable));
        }
        finally
        {
            _json.Return(scratch);
        }
    }

    private static JsonObject Merge(JsonObject? first, JsonObject? second)
    {
        var merged = first is null ? new JsonObject() : (JsonObject)first.DeepClone();
        if (second is not null)
        {
            foreach (var (name, value) in second)
            {
                merged[name] = value?.DeepClone();
            }
        }

        return merged;
    }
}
