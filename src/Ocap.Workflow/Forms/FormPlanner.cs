using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Acornima;

namespace Ocap.Workflow.Forms;

/// <summary>Turns a <see cref="FormDefinition"/> into <see cref="FieldPlan"/>s, refusing what cannot be validated faithfully.</summary>
internal static class FormPlanner
{
    /// <summary>How long one <c>validate.pattern</c> may run against one value before the submission is refused.</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(250);

    public static IReadOnlyList<FieldPlan> Plan(FormDefinition form, FormFeel? feel) => PlanChildren(form.Components, feel);

    private static List<FieldPlan> PlanChildren(IReadOnlyList<FormComponent> components, FormFeel? feel)
    {
        var plans = new List<FieldPlan>();
        foreach (var component in components)
        {
            switch (component.Kind)
            {
                case FormComponentKind.Unknown:
                    // form-js's own words: the viewer cannot open a form with a type it does not know.
                    throw new FormSchemaException($"form field of type <{component.Type}> not supported", component.Id, "type");
                case FormComponentKind.Input:
                    plans.Add(PlanInput(component, feel));
                    break;
                case FormComponentKind.Container:
                    plans.Add(PlanContainer(component, feel));
                    break;
            }
        }

        return plans;
    }

    private static Expressions.Feel.FeelUnaryTests? Hide(FormComponent component, FormFeel? feel) => feel?.Tests(component.Id, "conditional.hide");

    private static ContainerPlan PlanContainer(FormComponent component, FormFeel? feel)
    {
        var isList = component.Type == FormComponentTypes.DynamicList;
        var repeating = isList && component.Raw["isRepeating"] is JsonValue r && r.TryGetValue<bool>(out var b) && b;
        var repetitions = component.Raw["defaultRepetitions"] is JsonValue d && d.TryGetValue<int>(out var n) ? n : 1;
        return new ContainerPlan(component)
        {
            Hide = Hide(component, feel),
            PathSegments = component.Path?.Split('.') ?? [],
            IsRepeating = repeating,
            DefaultRepetitions = repetitions,
            Children = PlanChildren(component.Components, feel),
        };
    }

