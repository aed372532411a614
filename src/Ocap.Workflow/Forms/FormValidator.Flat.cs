using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocap.Workflow.Forms;

/// <summary>
/// The flat path: a form without FEEL whose inputs all sit at the top level of the data under distinct one-segment keys
/// (groups without a path only arrange the layout) is validated by one loop over its enabled inputs, with no paths,
/// walk state or growing result object. It answers exactly as <see cref="ValidateByWalk"/> does, with one difference
/// that is not observable in the data: a cleaned value equal to the submitted one, when that was parsed from JSON and
/// writing the parsed element gives the same text as writing the cleaned value, is kept as the parsed element (a new
/// node over the same <see cref="JsonElement"/>) instead of being decoded into a new string, number or boolean node.
/// The engine then takes such values as its variables without writing and parsing the data again.
/// </summary>
public sealed partial class FormValidator
{
    /// <summary>Whether submissions take the flat path.</summary>
    internal bool IsFlat => _flat is not null;

    /// <summary>Whether a submission given as a parsed element is read without building it as nodes.</summary>
    internal bool ReadsElements => _flatElements is not null;

    /// <summary>The flat inputs with their keys as UTF-8, when none reads its options from the data (<c>valuesKey</c>).</summary>
    private static FlatInput[]? FlatElements(InputPlan[]? flat) =>
        flat is null || flat.Any(p => p.OptionsKey is not null)
            ? null
            : [.. flat.Select(p => new FlatInput(p, p.KeySegments[0], Encoding.UTF8.GetBytes(p.KeySegments[0])))];

    /// <summary>A flat input and its key.</summary>
    private readonly record struct FlatInput(InputPlan Plan, string Key, byte[] Utf8Key);

