using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>One step of a data path: an object property or a dynamic-list index.</summary>
internal readonly record struct PathStep(string? Name, int Index)
{
    public static PathStep Property(string name) => new(name, -1);

    public static PathStep Item(int index) => new(null, index);

    public override string ToString() => Name ?? Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Reading and writing JSON along data paths with the semantics of min-dash <c>get</c>/<c>set</c>, which
/// form-js uses: missing steps read as undefined, writing creates objects for names and arrays for indexes.
/// </summary>
internal static class DataPath
{
    /// <summary>Reads <paramref name="segments"/> below <paramref name="scope"/>; <see langword="false"/> when undefined.</summary>
    public static bool TryGet(JsonNode? scope, ReadOnlySpan<string> segments, out JsonNode? value)
    {
        var current = scope;
        foreach (var segment in segments)
        {
            if (current is JsonObject obj && obj.TryGetPropertyValue(segment, out var next))
            {
                current = next;
            }
            else
            {
                value = null;
                return false;
            }
        }

        value = current;
        return true;
    }

    /// <summary>
    /// form-js writes every field's value into the data it was given before rendering; where a string, number
    /// or boolean sits in the way of a key's parent object, JavaScript refuses the write and the form does
    /// not open. This finds that case along <paramref name="segments"/> (all but the last are parents).
    /// </summary>
    public static void EnsureWritable(JsonNode? scope, ReadOnlySpan<string> segments, IReadOnlyList<PathStep> levelPath, int relativeCount)
    {
        var current = scope;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(segments[i], out var next) || next is null)
            {
                return;
            }

            var kind = next.GetValueKind();
            if (kind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            {
                var scopePath = levelPath.Take(levelPath.Count - relativeCount).Select(s => s.ToString());
                var where = string.Join('.', scopePath.Concat(segments[..(i + 1)].ToArray()));
                var typeName = kind == JsonValueKind.String ? "string" : kind == JsonValueKind.Number ? "number" : "boolean";
                throw new FormDataException(where,
                    $"The data at '{where}' is a {typeName} ({JsValues.ToJsString(next)}), but the form keeps fields under it: it must be an object. (form-js: Cannot create property '{segments[i + 1]}' on {typeName} '{JsValues.ToJsString(next)}')");
            }

            current = next;
        }
    }

    /// <summary>min-dash <c>set</c> into a tree this code built itself (so only objects and arrays lie on the way).</summary>
    public static void Set(JsonObject root, IReadOnlyList<PathStep> path, JsonNode? value)
    {
        JsonNode current = root;
        for (var i = 0; i < path.Count; i++)
        {
            var step = path[i];
            var last = i == path.Count - 1;
            if (step.Name is { } name)
            {
                var obj = (JsonObject)current;
                if (last)
                {
                    obj[name] = value;
                    return;
                }

                if (!obj.TryGetPropertyValue(name, out var next) || next is null)
                {
                    next = Container(path[i + 1]);
                    obj[name] = next;
                }

                current = next;
            }
            else
            {
                var array = (JsonArray)current;
                while (array.Count <= step.Index)
                {
                    array.Add(null);
                }

                if (last)
                {
                    array[step.Index] = value;
                    return;
                }

                var next = array[step.Index];
                if (next is null)
                {
                    next = Container(path[i + 1]);
                    array[step.Index] = next;
                }

                current = next;
            }
        }
    }

    /// <summary>min-dash <c>set</c> of an input's value: the level's path, then the key's segments.</summary>
    public static void Set(JsonObject root, IReadOnlyList<PathStep> levelPath, string[] keySegments, JsonNode? value)
    {
        JsonNode current = root;
        for (var i = 0; i < levelPath.Count; i++)
        {
            current = Step(current, levelPath[i], i + 1 < levelPath.Count ? levelPath[i + 1] : PathStep.Property(keySegments[0]));
        }

        var obj = (JsonObject)current;
        for (var i = 0; i < keySegments.Length - 1; i++)
        {
            if (!obj.TryGetPropertyValue(keySegments[i], out var next) || next is null)
            {
                next = new JsonObject();
                obj[keySegments[i]] = next;
            }

            obj = (JsonObject)next;
        }

        obj[keySegments[^1]] = value;
    }

    private static JsonNode Step(JsonNode current, PathStep step, PathStep following)
    {
        JsonNode? next;
        if (step.Name is { } name)
        {
            var obj = (JsonObject)current;
            if (!obj.TryGetPropertyValue(name, out next) || next is null)
            {
                next = Container(following);
                obj[name] = next;
            }

            return next;
        }

        var array = (JsonArray)current;
        while (array.Count <= step.Index)
        {
            array.Add(null);
        }

        next = array[step.Index];
        if (next is null)
        {
            next = Container(following);
            array[step.Index] = next;
        }

        return next;
    }

    private static JsonNode Container(PathStep next) => next.Name is null ? new JsonArray() : new JsonObject();
}
