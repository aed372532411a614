using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>Small helpers shared by the property tests: one sandbox per test, evaluation of literal sources.</summary>
internal static class SandboxFixture
{
    public static JsSandbox Create(SandboxLimits? limits = null, params SandboxCapability[] capabilities)
        => new(new SandboxOptions
        {
            Limits = limits ?? new SandboxLimits(),
            GrantedCapabilities = capabilities.Select(c => c.Name).ToHashSet(StringComparer.Ordinal),
        }, capabilities);

    public static async Task<JsonNode?> RunAsync(this JsSandbox sandbox, string source, ScriptKind kind = ScriptKind.Script, JsonNode? input = null, params string[] capabilities)
    {
        var prepared = sandbox.Prepare(source, kind, "test.js", capabilities);
        var result = await sandbox.EvaluateAsync(prepared, input);
        return result.Value;
    }

    public static async Task<T> FailsWithAsync<T>(this JsSandbox sandbox, string source, ScriptKind kind = ScriptKind.Script, JsonNode? input = null)
        where T : ScriptException
    {
        try
        {
            var value = await sandbox.RunAsync(source, kind, input);
            Assert.Fail($"expected {typeof(T).Name}, but the script returned {value?.ToJsonString() ?? "null"}");
            throw new InvalidOperationException("unreachable");
        }
        catch (T e)
        {
            return e;
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Json(this JsonNode? node) => node?.ToJsonString(Relaxed) ?? "null";
}
