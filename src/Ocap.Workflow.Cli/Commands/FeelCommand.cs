using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Cli.Commands;

/// <summary>
/// <c>ocapwf feel</c>: Evaluate a FEEL expression. Prints <c>{"ok":true,"value":...}</c> or
/// <c>{"ok":false,"error":{...}}</c>; with <c>--batch</c>, one such object per input line, each with its <c>id</c>.
/// Exit code 0 when every expression evaluated, 1 when one failed (its error is in the output), 2 for a wrong
/// command line or an unreadable file.
/// </summary>
internal sealed class FeelCommand : ICliCommand
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Name => "feel";

    public string Summary => "Evaluate a FEEL expression.";

    public string Usage => "Usage: ocapwf feel 'EXPRESSION' [--context ctx.json] | ocapwf feel --batch FILE.jsonl";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliIO io, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse(args, ["--context", "--batch"]);
        var batch = line.Get("--batch");
        if (batch is not null)
        {
            if (line.Positionals.Count > 0 || line.Has("--context"))
            {
                throw new CliUsageException("--batch takes no expression and no --context (each line carries its own).");
            }

            var text = batch == "-" ? await io.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false) : CommandLine.ReadFile(batch, "batch file");
            return await RunBatchAsync(text, io, cancellationToken).ConfigureAwait(false);
        }

        if (line.Positionals.Count != 1)
        {
            throw new CliUsageException(line.Positionals.Count == 0 ? "an EXPRESSION is required." : "give exactly one EXPRESSION (quote it).");
        }

        var context = ReadContext(line.Get("--context"));
        var result = Evaluate(line.Positionals[0], context, cancellationToken);
        await io.Out.WriteLineAsync(result.ToJsonString(Json)).ConfigureAwait(false);
        return (bool)result["ok"]! ? ExitCodes.Success : ExitCodes.Findings;
    }

    private static FeelContext ReadContext(string? path)
    {
        if (path is null)
        {
            return FeelContext.Empty;
        }

        var text = CommandLine.ReadFile(path, "context file");
        JsonNode? node;
        try
        {
            node = CliJson.Parse(text);
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"context file '{path}' is not valid JSON: {e.Message}");
        }

        if (node is not JsonObject obj)
        {
            throw new CliUsageException($"context file '{path}' must hold a JSON object.");
        }

        try
        {
            return FeelContext.FromJson(obj);
        }
        catch (FeelValueConversionException e)
        {
            throw new CliUsageException($"context file '{path}': {e.Message}");
        }
    }

    private static async Task<int> RunBatchAsync(string text, CliIO io, CancellationToken cancellationToken)
    {
        var exit = ExitCodes.Success;
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var lineText = raw.TrimEnd('\r');
            if (lineText.Trim().Length == 0)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var output = EvaluateBatchLine(lineText, number, cancellationToken);
            if (!(bool)output["ok"]!)
            {
                exit = ExitCodes.Findings;
            }

            await io.Out.WriteLineAsync(output.ToJsonString(Json)).ConfigureAwait(false);
        }

        return exit;
    }

    private static JsonObject EvaluateBatchLine(string lineText, int number, CancellationToken cancellationToken)
    {
        JsonObject? request;
        try
        {
            request = CliJson.Parse(lineText) as JsonObject;
        }
        catch (JsonException e)
        {
            return BatchLineError(null, number, $"not valid JSON: {e.Message}");
        }

        if (request is null)
        {
            return BatchLineError(null, number, "a line must be a JSON object {\"id\", \"expression\", \"context\"}");
        }

        var id = request["id"]?.DeepClone();
        foreach (var key in request.Select(p => p.Key))
        {
            if (key is not ("id" or "expression" or "context"))
            {
                return BatchLineError(id, number, $"unknown property '{key}'");
            }
        }

        if (request["expression"] is not JsonValue expressionValue || expressionValue.GetValueKind() != JsonValueKind.String)
        {
            return BatchLineError(id, number, "\"expression\" must be a string");
        }

        var contextNode = request["context"];
        if (contextNode is not null and not JsonObject)
        {
            return BatchLineError(id, number, "\"context\" must be a JSON object");
        }

        FeelContext context;
        try
        {
            context = FeelContext.FromJson(contextNode as JsonObject);
        }
        catch (FeelValueConversionException e)
        {
            var failed = new JsonObject { ["id"] = id, ["ok"] = false, ["error"] = ErrorJson(e) };
            return failed;
        }

        var result = Evaluate(expressionValue.GetValue<string>(), context, cancellationToken);
        var output = new JsonObject { ["id"] = id };
        foreach (var (key, value) in result.ToArray())
        {
            result.Remove(key);
            output[key] = value;
        }

        return output;
    }

    private static JsonObject BatchLineError(JsonNode? id, int number, string message) => new()
    {
        ["id"] = id,
        ["ok"] = false,
        ["error"] = new JsonObject { ["type"] = "InvalidBatchLine", ["message"] = $"line {number}: {message}", ["line"] = number },
    };

    private static JsonObject Evaluate(string expression, FeelContext context, CancellationToken cancellationToken)
    {
        try
        {
            // The context's keys are declared so that a key containing a keyword ("terms and conditions") reads as one name.
            var parsed = FeelExpression.Parse(expression, new FeelParseOptions { KnownNames = context.Names });
            var value = parsed.Evaluate(context, FeelEvaluationOptions.Default, cancellationToken);
            return new JsonObject { ["ok"] = true, ["value"] = value };
        }
        catch (FeelException e)
        {
            return new JsonObject { ["ok"] = false, ["error"] = ErrorJson(e) };
        }
    }

    private static JsonObject ErrorJson(FeelException e)
    {
        var error = new JsonObject { ["type"] = e.ErrorType, ["message"] = e.Message };
        switch (e)
        {
            case FeelParseException p:
                error["position"] = p.Position;
                error["line"] = p.Line;
                error["column"] = p.Column;
                break;
            case FeelLimitExceededException l:
                error["limit"] = l.Limit.ToString();
                break;
            case FeelValueConversionException c:
                error["path"] = c.Path;
                break;
        }

        return error;
    }
}
