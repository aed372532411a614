using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Storage;

/// <summary>One file of a deployment bundle: its name within the bundle, its kind and its exact bytes.</summary>
public sealed class DeploymentArtifact
{
    /// <summary>Captures an artifact and computes its content hash.</summary>
    /// <param name="name">The artifact's name within the bundle (e.g. <c>expense.bpmn</c>); unique in the bundle, not empty.</param>
    /// <param name="kind">What the artifact is.</param>
    /// <param name="content">The bytes as deployed; copied, so later changes to the caller's buffer do not matter.</param>
    public DeploymentArtifact(string name, ArtifactKind kind, ReadOnlySpan<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown artifact kind.");
        }

        Name = name;
        Kind = kind;
        Content = content.ToArray();
        Hash = ContentHash.Of(content);
    }

    /// <summary>The artifact's name within the bundle.</summary>
    public string Name { get; }

    /// <summary>What the artifact is.</summary>
    public ArtifactKind Kind { get; }

    /// <summary>The bytes as deployed.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>The SHA-256 of <see cref="Content"/> (64 lowercase hex characters).</summary>
    public string Hash { get; }
}
