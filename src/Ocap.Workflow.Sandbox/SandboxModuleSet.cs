using System.Collections.Concurrent;

namespace Ocap.Workflow.Sandbox;

/// <summary>
/// A namespace of ES and CommonJS modules that may import (or require) one another. Modules prepared into one set never
/// see the modules of another set of the same sandbox, even under the same path: a host that deploys several bundles
/// for one tenant gives each bundle its own set, so two bundles' <c>rules.js</c> stay apart while sharing the tenant's
/// warm engines and limits. Obtain one from <see cref="JsSandbox.CreateModuleSet"/>.
/// </summary>
/// <remarks>
/// A module's imports are resolved against a snapshot of its set taken when it is prepared, so prepare the modules a
/// module imports before the module itself. A set is safe to use from several threads, but preparing two versions of
/// one path into the same set concurrently leaves which one later modules import to chance.
/// </remarks>
public sealed class SandboxModuleSet
{
    internal SandboxModuleSet(JsSandbox owner) => Owner = owner;

    /// <summary>The sandbox this set belongs to; only it can prepare modules into the set.</summary>
    internal JsSandbox Owner { get; }

    /// <summary>The modules prepared into this set, by path.</summary>
    internal ConcurrentDictionary<string, PreparedScript> Modules { get; } = new(StringComparer.Ordinal);

    /// <summary>How many modules have been prepared into this set (one per path; a re-prepared path counts once).</summary>
    public int Count => Modules.Count;
}
