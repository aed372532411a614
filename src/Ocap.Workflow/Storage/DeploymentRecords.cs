namespace Ocap.Workflow.Storage;

/// <summary>An artifact as recorded in a deployment.</summary>
/// <param name="Name">Its name within the bundle.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Hash">Its SHA-256 content hash.</param>
/// <param name="Length">Its size in bytes.</param>
public sealed record DeployedArtifact(string Name, ArtifactKind Kind, string Hash, long Length);

/// <summary>One version of a tenant's process.</summary>
/// <param name="ProcessKey">The process key.</param>
/// <param name="Version">1 for the first bundle that defined the key in this tenant, then one more per new bundle.</param>
/// <param name="BundleHash">The bundle that defined this version.</param>
/// <param name="ArtifactName">The bundle's BPMN artifact that holds the process.</param>
/// <param name="ArtifactHash">That artifact's content hash.</param>
/// <param name="DeployedAt">When the bundle was first deployed.</param>
public sealed record ProcessDefinitionRecord(string ProcessKey, int Version, string BundleHash, string ArtifactName, string ArtifactHash, DateTimeOffset DeployedAt);

/// <summary>A stored deployment.</summary>
/// <param name="BundleHash">The bundle's content hash; it identifies the deployment within the tenant.</param>
/// <param name="DeployedAt">When the bundle was first deployed.</param>
/// <param name="Artifacts">The bundle's artifacts, in ordinal order of name.</param>
/// <param name="Processes">The process versions the bundle defined, in ordinal order of key.</param>
/// <param name="Created">
/// <see langword="true"/> when this call stored the bundle; <see langword="false"/> when the tenant had already
/// deployed the same bytes, in which case the existing versions are returned and nothing new is stored.
/// </param>
public sealed record DeploymentRecord(
    string BundleHash,
    DateTimeOffset DeployedAt,
    IReadOnlyList<DeployedArtifact> Artifacts,
    IReadOnlyList<ProcessDefinitionRecord> Processes,
    bool Created);

/// <summary>An artifact's content, looked up by hash.</summary>
/// <param name="Hash">Its SHA-256 content hash.</param>
/// <param name="Content">Its exact bytes.</param>
/// <remarks>The kind belongs to a deployment's use of the bytes (<see cref="DeployedArtifact.Kind"/>), not to the bytes.</remarks>
public sealed record StoredArtifact(string Hash, ReadOnlyMemory<byte> Content);