    private static InputPlan PlanInput(FormComponent component, FormFeel? feel)
    {
        var raw = component.Raw;
        var type = component.Type;
        var validate = raw["validate"] as JsonObject;
        var hasDefault = raw.TryGetPropertyValue("defaultValue", out var defaultValue);
        var subtype = JsValues.IsString(raw["subtype"], out var st) ? st : "date";
        var cleanup = type switch
        {
            FormComponentTypes.Textfield => Cleanup.Text,
            FormComponentTypes.Textarea => Cleanup.TextArea,
            FormComponentTypes.Number => Cleanup.Number,
            FormComponentTypes.Checkbox => Cleanup.Checkbox,
            FormComponentTypes.Radio or FormComponentTypes.Select => Cleanup.SingleChoice,
            FormComponentTypes.Checklist or FormComponentTypes.Taglist => Cleanup.MultipleChoice,
            FormComponentTypes.Datetime => subtype switch { "time" => Cleanup.Time, "datetime" => Cleanup.DateTime, _ => Cleanup.Date },
            FormComponentTypes.Expression => Cleanup.Expression,
            _ => Cleanup.None,
        };
        Func<JsonNode?> empty = cleanup switch
        {
            Cleanup.Text or Cleanup.TextArea => static () => JsonValue.Create(string.Empty),
            Cleanup.Checkbox => static () => JsonValue.Create(false),
            Cleanup.MultipleChoice => static () => new JsonArray(),
            _ => static () => null,
        };

        var filterOptions = false;
        string? optionsKey = null;
        IReadOnlyList<JsonNode?>? staticOptions = null;
        if (FormComponentTypes.HasOptions(type))
        {
            var expression = raw["valuesExpression"];
            filterOptions = !JsValues.IsTruthy(expression);
            if (filterOptions)
            {
                optionsKey = JsValues.IsString(raw["valuesKey"], out var k) && k.Length > 0 ? k : null;
                if (optionsKey is null)
                {
                    // form-js gives a choice input without any option source one option, "value".
                    // Detached copies: a string read from the parsed schema is decoded on every read, and every
                    // submission compares against these.
                    staticOptions = raw.TryGetPropertyValue("values", out var values)
                        ? ChoiceOptions.Normalize(values)?.Select(JsValues.Clone).ToArray()
                        : [JsonValue.Create("value")];
                }
            }
        }

        JsDecimal? increment = null;
        if (type == FormComponentTypes.Number && JsValues.IsTruthy(raw["increment"]))
        {
            if (!JsDecimal.TryCreate(raw["increment"], out var inc) || inc.IsZero)
            {
                throw new FormSchemaException($"Component '{component.Id}': 'increment' must be a number other than 0, not '{JsValues.ToJsString(raw["increment"])}'.", component.Id, "increment");
            }

            increment = inc;
        }

        var patternText = validate is not null && JsValues.IsString(validate["pattern"], out var p) && p.Length > 0 ? p : null;
        return new InputPlan(component)
        {
            Hide = Hide(component, feel),
            KeySegments = component.Key!.Split('.'),
            Cleanup = cleanup,
            Disabled = component.Disabled,
            IsCheckbox = type == FormComponentTypes.Checkbox,
            HasDefault = hasDefault,
            DefaultValue = defaultValue,
            EmptyValue = empty,
            SerializeToString = raw["serializeToString"] is JsonValue s && s.TryGetValue<bool>(out var ser) && ser,
            HasExpressionValue = raw.ContainsKey("expression"),
            ExpressionValue = raw["expression"],
            FilterOptions = filterOptions,
            OptionsKey = optionsKey,
            StaticOptions = staticOptions,
            IsNumber = type == FormComponentTypes.Number,
            DecimalDigits = raw["decimalDigits"],
            Increment = increment,
            HasValidate = validate is not null,
            Required = validate is not null && JsValues.IsTruthy(validate["required"]),
            PatternText = patternText,
            Pattern = patternText is null ? null : CompilePattern(component.Id, patternText),
            FixedPattern = patternText is null ? null : FixedLengthPattern.TryCreate(patternText),
            PatternErrorMessage = validate is not null && JsValues.IsString(validate["patternErrorMessage"], out var pm) && pm.Length > 0 ? pm : null,
            Min = validate?["min"],
            MinBound = Bound.Of(validate?["min"]),
            MaxBound = Bound.Of(validate?["max"]),
            MinLengthNumber = validate?["minLength"] is { } minLength ? JsValues.ToJsNumber(minLength) : double.NaN,
            MaxLengthNumber = validate?["maxLength"] is { } maxLength ? JsValues.ToJsNumber(maxLength) : double.NaN,
            MinMessage = validate?["min"] is { } minText ? FormMessages.Min(JsValues.ToJsString(minText)) : null,
            MaxMessage = validate?["max"] is { } maxText ? FormMessages.Max(JsValues.ToJsString(maxText)) : null,
            MinLengthMessage = validate?["minLength"] is { } minLengthText ? FormMessages.MinLength(JsValues.ToJsString(minLengthText)) : null,
            MaxLengthMessage = validate?["maxLength"] is { } maxLengthText ? FormMessages.MaxLength(JsValues.ToJsString(maxLengthText)) : null,
            DecimalDigitsMessage = raw["decimalDigits"] is { } digitsNode ? FormMessages.DecimalDigits(JsValues.ToJsString(digitsNode)) : null,
            Max = validate?["max"],
            MinLength = validate?["minLength"],
            MaxLength = validate?["maxLength"],
            ValidationType = validate is not null && JsValues.IsString(validate["validationType"], out var vt) ? vt : null,
            HasExpressionBounds = validate is not null
                && new[] { "min", "max", "minLength", "maxLength" }.Any(b => FormExpressionScanner.IsExpression(validate[b])),
            ReadonlyTest = feel?.Tests(component.Id, "readonly"),
            Readonly = !FormExpressionScanner.IsExpression(raw["readonly"]) && JsValues.IsTruthy(raw["readonly"]),

            // form-js takes options from valuesKey first, then values, and only then from valuesExpression.
            OptionsExpression = !raw.ContainsKey("valuesKey") && !raw.ContainsKey("values") ? feel?.Expression(component.Id, "valuesExpression") : null,
            ValueExpression = type == FormComponentTypes.Expression ? feel?.Expression(component.Id, "expression") : null,
            ComputeOnPresubmit = JsValues.IsString(raw["computeOn"], out var computeOn) && computeOn == "presubmit",
        };
    }

