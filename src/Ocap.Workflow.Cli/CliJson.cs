using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Cli;

/// <summary>
/// JSON input as every command reads it: System.Text.Json's parser, plus one refusal it leaves to whoever reads the
/// strings later: an escape standing for half of a surrogate pair (<c>"\ud800"</c>), which JSON's grammar allows but no
/// .NET string can be read from. Such input is refused as a <see cref="JsonException"/> naming its line and column, so
/// each command reports it as it reports any JSON it cannot read (a batch line gets its error; the batch goes on).
/// </summary>
internal static class CliJson
{
    /// <summary>Parses <paramref name="text"/> as <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> does.</summary>
    /// <exception cref="JsonException">The text is not JSON, or holds an escape of half a surrogate pair.</exception>
    public static JsonNode? Parse(string text)
    {
        var node = JsonNode.Parse(text);
        Check(text);
        return node;
    }

    /// <summary>Refuses text that holds an escape of half a surrogate pair.</summary>
    /// <exception cref="JsonException">It does.</exception>
    public static void Check(string text)
    {
        var at = UnreadableText.FindUnpairedSurrogateEscape(text.AsSpan());
        if (at < 0)
        {
            return;
        }

        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < at; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        throw new JsonException(
            $"the escape '{text.Substring(at, 6)}' at line {line}, column {at - lineStart + 1} stands for half of a surrogate pair without its other half, which is not valid Unicode text.");
    }
}
