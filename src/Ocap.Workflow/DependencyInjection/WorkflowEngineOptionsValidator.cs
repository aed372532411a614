using Microsoft.Extensions.Options;
using Ocap.Workflow.Runtime;

namespace Ocap.Workflow.DependencyInjection;

/// <summary>Checks <see cref="WorkflowEngineOptions"/> when the host starts, so a bad setting stops start-up with its name.</summary>
internal sealed class WorkflowEngineOptionsValidator : IValidateOptions<WorkflowEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowEngineOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