    /// <summary>
    /// form-js tests <c>new RegExp(pattern)</c> (no flags, unanchored). The JavaScript pattern is translated to an
    /// equivalent .NET one, so that classes like <c>\w</c>, <c>\d</c> and anchors keep their JavaScript meaning.
    /// </summary>
    private static Regex CompilePattern(string componentId, string pattern)
    {
        // Acornima 1.x marks its JS-to-.NET regex converter obsolete because its next major moves it out of the
        // parser package; it is the converter Jint relies on, and replacing it means following it there.
#pragma warning disable CS0618
        try
        {
            // Compiled once per form, since every submission runs it: the same pattern, options and timeout.
            var adapted = Tokenizer.AdaptRegExp(pattern, string.Empty, false, PatternTimeout, true).Regex!;
            return new Regex(adapted.ToString(), adapted.Options | RegexOptions.Compiled, adapted.MatchTimeout);
        }
        catch (Exception e) when (e is SyntaxErrorException or RegExpConversionErrorException)
        {
            throw new FormSchemaException($"Component '{componentId}': 'validate.pattern' is not a usable JavaScript regular expression: {e.Message}", componentId, "validate.pattern");
        }
#pragma warning restore CS0618
    }
}

/// <summary>form-js's reading of option lists (<c>normalizeOptionsData</c>): which option values a choice input accepts.</summary>
internal static class ChoiceOptions
{
    /// <summary>The accepted values, or <see langword="null"/> when the list itself is unusable (not an array).</summary>
    public static List<JsonNode?>? Normalize(JsonNode? options)
    {
        if (options is not JsonArray array)
        {
            return null;
        }

        var values = new List<JsonNode?>();
        foreach (var option in array)
        {
            if (!IsAllowedValue(option))
            {
                continue;
            }

            if (IsAllowedPrimitive(option))
            {
                values.Add(JsValues.Clone(option));
            }
            else if (option is JsonObject obj)
            {
                var validLabel = JsValues.IsString(obj["label"], out var label) && label.Length > 0;
                if (!validLabel && IsAllowedPrimitive(obj["value"]))
                {
                    values.Add(JsValues.Clone(obj["value"]));
                }
                else if (validLabel && IsAllowedValue(obj["value"]))
                {
                    values.Add(JsValues.Clone(obj["value"]));
                }
            }
        }

        return values;
    }

    private static bool IsAllowedPrimitive(JsonNode? value) => JsValues.KindOf(value) switch
    {
        JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True => JsValues.IsTruthy(value) || JsValues.KindOf(value) == JsonValueKind.Number,
        JsonValueKind.False => true,
        _ => false,
    };

    private static bool IsAllowedValue(JsonNode? value) =>
        value is JsonObject obj ? obj.Count > 0 : IsAllowedPrimitive(value);

    /// <summary><see cref="Contains"/> for a parsed string (an option equals it when it is the same string), compared without decoding it.</summary>
    public static bool ContainsString(IReadOnlyList<JsonNode?> values, JsonElement value)
    {
        foreach (var candidate in values)
        {
            if (JsValues.IsString(candidate, out var option) && value.ValueEquals(option))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><see cref="Contains"/> for a number value (compared as <see cref="JsValues.DeepEquals"/> compares numbers).</summary>
    public static bool ContainsNumber(IReadOnlyList<JsonNode?> values, double value)
    {
        foreach (var candidate in values)
        {
            if (JsValues.IsNumber(candidate, out var option) && option.Equals(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><see cref="Contains"/> for <see langword="true"/> or <see langword="false"/>.</summary>
    public static bool ContainsBoolean(IReadOnlyList<JsonNode?> values, JsonValueKind kind)
    {
        foreach (var candidate in values)
        {
            if (JsValues.KindOf(candidate) == kind)
            {
                return true;
            }
        }

        return false;
    }

    public static bool Contains(IReadOnlyList<JsonNode?> values, JsonNode? value)
    {
        foreach (var candidate in values)
        {
            if (JsValues.DeepEquals(candidate, value))
            {
                return true;
            }
        }

        return false;
    }
}
