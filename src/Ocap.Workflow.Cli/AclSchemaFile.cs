using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Access;

namespace Ocap.Workflow.Cli;

/// <summary>Reads a schema file: <c>{"level": "integer", "costCenter": "directoryString"}</c>, added to the built-in schema.</summary>
internal static class AclSchemaFile
{
    public static AttributeSchema Load(string text, string path)
    {
        JsonNode? node;
        try
        {
            node = CliJson.Parse(text);
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"schema file '{path}' is not JSON: {e.Message}");
        }

        if (node is not JsonObject entries)
        {
            throw new CliUsageException($"schema file '{path}' must be a JSON object of attribute name to syntax name.");
        }

        var schema = AttributeSchema.Default;
        foreach (var (name, value) in entries)
        {
            if (value is not JsonValue v || !v.TryGetValue<string>(out var syntaxName) || !AttributeSchema.TryParseSyntaxName(syntaxName, out var syntax))
            {
                throw new CliUsageException(
                    $"schema file '{path}': attribute '{name}' needs one of the syntax names {string.Join(", ", AttributeSchema.SyntaxNameList)}.");
            }

            try
            {
                schema = schema.With(name, syntax);
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException($"schema file '{path}': {e.Message.Split(" (Parameter", 2)[0]}");
            }
        }

        return schema;
    }
}
