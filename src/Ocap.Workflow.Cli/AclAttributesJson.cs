using System.Text.Json.Nodes;
using Ocap.Workflow.Access;

namespace Ocap.Workflow.Cli;

/// <summary>Reads <c>{"cn": "Alice", "memberOf": ["...", "..."]}</c>: each value a string or an array of strings.</summary>
internal static class AclAttributesJson
{
    public static PrincipalAttributes Read(JsonNode? node)
    {
        if (node is not JsonObject attributes)
        {
            throw new AclInputException("\"attributes\" must be a JSON object of attribute name to string or array of strings.");
        }

        var builder = PrincipalAttributes.CreateBuilder();
        List<KeyValuePair<string, JsonNode?>> entries;
        try
        {
            entries = [.. attributes];
        }
        catch (ArgumentException)
        {
            // JsonObject refuses a repeated property name when it is first enumerated.
            throw new AclInputException("\"attributes\" names an attribute twice; give repeated values as an array.");
        }

        foreach (var (name, value) in entries)
        {
            try
            {
                switch (value)
                {
                    case JsonValue single when single.TryGetValue<string>(out var text):
                        builder.Add(name, text);
                        break;
                    case JsonArray array:
                        foreach (var item in array)
                        {
                            if (item is not JsonValue v || !v.TryGetValue<string>(out var itemText))
                            {
                                throw new AclInputException($"attribute '{name}': every array element must be a string.");
                            }

                            builder.Add(name, itemText);
                        }

                        break;
                    default:
                        throw new AclInputException($"attribute '{name}': the value must be a string or an array of strings.");
                }
            }
            catch (ArgumentException e)
            {
                throw new AclInputException($"attribute '{name}': {e.Message.Split(" (Parameter", 2)[0]}");
            }
        }

        return builder.Build();
    }
}
