using Ocap.Workflow.Forms;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;

namespace ExpenseApproval.Api;

/// <summary>
/// Turns the engine's typed refusals into HTTP problem details (<c>application/problem+json</c>): 404 for anything
/// the tenant does not have (another tenant's ids included, exactly like missing ones), 403 when the caller may not
/// act, 409 when the state moved on (already completed, ended, or changed concurrently), 422 for a submission the
/// form refuses (with the field errors keyed by component id), 400 for a malformed request.
/// </summary>
internal static class WorkflowProblems
{
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (ToProblem(e) is { } problem)
        {
            return problem;
        }
    }

    private static IResult? ToProblem(Exception e) => e switch
    {
        InvalidRequestException => Problem(400, "The request is malformed.", e.Message),
        TaskNotFoundException or InstanceNotFoundException or ProcessDefinitionNotFoundException => Problem(404, "Not found.", e.Message),
        TaskNotAuthorizedException => Problem(403, "Not allowed.", e.Message),
        TaskAlreadyCompletedException or InstanceNotActiveException or ConcurrencyConflictException => Problem(409, "Conflict.", e.Message),
        TaskSubmissionInvalidException invalid => Results.Problem(
            statusCode: 422,
            title: "The submission does not satisfy the form.",
            detail: invalid.Message,
            extensions: new Dictionary<string, object?> { ["formId"] = invalid.FormId, ["errors"] = ErrorsOf(invalid.Errors) }),
        FormScriptException => Problem(500, "The form's custom validator failed.", e.Message),
        _ => null,
    };

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>Errors keyed by component id, as form-js shows them; inside dynamic lists the key adds the item indexes (<c>items[2]</c>).</summary>
    private static Dictionary<string, IReadOnlyList<string>> ErrorsOf(IReadOnlyList<FormFieldError> errors)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var error in errors)
        {
            var key = error.ComponentId + string.Concat(error.Indexes.Select(i => $"[{i}]"));
            result[key] = result.TryGetValue(key, out var existing) ? [.. existing, .. error.Messages] : error.Messages;
        }

        return result;
    }
}
