using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Cli.Commands;

/// <summary><c>ocapwf eval</c>: Evaluate tenant JavaScript in the hardened sandbox.</summary>
/// <remarks>
/// Single-file mode prints one JSON object and exits 0 when the script produced a value, 1 when it failed (the object
/// then says why). Batch mode prints one line per case, each evaluated in its own fresh compartment, and exits 0 when
/// every line was produced (whatever the cases' outcomes) and 1 when a line of the batch file could not be read as a case.
/// </remarks>
internal sealed class EvalCommand : ICliCommand
{
    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Name => "eval";

    public string Summary => "Evaluate tenant JavaScript in the hardened sandbox.";

    public string Usage => "Usage: ocapwf eval FILE [--kind expression|script|module|commonjs] [--ctx ctx.json] | ocapwf eval --batch FILE.jsonl"
        + " [--timeout-ms N] [--max-statements N] [--memory-bytes N] [--max-recursion N]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliIO io, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse(args, ["--kind", "--ctx", "--batch", "--timeout-ms", "--max-statements", "--memory-bytes", "--max-recursion"]);
        var sandbox = new JsSandbox(new SandboxOptions { Limits = EvalLimits.From(line) });
        var batch = line.Get("--batch");
        if (batch is not null)
        {
            if (line.Positionals.Count > 0 || line.Has("--kind") || line.Has("--ctx"))
            {
                throw new CliUsageException("--batch takes no FILE, --kind or --ctx: each case carries its own.");
            }

            var text = batch == "-" ? await io.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false) : CommandLine.ReadFile(batch, "batch file");
            return await RunBatchAsync(sandbox, text, io, cancellationToken).ConfigureAwait(false);
        }

        if (line.Positionals.Count != 1)
        {
            throw new CliUsageException("give exactly one FILE to evaluate, or --batch FILE.jsonl.");
        }

        var path = line.Positionals[0];
        var kind = ParseKind(line.Get("--kind") ?? "script") ?? throw new CliUsageException($"--kind must be expression, script, module or commonjs, not '{line.Get("--kind")}'.");
        var source = CommandLine.ReadFile(path, "script");
        JsonNode? ctx = null;
        if (line.Get("--ctx") is { } ctxPath)
        {
            try
            {
                ctx = CliJson.Parse(CommandLine.ReadFile(ctxPath, "context"));
            }
            catch (JsonException e)
            {
                throw new CliUsageException($"context '{ctxPath}' is not JSON: {e.Message}");
            }
        }

        var result = await EvaluateAsync(sandbox, null, source, kind, Path.GetFileName(path), ctx, cancellationToken).ConfigureAwait(false);
        await io.Out.WriteLineAsync(result.ToJsonString(Output)).ConfigureAwait(false);
        return result["ok"]!.GetValue<bool>() ? ExitCodes.Success : ExitCodes.Findings;
    }

    private static async Task<int> RunBatchAsync(JsSandbox sandbox, string text, CliIO io, CancellationToken cancellationToken)
    {
        var exit = ExitCodes.Success;
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var caseLine = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(caseLine))
            {
                continue;
            }

            JsonObject result;
            if (EvalCase.TryParse(caseLine, number, out var evalCase, out var problem))
            {
                var kind = ParseKind(evalCase.Kind);
                result = kind is null
                    ? Failure(evalCase.Id, "input", "InputError", $"line {number}: kind must be expression, script, module or commonjs, not '{evalCase.Kind}'", null, null)
                    : await EvaluateAsync(sandbox, evalCase.Id, evalCase.Code, kind.Value, $"case-{number}.js", evalCase.Ctx, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                exit = ExitCodes.Findings;
                result = Failure(evalCase?.Id, "input", "InputError", problem!, null, null);
            }

            await io.Out.WriteLineAsync(result.ToJsonString(Output)).ConfigureAwait(false);
        }

        return exit;
    }

    private static async Task<JsonObject> EvaluateAsync(JsSandbox sandbox, string? id, string code, ScriptKind kind, string logicalName, JsonNode? ctx, CancellationToken cancellationToken)
    {
        try
        {
            var prepared = sandbox.Prepare(code, kind, logicalName);
            var evaluation = await sandbox.EvaluateAsync(prepared, ctx, cancellationToken: cancellationToken).ConfigureAwait(false);
            var result = new JsonObject();
            if (id is not null)
            {
                result["id"] = id;
            }

            result["ok"] = true;
            result["value"] = evaluation.Value;
            return result;
        }
        catch (ScriptException e)
        {
            return Failure(id, e.Kind, e.ErrorName, e.ErrorMessage, e.Line > 0 ? e.Line : null, e.Line > 0 ? e.Column : null);
        }
    }

    private static JsonObject Failure(string? id, string kind, string name, string message, int? line, int? column)
    {
        var result = new JsonObject();
        if (id is not null)
        {
            result["id"] = id;
        }

        result["ok"] = false;
        result["error"] = new JsonObject
        {
            ["kind"] = kind,
            ["name"] = name,
            ["message"] = message,
            ["line"] = line,
            ["column"] = column,
        };
        return result;
    }

    private static ScriptKind? ParseKind(string text) => text switch
    {
        "expression" => ScriptKind.Expression,
        "script" => ScriptKind.Script,
        "module" => ScriptKind.Module,
        "commonjs" => ScriptKind.CommonJs,
        _ => null,
    };
}
