using System.Text;
using System.Text.Json.Nodes;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace ExpenseApproval.Api;

/// <summary>
/// Finds the form-js schema a task shows, in the deployment its instance runs (not the latest one), the way the
/// engine resolves a form reference: by form id, by artifact name with or without <c>.form</c>/<c>.json</c>, or by
/// <c>camunda-forms:deployment:NAME</c>. The engine has no call for this yet, so the sample reads the store.
/// </summary>
internal sealed class TaskForms(IWorkflowStore store)
{
    private const string CamundaDeploymentPrefix = "camunda-forms:deployment:";

    public async Task<(string FormId, JsonObject Schema)?> FindAsync(TenantId tenant, WorkflowTask task, CancellationToken cancellationToken)
    {
        if (task.FormKey is not { } key)
        {
            return null;
        }

        var instance = await store.GetInstanceAsync(tenant, task.InstanceId, cancellationToken)
            ?? throw new InstanceNotFoundException(tenant, task.InstanceId);
        var deployment = await store.GetDeploymentAsync(tenant, instance.BundleHash, cancellationToken)
            ?? throw new InvalidOperationException($"The deployment of claim '{task.InstanceId}' is missing from the store.");
        var name = key.StartsWith(CamundaDeploymentPrefix, StringComparison.Ordinal) ? key[CamundaDeploymentPrefix.Length..] : key;
        foreach (var artifact in deployment.Artifacts.Where(a => a.Kind == ArtifactKind.Form))
        {
            var stored = await store.GetArtifactAsync(tenant, artifact.Hash, cancellationToken)
                ?? throw new InvalidOperationException($"The form '{artifact.Name}' is missing from the store.");
            var schema = JsonNode.Parse(Encoding.UTF8.GetString(stored.Content.Span))!.AsObject();
            var id = schema["id"]?.GetValue<string>();
            if (id == key || artifact.Name == name || Path.GetFileNameWithoutExtension(artifact.Name) == name)
            {
                return (id ?? artifact.Name, schema);
            }
        }

        throw new InvalidOperationException($"The form '{key}' of task '{task.TaskId}' is not in its deployment.");
    }
}
