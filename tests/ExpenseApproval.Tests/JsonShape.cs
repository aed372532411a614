using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExpenseApproval.Tests;

/// <summary>
/// Compares a response with the shortened one a document shows: an object matches when every property shown
/// matches (others may be present); an array must have exactly the elements shown, in order; a string with one
/// <c>…</c> matches any string with the text before it as prefix and the text after it as suffix (<c>"…"</c> alone
/// matches any value); anything else must be equal.
/// </summary>
internal static class JsonShape
{
    public const string Ellipsis = "…";

    public static IReadOnlyList<string> Mismatches(JsonNode? expected, JsonNode? actual)
    {
        var problems = new List<string>();
        Compare(expected, actual, "$", problems);
        return problems;
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> problems)
    {
        switch (expected)
        {
            case JsonObject shown:
                if (actual is not JsonObject got)
                {
                    problems.Add($"{path}: expected an object, got {Text(actual)}");
                    return;
                }

                foreach (var (name, value) in shown)
                {
                    if (!got.TryGetPropertyValue(name, out var gotValue))
                    {
                        problems.Add($"{path}.{name}: missing");
                        continue;
                    }

                    Compare(value, gotValue, $"{path}.{name}", problems);
                }

                return;
            case JsonArray shownItems:
                if (actual is not JsonArray gotItems || gotItems.Count != shownItems.Count)
                {
                    problems.Add($"{path}: expected an array of {shownItems.Count}, got {Text(actual)}");
                    return;
                }

                for (var i = 0; i < shownItems.Count; i++)
                {
                    Compare(shownItems[i], gotItems[i], $"{path}[{i}]", problems);
                }

                return;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Contains(Ellipsis, StringComparison.Ordinal):
                var pattern = v.GetValue<string>();
                if (pattern == Ellipsis)
                {
                    return;
                }

                var cut = pattern.IndexOf(Ellipsis, StringComparison.Ordinal);
                var (prefix, suffix) = (pattern[..cut], pattern[(cut + 1)..]);
                if (actual is not JsonValue a || a.GetValueKind() != JsonValueKind.String
                    || a.GetValue<string>() is not { } s || s.Length < prefix.Length + suffix.Length
                    || !s.StartsWith(prefix, StringComparison.Ordinal) || !s.EndsWith(suffix, StringComparison.Ordinal))
                {
                    problems.Add($"{path}: expected a string like \"{pattern}\", got {Text(actual)}");
                }

                return;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    problems.Add($"{path}: expected {Text(expected)}, got {Text(actual)}");
                }

                return;
        }
    }

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";
}
