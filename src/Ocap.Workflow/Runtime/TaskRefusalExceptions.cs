using Ocap.Workflow.Forms;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

/// <summary>The tenant has no such task (a task of another tenant is reported exactly like a missing one).</summary>
public sealed class TaskNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="tenant">The tenant asked.</param>
    /// <param name="taskId">The task id asked for.</param>
    public TaskNotFoundException(TenantId tenant, string taskId)
        : base($"Tenant '{tenant}' has no task '{taskId}'.")
    {
        Tenant = tenant;
        TaskId = taskId;
    }

    /// <summary>The tenant asked.</summary>
    public TenantId Tenant { get; }

    /// <summary>The task id asked for.</summary>
    public string TaskId { get; }
}

/// <summary>The actor does not match the task's candidate filter (checked at the moment of the action), or another actor holds the claim.</summary>
public sealed class TaskNotAuthorizedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="actorId">The actor refused.</param>
    /// <param name="reason">Why, in a sentence.</param>
    public TaskNotAuthorizedException(string taskId, string actorId, string reason)
        : base($"Actor '{actorId}' may not act on task '{taskId}': {reason}")
    {
        TaskId = taskId;
        ActorId = actorId;
    }

    /// <summary>The task.</summary>
    public string TaskId { get; }

    /// <summary>The actor refused.</summary>
    public string ActorId { get; }
}

/// <summary>The task was already completed (by this or another actor); nothing was changed.</summary>
public sealed class TaskAlreadyCompletedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="taskId">The task.</param>
    public TaskAlreadyCompletedException(string taskId)
        : base($"Task '{taskId}' is already completed.") => TaskId = taskId;

    /// <summary>The task.</summary>
    public string TaskId { get; }
}

/// <summary>The submission does not satisfy the task's form; nothing was changed.</summary>
public sealed class TaskSubmissionInvalidException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="taskId">The task (or the process key, for a start form).</param>
    /// <param name="formId">The form the submission was validated against.</param>
    /// <param name="errors">The field errors, as form-js reports them.</param>
    public TaskSubmissionInvalidException(string taskId, string formId, IReadOnlyList<FormFieldError> errors)
        : base($"The submission for '{taskId}' does not satisfy form '{formId}': "
            + string.Join("; ", errors.Select(e => $"{e.ComponentId}: {string.Join(", ", e.Messages)}")))
    {
        TaskId = taskId;
        FormId = formId;
        Errors = errors;
    }

    /// <summary>The task (or the process key, for a start form).</summary>
    public string TaskId { get; }

    /// <summary>The form.</summary>
    public string FormId { get; }

    /// <summary>The field errors.</summary>
    public IReadOnlyList<FormFieldError> Errors { get; }
}
