using System.Text.Json.Serialization;

namespace Ocap.Workflow.Cli.Commands;

/// <summary>One broken link, one JSON line of <c>ocapwf verify</c>.</summary>
internal sealed record VerifyFinding(
    [property: JsonPropertyName("tenant")] string Tenant,
    [property: JsonPropertyName("instance")] string Instance,
    [property: JsonPropertyName("position")] long Position,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("detail")] string Detail);

/// <summary>The last JSON line of <c>ocapwf verify</c>.</summary>
internal sealed record VerifySummary(
    [property: JsonPropertyName("tenants")] int Tenants,
    [property: JsonPropertyName("instances")] long Instances,
    [property: JsonPropertyName("events")] long Events,
    [property: JsonPropertyName("brokenLinks")] long BrokenLinks,
    [property: JsonPropertyName("brokenInstances")] long BrokenInstances,
    [property: JsonPropertyName("intact")] bool Intact);
