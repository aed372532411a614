using System.Text.Json;
using System.Text.Json.Nodes;
using ExpenseApproval.Access;
using ExpenseApproval.Payments;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace ExpenseApproval.Api;

/// <summary>
/// The sample's JSON API. Every request names its tenant and user in headers (<see cref="RequestPrincipal"/>);
/// the engine checks candidate filters against the user's attributes at the moment of each action. Any user of a
/// tenant may read that tenant's claims (a real host would narrow this); no one can read another tenant's.
/// </summary>
internal static class ClaimEndpoints
{
    public const string ProcessKey = "expense-claim";

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(string.Empty).AddEndpointFilter(WorkflowProblems.Filter);
        api.MapPost("/claims", StartClaimAsync);
        api.MapGet("/claims/{instanceId}", GetClaimAsync);
        api.MapGet("/claims/{instanceId}/history", GetHistoryAsync);
        api.MapGet("/claims/{instanceId}/verify", VerifyAsync);
        api.MapGet("/tasks", ListTasksAsync);
        api.MapGet("/tasks/{taskId}/form", GetTaskFormAsync);
        api.MapPost("/tasks/{taskId}/claim", ClaimTaskAsync);
        api.MapPost("/tasks/{taskId}/unclaim", UnclaimTaskAsync);
        api.MapPost("/tasks/{taskId}/complete", CompleteTaskAsync);
        api.MapGet("/payments", ListPayments);
    }

    /// <summary>Starts a claim with the submission form's data; the claimant is the calling user.</summary>
    private static async Task<IResult> StartClaimAsync(HttpContext http, WorkflowEngine engine, JobSettler settler, CancellationToken ct)
    {
        var who = RequestPrincipal.From(http);
        var form = await ReadObjectAsync(http, ct);
        var started = await engine.StartAsync(who.Tenant, new StartInstanceRequest(ProcessKey)
        {
            Variables = new JsonObject { ["claimant"] = who.User },
            StartFormData = form,
            ActorId = who.User,
        }, ct);
        await settler.SettleAsync(who.Tenant, started.InstanceId, ct);
        var view = await ViewAsync(engine, http, who.Tenant, started.InstanceId, ct);
        return Results.Created($"/claims/{started.InstanceId}", view);
    }

    private static async Task<IResult> GetClaimAsync(string instanceId, HttpContext http, WorkflowEngine engine, CancellationToken ct)
    {
        var who = RequestPrincipal.From(http);
        return Results.Ok(await ViewAsync(engine, http, who.Tenant, instanceId, ct));
    }

    private static async Task<IResult> GetHistoryAsync(string instanceId, HttpContext http, WorkflowEngine engine, CancellationToken ct)
    {
        var who = RequestPrincipal.From(http);
        var events = await engine.GetHistoryAsync(who.Tenant, instanceId, ct);
        return Results.Ok(events.Select(HistoryEventView.Of).ToList());
    }

    private static async Task<IResult> VerifyAsync(string instanceId, HttpContext http, WorkflowEngine engine, CancellationToken ct)
    {
        var who = RequestPrincipal.From(http);
        return Results.Ok(VerificationView.Of(await engine.VerifyHistoryAsync(who.Tenant, instanceId, ct)));
    }

    /// <summary>
    /// The open tasks whose candidate filter the user matches now, and the tasks the user claimed; with
    /// <c>?claim=ID</c>, only those of that claim.
    /// </summary>
    private static async Task<IResult> ListTasksAsync(HttpContext http, WorkflowEngine engine, string? claim, CancellationToken ct)
    {
        var who = RequestPrincipal.From(http);
        var tasks = await engine.ListTasksAsync(who.Tenant, who.User, ct);
        return Results.Ok(tasks.Where(t => claim is null || t.InstanceId == claim).Select(TaskView.Of).ToList());
    }

    /// <summary>The task's form and the claim's data; only for a user who may act on the task (403 otherwise).</summary>
    private static async Task<IResult> GetTaskFormAsync(string taskId, HttpContext http, WorkflowEngine engine, CancellationToken ct)
    {
        var who = RequestPrincipal.From(http);
        var form = await engine.GetTaskFormAsync(who.Tenant, taskId, who.User, ct);
        var formId = form.Schema?["id"]?.GetValue<string>() ?? form.FormKey;
        return Results.Ok(new TaskFormView(form.Task.TaskId, form.Task.InstanceId, form.Task.Name, formId, form.Schema, form.Data));
    }

    private static async Task<IResult> ClaimTaskAsync(string taskId, HttpContext http, WorkflowEngine engine, CancellationToken ct)
    {
        var who = RequestPrincipal.From(http);
        await engine.ClaimTaskAsync(who.Tenant, taskId, who.User, ct);
        return Results.Ok(TaskView.Of(await engine.GetTaskAsync(who.Tenant, taskId, ct)));
    }

    private static async Task<IResult> UnclaimTaskAsync(string taskId, HttpContext http, WorkflowEngine engine, CancellationToken ct)
    {
        var who = RequestPrincipal.From(http);
        await engine.UnclaimTaskAsync(who.Tenant, taskId, who.User, ct);
        return Results.Ok(TaskView.Of(await engine.GetTaskAsync(who.Tenant, taskId, ct)));
    }

    /// <summary>Completes the task with the form's data and answers with the claim as it stands afterwards.</summary>
    private static async Task<IResult> CompleteTaskAsync(string taskId, HttpContext http, WorkflowEngine engine, JobSettler settler, CancellationToken ct)
    {
        var who = RequestPrincipal.From(http);
        var form = await ReadObjectAsync(http, ct);

        // The task names its claim; a completed or missing task is told apart by CompleteTaskAsync itself (409 or 404).
        string? instanceId = null;
        try
        {
            instanceId = (await engine.GetTaskAsync(who.Tenant, taskId, ct)).InstanceId;
        }
        catch (TaskNotFoundException)
        {
            // Fall through: the completion below throws the precise refusal.
        }

        await engine.CompleteTaskAsync(who.Tenant, taskId, who.User, form, ct);
        if (instanceId is null)
        {
            throw new TaskNotFoundException(who.Tenant, taskId);
        }

        await settler.SettleAsync(who.Tenant, instanceId, ct);
        return Results.Ok(await ViewAsync(engine, http, who.Tenant, instanceId, ct));
    }

    private static IResult ListPayments(HttpContext http, PaymentsLedger ledger)
    {
        var who = RequestPrincipal.From(http);
        return Results.Ok(ledger.List(who.Tenant));
    }

    private static async Task<ClaimView> ViewAsync(WorkflowEngine engine, HttpContext http, TenantId tenant, string instanceId, CancellationToken ct)
    {
        var instance = await engine.GetInstanceAsync(tenant, instanceId, ct);
        var store = http.RequestServices.GetRequiredService<IWorkflowStore>();
        var rows = await store.QueryUserTasksAsync(tenant, new UserTaskQuery([UserTaskState.Open, UserTaskState.Claimed], InstanceId: instanceId), ct);
        var open = new List<WorkflowTask>(rows.Count);
        foreach (var row in rows)
        {
            open.Add(await engine.GetTaskAsync(tenant, row.Task.TaskId, ct));
        }

        return ClaimView.Of(instance, open);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasJsonContentType())
        {
            throw new InvalidRequestException("The body must be a JSON object sent as application/json.");
        }

        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: ct) as JsonObject
                ?? throw new InvalidRequestException("The body must be a JSON object: the form's data, keyed by field key.");
        }
        catch (JsonException e)
        {
            throw new InvalidRequestException($"The body is not valid JSON: {e.Message}");
        }
    }
}
