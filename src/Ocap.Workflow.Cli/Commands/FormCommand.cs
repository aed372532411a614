using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Cli.Commands;

/// <summary><c>ocapwf form</c>: Validate a submission against a form-js form, as form-js would.</summary>
internal sealed class FormCommand : ICliCommand
{
    // Plain output for pipelines: quotes, angle brackets and non-ASCII letters are written as themselves.
    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Name => "form";

    public string Summary => "Validate a submission against a form-js form, as form-js would.";

    public string Usage => "Usage: ocapwf form validate FORM.json DATA.json [--validator FILE.js] | ocapwf form validate --batch FILE.jsonl";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliIO io, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse(args, ["--validator", "--batch"]);
        if (line.Positionals.Count == 0 || line.Positionals[0] != "validate")
        {
            throw new CliUsageException(line.Positionals.Count == 0 ? "missing sub-command 'validate'." : $"unknown sub-command '{line.Positionals[0]}'.");
        }

        if (line.Get("--batch") is { } batch)
        {
            if (line.Positionals.Count != 1 || line.Has("--validator"))
            {
                throw new CliUsageException("--batch takes no FORM.json, DATA.json or --validator arguments.");
            }

            return await RunBatchAsync(batch, io, cancellationToken).ConfigureAwait(false);
        }

        if (line.Positionals.Count != 3)
        {
            throw new CliUsageException("validate needs FORM.json and DATA.json (or --batch FILE.jsonl).");
        }

        var schemaText = CommandLine.ReadFile(line.Positionals[1], "form");
        var dataText = CommandLine.ReadFile(line.Positionals[2], "data");
        var validatorPath = line.Get("--validator");
        var validatorSource = validatorPath is null ? null : CommandLine.ReadFile(validatorPath, "validator");
        var outcome = await ValidateAsync(
            () => WithValidator(CliJson.Parse(schemaText), validatorPath),
            () => ParseData(dataText),
            cancellationToken,
            validatorSource).ConfigureAwait(false);
        if (outcome.Result is { } result)
        {
            await io.Out.WriteLineAsync(SingleResult(result).ToJsonString(Output)).ConfigureAwait(false);
            return result.IsValid ? ExitCodes.Success : ExitCodes.Findings;
        }

        await io.Error.WriteLineAsync($"ocapwf form: {outcome.Kind} error: {outcome.Message}").ConfigureAwait(false);
        return ExitCodes.Findings;
    }

    private static async Task<int> RunBatchAsync(string path, CliIO io, CancellationToken cancellationToken)
    {
        var reader = path == "-" ? io.In : new StringReader(CommandLine.ReadFile(path, "batch file"));
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonObject output;
            JsonObject? request = null;
            try
            {
                request = CliJson.Parse(text) as JsonObject;
            }
            catch (JsonException e)
            {
                output = Failure(null, "schema", $"line {number} is not JSON: {e.Message}");
                await io.Out.WriteLineAsync(output.ToJsonString(Output)).ConfigureAwait(false);
                continue;
            }

            if (request is null)
            {
                output = Failure(null, "schema", $"line {number} must be an object with id, schema and data.");
            }
            else
            {
                var id = request["id"]?.DeepClone();
                var outcome = await ValidateAsync(() => request["schema"], () => request["data"], cancellationToken).ConfigureAwait(false);
                output = outcome.Result is { } result ? BatchResult(id, result) : Failure(id, outcome.Kind!, outcome.Message!);
            }

            await io.Out.WriteLineAsync(output.ToJsonString(Output)).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private readonly record struct Outcome(FormValidationResult? Result, string? Kind, string? Message);

    /// <summary>
    /// With <c>--validator FILE.js</c>, the file is the form's custom validator: under the name the form gives it,
    /// or under the file's name when the form names none.
    /// </summary>
    private static JsonNode? WithValidator(JsonNode? schema, string? validatorPath)
    {
        if (validatorPath is not null && schema is JsonObject root && !root.ContainsKey(ValidatorProperty))
        {
            root[ValidatorProperty] = Path.GetFileName(validatorPath);
        }

        return schema;
    }

    private const string ValidatorProperty = "ocap:validator";

    private static async Task<Outcome> ValidateAsync(Func<JsonNode?> schema, Func<JsonNode?> data, CancellationToken cancellationToken, string? validatorSource = null)
    {
        try
        {
            JsonNode? schemaNode;
            try
            {
                schemaNode = schema();
            }
            catch (JsonException e)
            {
                return new Outcome(null, "schema", $"the form is not JSON: {e.Message}");
            }

            var validator = FormValidator.Create(FormDefinition.FromJson(schemaNode));
            JsonNode? dataNode;
            try
            {
                dataNode = data();
            }
            catch (JsonException e)
            {
                return new Outcome(null, "data", $"the data is not JSON: {e.Message}");
            }

            SandboxFormScriptValidator? scripts = null;
            if (validatorSource is not null && validator.Form.CustomValidator is { } module)
            {
                // A fresh sandbox with the default limits and no capabilities: the command line grants none.
                scripts = new SandboxFormScriptValidator(new JsSandbox(new SandboxOptions()));
                scripts.Prepare(module, validatorSource);
            }

            var result = await validator.ValidateAsync(dataNode, scripts, cancellationToken).ConfigureAwait(false);
            return new Outcome(result, null, null);
        }
        catch (FormExpressionException e)
        {
            return new Outcome(null, "expression", e.Message);
        }
        catch (FormSchemaException e)
        {
            return new Outcome(null, "schema", e.Message);
        }
        catch (FormScriptException e)
        {
            return new Outcome(null, "script", e.Message);
        }
        catch (FormDataException e)
        {
            return new Outcome(null, "data", e.Message);
        }
    }

    private static JsonNode? ParseData(string text) => CliJson.Parse(text);

    private static JsonObject SingleResult(FormValidationResult result) => AddResult([], result);

    private static JsonObject BatchResult(JsonNode? id, FormValidationResult result) => AddResult(new JsonObject { ["id"] = id, ["ok"] = true }, result);

    private static JsonObject AddResult(JsonObject output, FormValidationResult result)
    {
        output["valid"] = result.IsValid;
        output["errors"] = result.ErrorsToJson();
        output["data"] = result.Data;
        return output;
    }

    private static JsonObject Failure(JsonNode? id, string kind, string message) => new()
    {
        ["id"] = id,
        ["ok"] = false,
        ["error"] = new JsonObject { ["kind"] = kind, ["message"] = message },
    };
}
