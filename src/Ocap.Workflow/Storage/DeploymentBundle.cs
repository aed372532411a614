using System.Globalization;
using System.Text;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Storage;

/// <summary>
/// Everything a tenant deploys at once — diagrams, forms, scripts, schema additions — and the processes the
/// diagrams define, with a content hash of the whole bundle.
/// </summary>
/// <remarks>
/// <para>The bundle hash is the SHA-256 (64 lowercase hex characters) of the UTF-8 text made of the line
/// <c>ocapwf-bundle-v1</c>, then one line per artifact in ordinal order of name:
/// <c>artifact KIND N:NAME HASH</c>, then one line per process in ordinal order of key:
/// <c>process N:KEY N:ARTIFACT-NAME</c>; every line ends in a line feed, <c>KIND</c> is the lowercase
/// <see cref="ArtifactKind"/> name, and <c>N</c> is the UTF-8 byte length of the value after the colon. The same
/// files under the same names give the same hash whatever order they were listed in.</para>
/// </remarks>
public sealed class DeploymentBundle
{
    /// <summary>Validates a bundle and computes its hash.</summary>
    /// <param name="artifacts">The bundle's files; names unique, at least one.</param>
    /// <param name="processes">The processes the bundle's BPMN files define; keys unique, each naming a BPMN artifact of the bundle.</param>
    /// <exception cref="ArgumentException">A name or key is duplicated, or a process names an artifact that is missing or not BPMN.</exception>
    public DeploymentBundle(IReadOnlyList<DeploymentArtifact> artifacts, IReadOnlyList<ProcessDefinitionDraft> processes)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        ArgumentNullException.ThrowIfNull(processes);
        if (artifacts.Count == 0)
        {
            throw new ArgumentException("A deployment bundle needs at least one artifact.", nameof(artifacts));
        }

        var byName = new Dictionary<string, DeploymentArtifact>(StringComparer.Ordinal);
        foreach (var artifact in artifacts)
        {
            ArgumentNullException.ThrowIfNull(artifact, nameof(artifacts));
            if (!byName.TryAdd(artifact.Name, artifact))
            {
                throw new ArgumentException($"The bundle has two artifacts named '{artifact.Name}'.", nameof(artifacts));
            }
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        var startJobs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var process in processes)
        {
            ArgumentNullException.ThrowIfNull(process, nameof(processes));
            StoreIds.EnsureValid(process.ProcessKey, nameof(processes));
            process.ValidateTriggers(startJobs);
            if (!keys.Add(process.ProcessKey))
            {
                throw new ArgumentException($"The bundle defines process '{process.ProcessKey}' twice.", nameof(processes));
            }

            if (!byName.TryGetValue(process.ArtifactName, out var bpmn))
            {
                throw new ArgumentException($"Process '{process.ProcessKey}' names artifact '{process.ArtifactName}', which is not in the bundle.", nameof(processes));
            }

            if (bpmn.Kind != ArtifactKind.Bpmn)
            {
                throw new ArgumentException($"Process '{process.ProcessKey}' names artifact '{process.ArtifactName}', which is {bpmn.Kind}, not BPMN.", nameof(processes));
            }
        }

        Artifacts = [.. artifacts.OrderBy(a => a.Name, StringComparer.Ordinal)];
        Processes = [.. processes.OrderBy(p => p.ProcessKey, StringComparer.Ordinal)];
        Hash = ComputeHash(Artifacts, Processes);
    }

    /// <summary>The bundle's files, in ordinal order of name.</summary>
    public IReadOnlyList<DeploymentArtifact> Artifacts { get; }

    /// <summary>The processes, in ordinal order of key.</summary>
    public IReadOnlyList<ProcessDefinitionDraft> Processes { get; }

    /// <summary>The bundle's content hash (see the remarks).</summary>
    public string Hash { get; }

    private static string ComputeHash(IReadOnlyList<DeploymentArtifact> artifacts, IReadOnlyList<ProcessDefinitionDraft> processes)
    {
        var text = new StringBuilder("ocapwf-bundle-v1\n");
        foreach (var a in artifacts)
        {
            text.Append("artifact ").Append(a.Kind.ToString().ToLowerInvariant()).Append(' ');
            AppendLengthPrefixed(text, a.Name).Append(' ').Append(a.Hash).Append('\n');
        }

        foreach (var p in processes)
        {
            text.Append("process ");
            AppendLengthPrefixed(text, p.ProcessKey).Append(' ');
            AppendLengthPrefixed(text, p.ArtifactName).Append('\n');
        }

        return ContentHash.Of(text.ToString());
    }

    private static StringBuilder AppendLengthPrefixed(StringBuilder text, string value) =>
        text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
}
