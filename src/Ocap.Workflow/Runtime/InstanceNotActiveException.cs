namespace Ocap.Workflow.Runtime;

/// <summary>The instance has ended (completed or cancelled) and accepts no more commands; nothing was changed.</summary>
public sealed class InstanceNotActiveException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="status">Its status.</param>
    public InstanceNotActiveException(string instanceId, string status)
        : base($"Instance '{instanceId}' has ended ({status}); it accepts no more commands.")
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>The instance.</summary>
    public string InstanceId { get; }

    /// <summary>Its status.</summary>
    public string Status { get; }
}
