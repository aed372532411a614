using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Access;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Forms;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

public sealed partial class WorkflowEngine
{
    /// <summary>
    /// The open and claimed tasks of the tenant that the actor may act on: its candidate filter matches the actor's
    /// attributes now, and the task is not claimed by someone else.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="actorId">The actor, resolved to attributes through the host's <see cref="IPrincipalResolver"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<IReadOnlyList<WorkflowTask>> ListTasksAsync(TenantId tenant, string actorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actorId);
        var attributes = await _principals.ResolveAsync(tenant, actorId, cancellationToken).ConfigureAwait(false);
        // The bundle of each row's instance; the last one is kept aside, as consecutive rows often share an instance
        // and a typical list has few rows (no dictionary until a second instance appears).
        Dictionary<string, DeployedBundle>? bundles = null;
        string? lastInstance = null;
        DeployedBundle? lastBundle = null;
        var result = new List<WorkflowTask>();
        string? after = null;
        while (true)
        {
            var query = after is null ? FirstWaitingPage : FirstWaitingPage with { AfterTaskId = after };
            var page = await _store.QueryUserTasksAsync(tenant, query, cancellationToken).ConfigureAwait(false);
            foreach (var row in page)
            {
                var task = row.Task;
                if (task.Assignee is not null && task.Assignee != actorId)
                {
                    continue;
                }

                DeployedBundle? bundle;
                if (row.InstanceId == lastInstance)
                {
                    bundle = lastBundle!;
                }
                else if (bundles is null || !bundles.TryGetValue(row.InstanceId, out bundle))
                {
                    var record = await _store.GetInstanceAsync(tenant, row.InstanceId, cancellationToken).ConfigureAwait(false);
                    if (record is null)
                    {
                        continue;
                    }

                    bundle = await BundleAsync(tenant, record.BundleHash, cancellationToken).ConfigureAwait(false);
                    if (lastInstance is not null)
                    {
                        (bundles ??= new(StringComparer.Ordinal))[lastInstance] = lastBundle!;
                    }

                    (lastInstance, lastBundle) = (row.InstanceId, bundle);
                }

                if (FilterOf(bundle, task.ElementId, task.CandidateFilter).IsSatisfiedBy(bundle.Principal(attributes)))
                {
                    result.Add(ToTask(row));
                }
            }

            if (page.Count < 1000)
            {
                return result;
            }

            after = page[^1].Task.TaskId;
        }
    }

    /// <summary>The first page of a tenant's open and claimed tasks (immutable, so one for every listing).</summary>
    private static readonly UserTaskQuery FirstWaitingPage = new([UserTaskState.Open, UserTaskState.Claimed], Limit: 1000);

    /// <summary>An open or claimed task, whoever may act on it (completed tasks leave the index; their record is the history).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="TaskNotFoundException">The tenant has no such open or claimed task.</exception>
    public async Task<WorkflowTask> GetTaskAsync(TenantId tenant, string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        var row = await _store.GetUserTaskAsync(tenant, taskId, cancellationToken).ConfigureAwait(false)
            ?? throw new TaskNotFoundException(tenant, taskId);
        return ToTask(row);
    }

    /// <summary>
    /// The form a task shows, for an actor who may act on it now: the form-js schema of the deployment the instance
    /// runs and the instance's variables to pre-fill it. The same check as claiming: the actor must match the task's
    /// candidate filter now, and no other actor may hold the claim.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="actorId">The actor.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="TaskNotFoundException">The tenant has no such task.</exception>
    /// <exception cref="TaskAlreadyCompletedException">The task is completed.</exception>
    /// <exception cref="TaskNotAuthorizedException">The actor may not act on the task.</exception>
    public async Task<WorkflowTaskForm> GetTaskFormAsync(TenantId tenant, string taskId, string actorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        ArgumentNullException.ThrowIfNull(actorId);
        var row = await RequireOpenTaskAsync(tenant, taskId, cancellationToken).ConfigureAwait(false);
        var loaded = await LoadAsync(tenant, row.InstanceId, cancellationToken).ConfigureAwait(false);
        await AuthorizeAsync(tenant, loaded.Bundle, FilterOf(loaded.Bundle, row.Task.ElementId, row.Task.CandidateFilter), row, actorId, cancellationToken).ConfigureAwait(false);
        var data = VariablesOf(loaded.State);
        if (!loaded.Process.UserTasks.TryGetValue(row.Task.ElementId, out var plan) || plan.Form is not { } form)
        {
            return new WorkflowTaskForm(ToTask(row), null, null, data);
        }

        var artifact = await _store.GetArtifactAsync(tenant, form.ArtifactHash, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The form '{form.Key}' of task '{taskId}' is missing from the store although its deployment names it.");
        var schema = JsonNode.Parse(artifact.Content.Span)?.AsObject()
            ?? throw new InvalidOperationException($"The stored form '{form.Key}' of task '{taskId}' is not a JSON object.");
        return new WorkflowTaskForm(ToTask(row), form.Key, schema, data);
    }

    /// <summary>Claims an open task for the actor, after checking its candidate filter against the actor's attributes now.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="actorId">The actor.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <exception cref="TaskNotFoundException">The tenant has no such task.</exception>
    /// <exception cref="TaskAlreadyCompletedException">The task is completed.</exception>
    /// <exception cref="TaskNotAuthorizedException">The actor does not match the filter, or another actor holds the claim.</exception>
    public Task ClaimTaskAsync(TenantId tenant, string taskId, string actorId, CancellationToken cancellationToken) =>
        ChangeClaimAsync(tenant, taskId, actorId, claim: true, cancellationToken);

    /// <summary>Gives a claimed task back to its candidates; only the actor holding the claim may.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="actorId">The actor holding the claim.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <exception cref="TaskNotFoundException">The tenant has no such task.</exception>
    /// <exception cref="TaskAlreadyCompletedException">The task is completed.</exception>
    /// <exception cref="TaskNotAuthorizedException">The task is not claimed by the actor.</exception>
    public Task UnclaimTaskAsync(TenantId tenant, string taskId, string actorId, CancellationToken cancellationToken) =>
        ChangeClaimAsync(tenant, taskId, actorId, claim: false, cancellationToken);

    /// <summary>
    /// Completes a task: checks the actor against the candidate filter now (and the claim), validates the submission
    /// against the task's form (declarative rules, then the custom validator), merges the cleaned data into the
    /// instance variables and runs the instance on, all in one commit. A refused completion changes nothing.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="actorId">The actor.</param>
    /// <param name="submission">The form data (or, for a task without a form, the variables to set); may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <exception cref="TaskNotFoundException">The tenant has no such task.</exception>
    /// <exception cref="TaskAlreadyCompletedException">The task is already completed.</exception>
    /// <exception cref="TaskNotAuthorizedException">The actor may not complete it.</exception>
    /// <exception cref="TaskSubmissionInvalidException">The submission does not satisfy the form.</exception>
    /// <exception cref="FormDataException">The submission cannot be bound to the form, or holds text that is not valid Unicode (an escape of half a surrogate pair); its path is named.</exception>
    /// <exception cref="ConcurrencyConflictException">The instance kept changing under the command beyond the retry budget.</exception>
    public async Task CompleteTaskAsync(TenantId tenant, string taskId, string actorId, JsonObject? submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        ArgumentNullException.ThrowIfNull(actorId);
        // A private copy, parsed once: forms read their fields from it without building nodes.
        var submitted = ToElement(submission);
        var row = await RequireOpenTaskAsync(tenant, taskId, cancellationToken).ConfigureAwait(false);
        await RunAsync(
            tenant, row.InstanceId, "task-completed", new Completion(this, tenant, taskId, actorId, submitted),
            static (loaded, c, ct) => c.Engine.DecideCompletionAsync(loaded, c, ct), cancellationToken).ConfigureAwait(false);
        _telemetry.TaskCompleted();
    }

    /// <summary>What <see cref="CompleteTaskAsync"/> hands its decision (the engine included, so the decision needs no closure).</summary>
    private readonly record struct Completion(WorkflowEngine Engine, TenantId Tenant, string TaskId, string ActorId, JsonElement? Submitted);

    /// <summary>The decision of a task completion on the loaded instance (re-run on a version conflict).</summary>
    private async ValueTask<(Plan Plan, bool Value)> DecideCompletionAsync(Loaded loaded, Completion c, CancellationToken cancellationToken)
    {
        var current = await RequireOpenTaskAsync(c.Tenant, c.TaskId, cancellationToken).ConfigureAwait(false);
        var execution = RequireWaiting(loaded, current, c.TaskId);
        var plan = loaded.Process.UserTasks[current.Task.ElementId];
        await AuthorizeAsync(c.Tenant, loaded.Bundle, FilterOf(loaded.Bundle, current.Task.ElementId, current.Task.CandidateFilter), current, c.ActorId, cancellationToken).ConfigureAwait(false);
        JsonObject? data = null;
        string? formHash = null;
        Dictionary<string, JsonElement>? variables = null;
        JsonElement? written = null;
        FormValidationResult? validated = null;
        if (plan.Form is { } form)
        {
            var validation = await form.Validator.ValidateAsync(c.Submitted ?? default, _formScripts, cancellationToken).ConfigureAwait(false);
            if (!validation.IsValid)
            {
                throw new TaskSubmissionInvalidException(c.TaskId, form.Key, validation.Errors);
            }

            // Values kept as the submitted elements are the variables and the payload's data as they are (no data object).
            if (validation.Elements is { } elements)
            {
                variables = ToVariables(elements);
                validated = validation;
            }
            else
            {
                data = validation.DataUnsafe; // read only from here on: variables and the history payload
            }

            formHash = form.ArtifactHash;
        }
        else
        {
            data = c.Submitted is { } element ? JsonObject.Create(element) : null;
        }

        var now = _time.GetUtcNow();
        variables ??= ToVariables(data, out written);
        var command = new CompleteTask(current.Task.ElementId, variables) { At = now, ExecutionId = execution };
        var step = Apply(loaded.Bundle, loaded.Process, loaded.State, command, out var decisions);
        var result = new Plan { State = step.State, At = now };
        result.AddEvents(HistoryOf(loaded.Bundle, loaded.Process, "task-completed", c.ActorId,
            [new("taskId", c.TaskId), new("element", current.Task.ElementId)], data, step, decisions, formHash, now, written,
            ownElements: true, validated)); // the data's parsed values come from ToElement, this engine's writer
        return (result, true);
    }

    private async Task ChangeClaimAsync(TenantId tenant, string taskId, string actorId, bool claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        ArgumentNullException.ThrowIfNull(actorId);
        var row = await RequireOpenTaskAsync(tenant, taskId, cancellationToken).ConfigureAwait(false);
        var type = claim ? "task-claimed" : "task-unclaimed";
        await RunAsync(tenant, row.InstanceId, type, async (loaded, ct) =>
        {
            var current = await RequireOpenTaskAsync(tenant, taskId, ct).ConfigureAwait(false);
            RequireWaiting(loaded, current, taskId);
            if (claim)
            {
                await AuthorizeAsync(tenant, loaded.Bundle, FilterOf(loaded.Bundle, current.Task.ElementId, current.Task.CandidateFilter), current, actorId, ct).ConfigureAwait(false);
            }
            else if (current.Task.Assignee != actorId)
            {
                throw new TaskNotAuthorizedException(taskId, actorId, current.Task.Assignee is null ? "the task is not claimed." : "another actor holds the claim.");
            }

            var result = new Plan { State = loaded.State, StateChanged = false };
            result.ExtraTaskRows.Add(current.Task with
            {
                Assignee = claim ? actorId : null,
                State = claim ? UserTaskState.Claimed : UserTaskState.Open,
            });
            result.AddEvents(HistoryOf(loaded.Bundle, loaded.Process, type, actorId, [new("taskId", taskId)], null, null, null, null, _time.GetUtcNow()));
            return (result, true);
        }, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<UserTaskRecord> RequireOpenTaskAsync(TenantId tenant, string taskId, CancellationToken cancellationToken)
    {
        // A store that answers at once (the in-memory one) with an open row needs no state machine.
        var read = _store.GetUserTaskAsync(tenant, taskId, cancellationToken);
        return read.IsCompletedSuccessfully && read.Result is { } row && row.Task.State != UserTaskState.Completed
            ? ValueTask.FromResult(row)
            : RequireOpenTaskAsync(read, tenant, taskId, cancellationToken);
    }

    private async ValueTask<UserTaskRecord> RequireOpenTaskAsync(Task<UserTaskRecord?> read, TenantId tenant, string taskId, CancellationToken cancellationToken)
    {
        var row = await read.ConfigureAwait(false);
        if (row is not null)
        {
            return row.Task.State == UserTaskState.Completed ? throw new TaskAlreadyCompletedException(taskId) : row;
        }

        // The index keeps only open and claimed tasks (so listing stays proportional to the work waiting). A
        // completed task is told apart from a missing one by its instance's history; this is the refusal path only.
        var separator = taskId.LastIndexOf(".t", StringComparison.Ordinal);
        if (separator > 0)
        {
            var history = await _store.ReadHistoryAsync(tenant, taskId[..separator], cancellationToken).ConfigureAwait(false);
            if (history is not null && history.Events.Any(e => e.Type == "task-completed" && CompletedTaskIdOf(e.PayloadJson) == taskId))
            {
                throw new TaskAlreadyCompletedException(taskId);
            }
        }

        throw new TaskNotFoundException(tenant, taskId);
    }

    private static string? CompletedTaskIdOf(string payloadJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(payloadJson);
        return document.RootElement.TryGetProperty("taskId", out var id) ? id.GetString() : null;
    }

    /// <summary>The execution that waits at the task, from the loaded state (the authority over the index row).</summary>
    private static int RequireWaiting(Loaded loaded, UserTaskRecord row, string taskId)
    {
        EnsureActive(loaded);
        foreach (var e in loaded.State.Executions)
        {
            if (e.Phase == "waiting" && e.ElementId == row.Task.ElementId && WaitSet.IsTaskId(taskId, loaded.Record.InstanceId, e.Id))
            {
                return e.Id;
            }
        }

        throw new TaskAlreadyCompletedException(taskId);
    }

    private ValueTask AuthorizeAsync(TenantId tenant, DeployedBundle bundle, CompiledLdapFilter filter, UserTaskRecord row, string actorId, CancellationToken cancellationToken)
    {
        if (row.Task.Assignee is not null && row.Task.Assignee != actorId)
        {
            throw new TaskNotAuthorizedException(row.Task.TaskId, actorId, "another actor holds the claim.");
        }

        // A resolver that answers at once needs no state machine.
        var resolving = _principals.ResolveAsync(tenant, actorId, cancellationToken);
        if (resolving.IsCompletedSuccessfully)
        {
            Authorize(bundle, filter, row, actorId, resolving.Result);
            return ValueTask.CompletedTask;
        }

        return AuthorizeAsync(resolving, bundle, filter, row, actorId);
    }

    private static async ValueTask AuthorizeAsync(ValueTask<PrincipalAttributes> resolving, DeployedBundle bundle, CompiledLdapFilter filter, UserTaskRecord row, string actorId) =>
        Authorize(bundle, filter, row, actorId, await resolving.ConfigureAwait(false));

    private static void Authorize(DeployedBundle bundle, CompiledLdapFilter filter, UserTaskRecord row, string actorId, PrincipalAttributes attributes)
    {
        if (!filter.IsSatisfiedBy(bundle.Principal(attributes)))
        {
            throw new TaskNotAuthorizedException(row.Task.TaskId, actorId, $"the actor's attributes do not match the candidate filter {row.Task.CandidateFilter}.");
        }
    }

    private static CompiledLdapFilter FilterOf(DeployedBundle bundle, string elementId, string filterText) => bundle.Filter(elementId, filterText);

    private static WorkflowTask ToTask(UserTaskRecord row) => new(
        row.Task.TaskId, row.InstanceId, row.Task.ElementId, row.Task.Name, row.Task.FormKey, row.Task.CandidateFilter, row.Task.Assignee, row.Task.State, row.Task.CreatedAt);
}
