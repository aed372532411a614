namespace Ocap.Workflow.Sandbox;

/// <summary>What one tenant's <see cref="JsSandbox"/> allows: limits, granted capabilities, host time and randomness.</summary>
public sealed record SandboxOptions
{
    /// <summary>The bounds every evaluation runs under.</summary>
    public SandboxLimits Limits { get; init; } = new();

    /// <summary>
    /// Names of the registered capabilities this tenant may be granted. A script can use only capabilities that are
    /// granted both here and when it is prepared.
    /// </summary>
    public IReadOnlySet<string> GrantedCapabilities { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// When <see langword="true"/> (the default) <c>Date.now()</c>, <c>new Date()</c> and <c>Math.random()</c> read the
    /// host's <see cref="TimeProvider"/> and a seeded random source, and every value read is recorded with the
    /// evaluation for replay. When <see langword="false"/> they behave as under SES without those powers:
    /// <c>Date.now()</c> is <c>NaN</c>, <c>new Date()</c> is an invalid date and <c>Math.random()</c> throws.
    /// </summary>
    public bool AllowHostTimeAndRandomness { get; init; } = true;

    /// <summary>
    /// How many prepared sources the sandbox keeps parsed (and each of its engines keeps compiled) for reuse; at least 1,
    /// 1,024 by default. When more distinct scripts are prepared, those used least recently are dropped and parsed again
    /// if they are prepared again, so a long-lived tenant sandbox that sees many versions of its scripts stays bounded.
    /// <see cref="PreparedScript"/>s already handed out stay valid either way: they hold their own parsed program.
    /// </summary>
    public int MaxPreparedScripts { get; init; } = 1024;

    /// <summary>The clock behind <c>Date</c> and behind the wall-time limit.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
