using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Access;

namespace Ocap.Workflow.Cli.Commands;

/// <summary><c>ocapwf acl</c>: Evaluate an LDAP filter (RFC 4515) against a principal's attributes.</summary>
/// <remarks>
/// Single mode prints <c>{"ok":true,"result":"TRUE|FALSE|UNDEFINED","match":true|false}</c> (exit 0), or
/// <c>{"ok":false,"error":{"kind":"parse","message":...,"position":N}}</c> for a filter that does not parse (exit 1).
/// Batch mode reads JSON lines <c>{"id":...,"filter":...,"attributes":{...}}</c> and prints one result line per
/// input line, with the id first; a line that cannot be read becomes an error line of kind "input". Blank lines
/// are skipped. Batch mode exits 0 once every line has produced its output line.
/// </remarks>
internal sealed class AclCommand : ICliCommand
{
    public string Name => "acl";

    public string Summary => "Evaluate an LDAP filter (RFC 4515) against a principal's attributes.";

    public string Usage => "Usage: ocapwf acl FILTER --attributes attrs.json [--schema schema.json] | ocapwf acl --batch FILE.jsonl [--schema schema.json]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliIO io, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse(args, ["--attributes", "--schema", "--batch"]);
        var schema = line.Get("--schema") is { } schemaPath
            ? AclSchemaFile.Load(CommandLine.ReadFile(schemaPath, "schema file"), schemaPath)
            : AttributeSchema.Default;

        if (line.Get("--batch") is { } batchPath)
        {
            if (line.Positionals.Count != 0 || line.Has("--attributes"))
            {
                throw new CliUsageException("--batch takes no FILTER and no --attributes: each line carries its own.");
            }

            return await RunBatchAsync(batchPath, schema, io, cancellationToken).ConfigureAwait(false);
        }

        if (line.Positionals.Count != 1)
        {
            throw new CliUsageException(line.Positionals.Count == 0 ? "a FILTER is required." : "exactly one FILTER is expected (quote it).");
        }

        var attributesPath = line.Get("--attributes") ?? throw new CliUsageException("--attributes attrs.json is required.");
        var attributesText = CommandLine.ReadFile(attributesPath, "attributes file");
        PrincipalAttributes attributes;
        try
        {
            attributes = AclAttributesJson.Read(CliJson.Parse(attributesText));
        }
        catch (Exception e) when (e is JsonException or AclInputException)
        {
            throw new CliUsageException($"attributes file '{attributesPath}': {e.Message}");
        }

        var output = Evaluate(batch: false, null, line.Positionals[0], attributes, schema, out var diagnostics, out var parsed);
        foreach (var diagnostic in diagnostics)
        {
            await io.Error.WriteLineAsync($"ocapwf acl: warning at position {diagnostic.Position}: {diagnostic.Message}").ConfigureAwait(false);
        }

        await io.Out.WriteLineAsync(output.ToJsonString(AclJson.Options)).ConfigureAwait(false);
        return parsed ? ExitCodes.Success : ExitCodes.Findings;
    }

    private static async Task<int> RunBatchAsync(string path, AttributeSchema schema, CliIO io, CancellationToken cancellationToken)
    {
        TextReader reader;
        try
        {
            reader = path == "-" ? io.In : new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"cannot read batch file '{path}': {e.Message}");
        }

        try
        {
            var lineNumber = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                var output = EvaluateLine(text, lineNumber, schema);
                await io.Out.WriteLineAsync(output.ToJsonString(AclJson.Options)).ConfigureAwait(false);
            }
        }
        finally
        {
            if (!ReferenceEquals(reader, io.In))
            {
                reader.Dispose();
            }
        }

        return ExitCodes.Success;
    }

    private static JsonObject EvaluateLine(string text, int lineNumber, AttributeSchema schema)
    {
        JsonNode? id = null;
        try
        {
            if (CliJson.Parse(text) is not JsonObject request)
            {
                throw new AclInputException("the line is not a JSON object.");
            }

            try
            {
                id = request["id"]?.DeepClone();
            }
            catch (ArgumentException)
            {
                throw new AclInputException("the line names a property twice.");
            }

            if (request["filter"] is not JsonValue filterNode || !filterNode.TryGetValue<string>(out var filter))
            {
                throw new AclInputException("\"filter\" must be a string.");
            }

            var attributes = AclAttributesJson.Read(request["attributes"]);
            return Evaluate(batch: true, id, filter, attributes, schema, out _, out _);
        }
        catch (Exception e) when (e is JsonException or AclInputException)
        {
            return Failure(batch: true, id, "input", $"line {lineNumber}: {e.Message}", null);
        }
    }

    private static JsonObject Evaluate(
        bool batch, JsonNode? id, string filterText, PrincipalAttributes attributes, AttributeSchema schema,
        out IReadOnlyList<LdapFilterDiagnostic> diagnostics, out bool parsed)
    {
        diagnostics = [];
        LdapFilter filter;
        try
        {
            filter = LdapFilter.Parse(filterText);
        }
        catch (LdapFilterParseException e)
        {
            parsed = false;
            return Failure(batch, id, "parse", e.Message, e.Position);
        }

        parsed = true;
        var compiled = filter.Compile(schema);
        diagnostics = compiled.Diagnostics;
        var result = compiled.Evaluate(AccessPrincipal.Create(schema, attributes));
        var output = Start(batch, id);
        output["ok"] = true;
        output["result"] = result switch
        {
            LdapFilterResult.True => "TRUE",
            LdapFilterResult.False => "FALSE",
            _ => "UNDEFINED",
        };
        output["match"] = result == LdapFilterResult.True;
        return output;
    }

    /// <summary>Batch lines echo the request's id first (null when the request had none); single mode has no id.</summary>
    private static JsonObject Start(bool batch, JsonNode? id)
    {
        var output = new JsonObject();
        if (batch)
        {
            output["id"] = id;
        }

        return output;
    }

    private static JsonObject Failure(bool batch, JsonNode? id, string kind, string message, int? position)
    {
        var error = new JsonObject { ["kind"] = kind, ["message"] = message };
        if (position is not null)
        {
            error["position"] = position.Value;
        }

        var output = Start(batch, id);
        output["ok"] = false;
        output["error"] = error;
        return output;
    }
}
