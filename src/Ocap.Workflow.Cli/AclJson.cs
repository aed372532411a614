using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ocap.Workflow.Cli;

/// <summary>JSON settings for <c>ocapwf acl</c> output: compact, and non-ASCII text written as is.</summary>
internal static class AclJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