    /// <summary>The enabled inputs of a flat form in form order, or <see langword="null"/> when the form is not flat.</summary>
    internal static InputPlan[]? FlatInputs(IReadOnlyList<FieldPlan> plans, FormFeel? feel)
    {
        if (feel is not null)
        {
            return null;
        }

        var inputs = new List<InputPlan>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        return Collect(plans) ? [.. inputs] : null;

        bool Collect(IReadOnlyList<FieldPlan> level)
        {
            foreach (var plan in level)
            {
                if (plan.Hide is not null)
                {
                    return false;
                }

                if (plan is InputPlan input)
                {
                    // The schema reader already refuses a key claimed twice; the loop's result object relies on distinct keys.
                    if (input.KeySegments.Length != 1 || input.HasExpressionBounds || !keys.Add(input.KeySegments[0]))
                    {
                        return false;
                    }

                    if (!input.Disabled)
                    {
                        inputs.Add(input);
                    }
                }
                else if (plan is ContainerPlan container)
                {
                    if (container.IsRepeating || container.PathSegments.Length != 0 || !Collect(container.Children))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }

    /// <summary>
    /// Validates a submission given as a parsed JSON object (the engine's private copy of a caller's object) with the
    /// declarative rules and then the custom validator, exactly as <see cref="ValidateAsync(JsonNode?, IFormScriptValidator?, CancellationToken)"/>
    /// validates <c>JsonObject.Create(data)</c>. A flat form without <c>valuesKey</c> reads the fields straight from the
    /// element, so the object is never built as nodes; other forms build it and take their ordinary path.
    /// </summary>
    /// <param name="data">A JSON object without duplicate property names (as writing a <see cref="JsonObject"/> gives); JSON null or <see langword="default"/> for none.</param>
    /// <param name="scripts">Runs the form's custom validator.</param>
    /// <param name="cancellationToken">Cancels the custom validator.</param>
    /// <remarks>Returns a <see cref="ValueTask{TResult}"/>: without a custom validator, the result is there at once and no task is made.</remarks>
    internal ValueTask<FormValidationResult> ValidateAsync(JsonElement data, IFormScriptValidator? scripts, CancellationToken cancellationToken)
    {
        if (_flatElements is null || data.ValueKind != JsonValueKind.Object)
        {
            return new ValueTask<FormValidationResult>(ValidateAsync(JsonNodeOf(data), scripts, cancellationToken));
        }

        FormValidationResult declarative;
        try
        {
            declarative = ValidateFlat(_flatElements, data);
        }
        catch (InvalidOperationException) when (UnreadableText.Find(JsonNodeOf(data)) is { } unreadable)
        {
            return ValueTask.FromException<FormValidationResult>(Unreadable(unreadable));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<FormValidationResult>(e);
        }

        return _customValidator is null
            ? new ValueTask<FormValidationResult>(declarative)
            : new ValueTask<FormValidationResult>(ValidateScriptedAsync(declarative, _customValidator, scripts, cancellationToken));
    }

    /// <summary>
    /// The flat path over a parsed object: each field read by its UTF-8 key, its value kept as its element where it can
    /// be. While every value is kept, the result holds the elements alone (no node is made for them unless the data
    /// object is read); the first value that is not kept turns the ones before it into nodes over their elements.
    /// </summary>
    private static FormValidationResult ValidateFlat(FlatInput[] inputs, JsonElement data)
    {
        // The values kept as the submitted elements, while all are; then the properties as nodes.
        KeyValuePair<string, JsonElement>[]? elements = new KeyValuePair<string, JsonElement>[inputs.Length];
        KeyValuePair<string, JsonNode?>[]? properties = null;
        var count = 0;
        List<FormFieldError>? errors = null;
        var next = data.EnumerateObject();
        foreach (var (plan, key, utf8Key) in inputs)
        {
            var defined = Property(ref next, data, utf8Key, out var element);
            bool isDefined;
            ValueView view;
            if (defined && ParsedValues.TryKeep(plan, element, null, out view))
            {
                isDefined = true;
                if (elements is not null)
                {
                    elements[count] = new(key, element);
                }
                else
                {
                    properties![count] = new(key, JsonValue.Create(element));
                }
            }
            else
            {
                // The node building the object would have made for this value.
                (isDefined, var value) = CleanValue(plan, defined, defined ? JsonNodeOf(element) : null, null);
                view = new ValueView(value);
                if (isDefined)
                {
                    if (elements is not null)
                    {
                        properties = Nodes(elements, count, inputs.Length);
                        elements = null;
                    }

                    properties![count] = new(key, value);
                }
            }

            var messages = FieldRules.Check(plan, view, isDefined, null, null);
            if (messages is not null)
            {
                (errors ??= []).Add(new FormFieldError(plan.Id, [], messages));
            }

            if (isDefined)
            {
                count++;
            }
        }

        if (elements is not null)
        {
            // Sized once, like the object itself.
            if (count != elements.Length)
            {
                Array.Resize(ref elements, count);
            }

            return new FormValidationResult(errors ?? (IReadOnlyList<FormFieldError>)[], elements);
        }

        return Result(properties!, count, errors);
    }

    /// <summary>The first <paramref name="count"/> kept elements as nodes over them, in an array of <paramref name="length"/>.</summary>
    private static KeyValuePair<string, JsonNode?>[] Nodes(KeyValuePair<string, JsonElement>[] elements, int count, int length)
    {
        var properties = new KeyValuePair<string, JsonNode?>[length];
        for (var i = 0; i < count; i++)
        {
            properties[i] = new(elements[i].Key, JsonValue.Create(elements[i].Value));
        }

        return properties;
    }

    /// <summary>
    /// The property named <paramref name="utf8Key"/> of <paramref name="data"/> (an object without duplicate names), as
    /// <see cref="JsonElement.TryGetProperty(ReadOnlySpan{byte}, out JsonElement)"/> finds it. Submissions mostly list a
    /// form's fields in the form's order, so the property after the last one found is tried first; any other order
    /// falls back to the search.
    /// </summary>
    /// <param name="next">The properties after the one found last; moved past the one found when it is the next.</param>
    /// <param name="data">The object.</param>
    /// <param name="utf8Key">The name.</param>
    /// <param name="value">The property's value.</param>
    private static bool Property(ref JsonElement.ObjectEnumerator next, JsonElement data, byte[] utf8Key, out JsonElement value)
    {
        var peek = next;
        if (peek.MoveNext())
        {
            var property = peek.Current;
            if (property.NameEquals(utf8Key))
            {
                next = peek;
                value = property.Value;
                return true;
            }
        }

        return data.TryGetProperty(utf8Key, out value);
    }

    private static JsonNode? JsonNodeOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Object => JsonObject.Create(element),
        JsonValueKind.Array => JsonArray.Create(element),
        _ => JsonValue.Create(element),
    };

    private static FormValidationResult ValidateFlat(InputPlan[] inputs, JsonObject? data)
    {
        var properties = new KeyValuePair<string, JsonNode?>[inputs.Length];
        var count = 0;
        List<FormFieldError>? errors = null;
        foreach (var plan in inputs)
        {
            var key = plan.KeySegments[0];
            JsonNode? incoming = null;
            var defined = data is not null && data.TryGetPropertyValue(key, out incoming);
            bool isDefined;
            JsonNode? value;
            ValueView view;
            if (defined && ParsedValues.TryKeep(plan, incoming, data, out var kept, out view))
            {
                (isDefined, value) = (true, kept);
            }
            else
            {
                (isDefined, value) = CleanValue(plan, defined, incoming, data);
                view = new ValueView(value);
            }

            var messages = FieldRules.Check(plan, view, isDefined, null, null);
            if (messages is not null)
            {
                (errors ??= []).Add(new FormFieldError(plan.Id, [], messages));
            }

            if (isDefined)
            {
                properties[count++] = new(key, value);
            }
        }

        return Result(properties, count, errors);
    }

    private static FormValidationResult Result(KeyValuePair<string, JsonNode?>[] properties, int count, List<FormFieldError>? errors)
    {
        // Sized once: the object's dictionary does not grow, as it would property by property.
        JsonObject submit;
        if (count == properties.Length)
        {
            submit = new JsonObject(properties);
        }
        else
        {
            submit = [];
            for (var i = 0; i < count; i++)
            {
                submit.Add(properties[i]);
            }
        }

        return new FormValidationResult(errors ?? (IReadOnlyList<FormFieldError>)[], submit);
    }
}
