using System.Text;
using System.Text.Json;

namespace Ocap.Workflow.Storage;

/// <summary>Checks that text the store keeps as JSON is one well-formed JSON value.</summary>
internal static class JsonText
{
    public static void EnsureValid(string? json, string paramName)
    {
        ArgumentNullException.ThrowIfNull(json, paramName);
        var bytes = Encoding.UTF8.GetBytes(json);
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read())
            {
                throw new ArgumentException("The JSON text is empty.", paramName);
            }

            reader.Skip();
            if (reader.Read())
            {
                throw new ArgumentException($"The JSON text has content after its value (byte {reader.TokenStartIndex}).", paramName);
            }
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The text is not valid JSON: {e.Message}", paramName, e);
        }
    }
}
