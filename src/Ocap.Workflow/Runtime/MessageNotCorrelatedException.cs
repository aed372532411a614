using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

/// <summary>No instance of the tenant waits for the message (name and correlation key); nothing was changed.</summary>
public sealed class MessageNotCorrelatedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="messageName">The message name.</param>
    /// <param name="correlationKey">The correlation key.</param>
    public MessageNotCorrelatedException(TenantId tenant, string messageName, string correlationKey)
        : base($"No instance of tenant '{tenant}' waits for message '{messageName}' with correlation key '{correlationKey}'.")
    {
        MessageName = messageName;
        CorrelationKey = correlationKey;
    }

    /// <summary>The message name.</summary>
    public string MessageName { get; }

    /// <summary>The correlation key.</summary>
    public string CorrelationKey { get; }
}
