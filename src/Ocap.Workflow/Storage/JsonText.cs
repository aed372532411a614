using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Ocap.Workflow.Storage;

/// <summary>Checks that text the store keeps as JSON is one well-formed JSON value.</summary>
internal static class JsonText
{
    public static void EnsureValid(string? json, string paramName)
    {
        ArgumentNullException.ThrowIfNull(json, paramName);
        var max = Encoding.UTF8.GetMaxByteCount(json.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            Check(buffer[..Encoding.UTF8.GetBytes(json, buffer)], paramName);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void Check(ReadOnlySpan<byte> bytes, string paramName)
    {
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
