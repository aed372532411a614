using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Cli.Commands;

/// <summary>One line of an <c>ocapwf eval --batch</c> file: <c>{"id": "...", "code": "...", "kind": "script", "ctx": {...}}</c>.</summary>
internal sealed record EvalCase(string? Id, string Code, string Kind, JsonNode? Ctx)
{
    /// <summary>Reads one batch line; on failure <paramref name="problem"/> says what is wrong, naming the line.</summary>
    public static bool TryParse(string line, int number, [NotNullWhen(true)] out EvalCase? evalCase, out string? problem)
    {
        evalCase = null;
        JsonObject? obj;
        try
        {
            obj = CliJson.Parse(line) as JsonObject;
        }
        catch (JsonException e)
        {
            problem = $"line {number}: not JSON ({e.Message})";
            return false;
        }

        if (obj is null)
        {
            problem = $"line {number}: a case must be a JSON object";
            return false;
        }

        var id = obj["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var idText) ? idText : obj["id"]?.ToJsonString();
        if (obj["code"] is not JsonValue codeValue || !codeValue.TryGetValue<string>(out var code))
        {
            evalCase = null;
            problem = $"line {number}: \"code\" must be a string";
            return false;
        }

        var kind = "script";
        if (obj["kind"] is { } kindNode)
        {
            if (kindNode is not JsonValue kindValue || !kindValue.TryGetValue<string>(out var kindText))
            {
                problem = $"line {number}: \"kind\" must be a string";
                return false;
            }

            kind = kindText;
        }

        foreach (var (key, _) in obj)
        {
            if (key is not ("id" or "code" or "kind" or "ctx"))
            {
                problem = $"line {number}: unknown property \"{key}\"";
                return false;
            }
        }

        evalCase = new EvalCase(id, code, kind, obj["ctx"]?.DeepClone());
        problem = null;
        return true;
    }
}
