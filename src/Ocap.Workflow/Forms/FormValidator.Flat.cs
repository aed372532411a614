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
    internal Task<FormValidationResult> ValidateAsync(JsonElement data, IFormScriptValidator? scripts, CancellationToken cancellationToken)
    {
        if (_flatElements is null || data.ValueKind != JsonValueKind.Object)
        {
            return ValidateAsync(JsonNodeOf(data), scripts, cancellationToken);
        }

        FormValidationResult declarative;
        try
        {
            declarative = ValidateFlat(_flatElements, data);
        }
        catch (InvalidOperationException) when (UnreadableText.Find(JsonNodeOf(data)) is { } unreadable)
        {
            return Task.FromException<FormValidationResult>(Unreadable(unreadable));
        }
        catch (Exception e)
        {
            return Task.FromException<FormValidationResult>(e);
        }

        return _customValidator is null ? Task.FromResult(declarative) : ValidateScriptedAsync(declarative, _customValidator, scripts, cancellationToken);
    }

    /// <summary>The flat path over a parsed object: each field read by its UTF-8 key, its value kept as its element where it can be.</summary>
    private static FormValidationResult ValidateFlat(FlatInput[] inputs, JsonElement data)
    {
        var properties = new KeyValuePair<string, JsonNode?>[inputs.Length];
        var count = 0;
        List<FormFieldError>? errors = null;
        // The values kept as the submitted elements; dropped (null) as soon as one value is not.
        var elements = new KeyValuePair<string, JsonElement>[inputs.Length];
        foreach (var (plan, key, utf8Key) in inputs)
        {
            var defined = data.TryGetProperty(utf8Key, out var element);
            bool isDefined;
            JsonNode? value;
            ValueView view;
            if (defined && ParsedValues.TryKeep(plan, element, null, out var kept, out view))
            {
                (isDefined, value) = (true, kept);
                if (elements is not null)
                {
                    elements[count] = new(key, element);
                }
            }
            else
            {
                // The node building the object would have made for this value.
                (isDefined, value) = CleanValue(plan, defined, defined ? JsonNodeOf(element) : null, null);
                view = new ValueView(value);
                if (isDefined)
                {
                    elements = null;
                }
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

        if (elements is not null)
        {
            // Sized once, like the object itself.
            if (count != properties.Length)
            {
                Array.Resize(ref properties, count);
                Array.Resize(ref elements, count);
            }

            return new FormValidationResult(errors ?? (IReadOnlyList<FormFieldError>)[], properties, elements);
        }

        return Result(properties, count, errors);
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
