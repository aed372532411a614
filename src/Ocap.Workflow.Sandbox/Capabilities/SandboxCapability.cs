using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox;

/// <summary>
/// A narrow, named authority the host hands to scripts, such as <c>directory.lookup(userId)</c>. In JavaScript it is a
/// frozen object whose methods copy their arguments out as JSON, call the host, and copy the result back in as a
/// hardened value. A synchronous method returns its value; an asynchronous one returns a promise that settles within the
/// same evaluation. Register capabilities with <c>AddSandboxCapability</c>, grant them per tenant with
/// <see cref="SandboxOptions.GrantedCapabilities"/> and per script when it is prepared.
/// </summary>
public sealed class SandboxCapability
{
    private SandboxCapability(string name, FrozenDictionary<string, CapabilityMethod> methods)
    {
        Name = name;
        Methods = methods;
    }

    /// <summary>The global name scripts use (<c>directory</c>).</summary>
    public string Name { get; }

    internal FrozenDictionary<string, CapabilityMethod> Methods { get; }

    /// <summary>The method names, in no particular order.</summary>
    public IReadOnlyCollection<string> MethodNames => Methods.Keys;

    /// <summary>Starts a capability called <paramref name="name"/>, which must be a JavaScript identifier.</summary>
    public static Builder Create(string name) => new(name);

    /// <summary>Collects a capability's methods.</summary>
    public sealed class Builder
    {
        private readonly string _name;
        private readonly Dictionary<string, CapabilityMethod> _methods = new(StringComparer.Ordinal);

        internal Builder(string name)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            if (!Identifiers.IsIdentifier(name))
            {
                throw new ArgumentException($"capability name '{name}' is not a JavaScript identifier.", nameof(name));
            }

            _name = name;
        }

        /// <summary>Adds a synchronous method: its result is returned to the script directly.</summary>
        /// <param name="name">The method name.</param>
        /// <param name="method">Receives copies of the arguments; returns the result (or throws <see cref="CapabilityException"/>).</param>
        public Builder Method(string name, Func<IReadOnlyList<JsonNode?>, JsonNode?> method)
        {
            ArgumentNullException.ThrowIfNull(method);
            return Add(name, new CapabilityMethod(method, null));
        }

        /// <summary>Adds an asynchronous method: the script receives a promise that settles within the same evaluation.</summary>
        /// <param name="name">The method name.</param>
        /// <param name="method">Receives copies of the arguments and the evaluation's cancellation token.</param>
        public Builder AsyncMethod(string name, Func<IReadOnlyList<JsonNode?>, CancellationToken, Task<JsonNode?>> method)
        {
            ArgumentNullException.ThrowIfNull(method);
            return Add(name, new CapabilityMethod(null, method));
        }

        /// <summary>Finishes the capability.</summary>
        public SandboxCapability Build()
        {
            if (_methods.Count == 0)
            {
                throw new InvalidOperationException($"capability '{_name}' has no methods.");
            }

            return new SandboxCapability(_name, _methods.ToFrozenDictionary(StringComparer.Ordinal));
        }

        private Builder Add(string name, CapabilityMethod method)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            if (!_methods.TryAdd(name, method))
            {
                throw new ArgumentException($"capability '{_name}' already has a method '{name}'.", nameof(name));
            }

            return this;
        }
    }
}

/// <summary>One host method of a capability: exactly one of the two delegates is set.</summary>
internal sealed record CapabilityMethod(
    Func<IReadOnlyList<JsonNode?>, JsonNode?>? Sync,
    Func<IReadOnlyList<JsonNode?>, CancellationToken, Task<JsonNode?>>? Async);

/// <summary>
/// Thrown by a capability's host code to fail the call with a message the script may see. The script receives a plain
/// <c>Error</c> with exactly this message. Any other exception thrown by host code reaches the script as an <c>Error</c>
/// saying only that the capability call failed, so host details never leak.
/// </summary>
public sealed class CapabilityException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message the script will see.</param>
    public CapabilityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message the script will see.</param>
    /// <param name="innerException">The host-side cause; never shown to the script.</param>
    public CapabilityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
