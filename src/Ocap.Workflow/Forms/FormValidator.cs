using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ocap.Workflow.Forms;

/// <summary>
/// Validates submissions against one form exactly as form-js-viewer's <c>submit()</c> does: the same value
/// clean-up, the same rules in the same order with the same messages, disabled fields skipped and left out,
/// read-only fields validated, errors keyed by component id (and by item inside dynamic lists). Create one
/// per form and reuse it: it is immutable and safe to use from many threads.
/// </summary>
public sealed class FormValidator
{
    private readonly IReadOnlyList<FieldPlan> _plans;
    private readonly IFormExpressionEvaluator? _evaluator;

    private FormValidator(FormDefinition form, IReadOnlyList<FieldPlan> plans, IFormExpressionEvaluator? evaluator)
    {
        Form = form;
        _plans = plans;
        _evaluator = evaluator;
    }

    /// <summary>The form this validator checks submissions against.</summary>
    public FormDefinition Form { get; }

    /// <summary>Prepares validation for <paramref name="form"/>.</summary>
    /// <param name="form">The form.</param>
    /// <exception cref="FormExpressionException">The form uses FEEL, which this build cannot evaluate.</exception>
    /// <exception cref="FormSchemaException">The form has a component type this build does not know, an unusable pattern or increment.</exception>
    public static FormValidator Create(FormDefinition form) => Create(form, null);

    internal static FormValidator Create(FormDefinition form, IFormExpressionEvaluator? evaluator)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new FormValidator(form, FormPlanner.Plan(form, evaluator), evaluator);
    }

    /// <summary>Validates a submission with the form's declarative rules only.</summary>
    /// <param name="data">The submitted data: a JSON object, or <see langword="null"/> for none.</param>
    /// <returns>The errors and the cleaned data form-js would submit.</returns>
    /// <exception cref="FormDataException">The data cannot be bound to the form (form-js would not open it).</exception>
    public FormValidationResult Validate(JsonNode? data)
    {
        if (data is not null and not JsonObject)
        {
            throw new FormDataException(string.Empty, "The submitted data must be a JSON object.");
        }

        var run = new Run(this, data);
        run.Walk(_plans, data, [], [], visible: true, parentScope: null);
        return new FormValidationResult(run.Errors, run.Submit);
    }

    /// <summary>
    /// Validates a submission with the declarative rules, then — when the form names one — the tenant's custom
    /// validator, whose errors are added after the declarative ones.
    /// </summary>
    /// <param name="data">The submitted data.</param>
    /// <param name="scripts">Runs the form's custom validator; required when <see cref="FormDefinition.CustomValidator"/> is set.</param>
    /// <param name="cancellationToken">Cancels the custom validator.</param>
    /// <exception cref="FormScriptException">The custom validator failed, hit a limit, returned something unusable, or no runner was given. Never reported as valid.</exception>
    public async Task<FormValidationResult> ValidateAsync(JsonNode? data, IFormScriptValidator? scripts, CancellationToken cancellationToken)
    {
        var declarative = Validate(data);
        var module = Form.CustomValidator;
        if (module is null)
        {
            return declarative;
        }

        if (scripts is null)
        {
            throw new FormScriptException(FormScriptFailureKind.Unavailable,
                $"Form '{Form.Id}' names the custom validator '{module}', but no script runner was supplied, so the submission cannot be validated.");
        }

        var context = new JsonObject
        {
            ["formId"] = Form.Id,
            ["errors"] = declarative.ErrorsToJson(),
        };
        JsonNode? returned;
        try
        {
            returned = await scripts.ValidateAsync(new FormScriptRequest(module, Form, declarative.Data, context), cancellationToken).ConfigureAwait(false);
        }
        catch (FormScriptException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new FormScriptException(FormScriptFailureKind.ScriptError, $"The custom validator '{module}' of form '{Form.Id}' failed: {e.Message}", e);
        }

        return ScriptErrors.Merge(Form, module, declarative, returned);
    }

    /// <summary>One submission's walk over the plans, in form-js's render order.</summary>
    private sealed class Run(FormValidator owner, JsonNode? data)
    {
        private readonly List<int> _indexes = [];

        public List<FormFieldError> Errors { get; } = [];

        public JsonObject Submit { get; } = new();

        /// <param name="plans">The components at this level.</param>
        /// <param name="scope">The incoming data object keys are read relative to (the data, or a list item).</param>
        /// <param name="relative">Group-path segments between <paramref name="scope"/> and this level.</param>
        /// <param name="absolute">The full path of this level in the submitted data.</param>
        /// <param name="visible">Whether this level is rendered (not under a hidden container).</param>
        /// <param name="parentScope">The scope enclosing <paramref name="scope"/>, for expressions.</param>
        public void Walk(IReadOnlyList<FieldPlan> plans, JsonNode? scope, string[] relative, List<PathStep> absolute, bool visible, JsonNode? parentScope)
        {
            foreach (var plan in plans)
            {
                var shown = visible && !IsHidden(plan, scope, parentScope);
                if (plan is InputPlan input)
                {
                    Input(input, scope, relative, absolute, shown, parentScope);
                }
                else if (plan is ContainerPlan container)
                {
                    Container(container, scope, relative, absolute, shown, parentScope);
                }
            }
        }

        private bool IsHidden(FieldPlan plan, JsonNode? scope, JsonNode? parentScope) =>
            plan.HideExpression is { } hide
            && owner._evaluator!.EvaluateCondition(hide, new FormExpressionScope(data, scope ?? data, parentScope, _indexes.Select(i => i + 1).ToArray())) == true;

        private void Container(ContainerPlan plan, JsonNode? scope, string[] relative, List<PathStep> absolute, bool shown, JsonNode? parentScope)
        {
            string[] path = [.. relative, .. plan.PathSegments];
            var steps = new List<PathStep>(absolute);
            steps.AddRange(plan.PathSegments.Select(PathStep.Property));
            if (!plan.IsRepeating)
            {
                Walk(plan.Children, scope, path, steps, shown, parentScope);
                return;
            }

            DataPath.EnsureWritable(scope, path, absolute, relative.Length);
            var items = DataPath.TryGet(scope, path, out var value) && value is JsonArray array ? array : null;
            var count = items?.Count ?? plan.DefaultRepetitions;
            for (var i = 0; i < count; i++)
            {
                var item = items?[i] as JsonObject;
                var itemSteps = new List<PathStep>(steps) { PathStep.Item(i) };
                _indexes.Add(i);
                Walk(plan.Children, item, [], itemSteps, shown, scope);
                _indexes.RemoveAt(_indexes.Count - 1);
            }
        }

        private void Input(InputPlan plan, JsonNode? scope, string[] relative, List<PathStep> absolute, bool shown, JsonNode? parentScope)
        {
            string[] path = relative.Length == 0 ? plan.KeySegments : [.. relative, .. plan.KeySegments];
            DataPath.EnsureWritable(scope, path, absolute, relative.Length);
            if (!shown || plan.Disabled)
            {
                return;
            }

            var defined = DataPath.TryGet(scope, path, out var incoming);
            var (isDefined, value) = Clean(plan, defined, incoming);
            var messages = FieldRules.Check(plan, value, isDefined, this, scope, parentScope);
            if (messages is not null)
            {
                Errors.Add(new FormFieldError(plan.Id, _indexes.ToArray(), messages));
            }

            if (isDefined)
            {
                DataPath.Set(Submit, absolute, plan.KeySegments, value);
            }
        }

        public JsonNode? Evaluate(string expression, JsonNode? scope, JsonNode? parentScope) =>
            owner._evaluator!.Evaluate(expression, new FormExpressionScope(data, scope ?? data, parentScope, _indexes.Select(i => i + 1).ToArray()));

        /// <summary>form-js's data initialisation for one field: clean a given value, else the default, else the empty value.</summary>
        private (bool Defined, JsonNode? Value) Clean(InputPlan plan, bool defined, JsonNode? incoming)
        {
            if (plan.Cleanup == Cleanup.Expression)
            {
                // The expression field recomputes its value on render; a plain (non-FEEL) expression is its own value.
                return plan.HasExpressionValue ? (true, JsValues.Clone(plan.ExpressionValue)) : (false, null);
            }

            JsonNode? value;
            if (defined)
            {
                value = ValueCleanup.Clean(plan, incoming, data);
            }
            else if (plan.HasDefault)
            {
                value = JsValues.Clone(plan.DefaultValue);
                if (plan.Cleanup is Cleanup.SingleChoice or Cleanup.MultipleChoice)
                {
                    // Choice inputs also drop a default that is not among their options when they render.
                    value = ValueCleanup.Clean(plan, value, data);
                }
            }
            else
            {
                value = plan.EmptyValue();
            }

            return (true, value);
        }
    }

    /// <summary>The declarative rules of <c>Validator.js</c>, in its order.</summary>
    private static class FieldRules
    {
        public static List<string>? Check(InputPlan plan, JsonNode? value, bool defined, Run run, JsonNode? scope, JsonNode? parentScope)
        {
            List<string>? errors = null;
            if (plan.IsNumber)
            {
                NumberRules(plan, value, ref errors);
            }

            if (!plan.HasValidate)
            {
                return errors;
            }

            var min = plan.Min;
            var max = plan.Max;
            var minLength = plan.MinLength;
            var maxLength = plan.MaxLength;
            Bound minBound = plan.MinBound, maxBound = plan.MaxBound;
            double minLengthNumber = plan.MinLengthNumber, maxLengthNumber = plan.MaxLengthNumber;
            string? minMessage = plan.MinMessage, maxMessage = plan.MaxMessage, minLengthMessage = plan.MinLengthMessage, maxLengthMessage = plan.MaxLengthMessage;
            if (plan.HasExpressionBounds)
            {
                minMessage = maxMessage = minLengthMessage = maxLengthMessage = null;
                min = Bound(min, run, scope, parentScope);
                max = Bound(max, run, scope, parentScope);
                minLength = Bound(minLength, run, scope, parentScope);
                maxLength = Bound(maxLength, run, scope, parentScope);
                minBound = Forms.Bound.Of(min);
                maxBound = Forms.Bound.Of(max);
                minLengthNumber = minLength is null ? double.NaN : JsValues.ToJsNumber(minLength);
                maxLengthNumber = maxLength is null ? double.NaN : JsValues.ToJsNumber(maxLength);
            }

            var truthy = defined && JsValues.IsTruthy(value);
            if (plan.Pattern is not null && truthy && !Matches(plan, plan.Pattern, JsValues.ToJsString(value)))
            {
                Add(ref errors, plan.PatternErrorMessage ?? FormMessages.Pattern(plan.PatternText!));
            }

            if (plan.Required && IsEmpty(plan, value, defined))
            {
                Add(ref errors, FormMessages.Required);
            }

            var numeric = truthy || (JsValues.IsNumber(value, out var n) && n == 0);
            if (min is not null && numeric)
            {
                Compare(value, min, minBound, minMessage, below: true, ref errors);
            }

            if (max is not null && numeric)
            {
                Compare(value, max, maxBound, maxMessage, below: false, ref errors);
            }

            // JavaScript compares a length with a non-numeric bound as false, which NaN comparisons also give.
            if (minLength is not null && truthy && Length(plan, value, "minLength") < minLengthNumber)
            {
                Add(ref errors, minLengthMessage ?? FormMessages.MinLength(JsValues.ToJsString(minLength)));
            }

            if (maxLength is not null && truthy && Length(plan, value, "maxLength") > maxLengthNumber)
            {
                Add(ref errors, maxLengthMessage ?? FormMessages.MaxLength(JsValues.ToJsString(maxLength)));
            }

            if (plan.ValidationType == "phone" && truthy && !Matches(plan, TextPatterns.Phone(), JsValues.ToJsString(value)))
            {
                Add(ref errors, FormMessages.Phone);
            }

            if (plan.ValidationType == "email" && truthy && !Matches(plan, TextPatterns.Email(), JsValues.ToJsString(value)))
            {
                Add(ref errors, FormMessages.Email);
            }

            return errors;
        }

        private static JsonNode? Bound(JsonNode? bound, Run run, JsonNode? scope, JsonNode? parentScope) =>
            JsValues.IsString(bound, out var text) && text.StartsWith('=') ? run.Evaluate(text, scope, parentScope) : bound;

        private static void NumberRules(InputPlan plan, JsonNode? value, ref List<string>? errors)
        {
            if (JsValues.IsString(value, out var s) && s == "NaN")
            {
                Add(ref errors, FormMessages.NotANumber);
                return;
            }

            if (!JsValues.IsTruthy(value))
            {
                return;
            }

            var digits = plan.DecimalDigits;
            var checksDigits = digits is not null && JsValues.ToJsNumber(digits) >= 0;
            if (!checksDigits && plan.Increment is null)
            {
                return;
            }

            // Only now does form-js hand the value to big.js, which throws on text it cannot read. A JSON number
            // always reads; its decimals can be counted without building a decimal.
            JsDecimal number = default;
            var isDouble = JsValues.IsNumber(value, out var asDouble);
            if (!isDouble && !JsDecimal.TryCreate(value, out number))
            {
                throw new FormDataException(plan.Component.Key!,
                    $"The value '{JsValues.ToJsString(value)}' of number field '{plan.Id}' is not a plain decimal number; form-js cannot check it either.");
            }

            if (checksDigits && (isDouble ? JsDecimal.DecimalPlacesOf(asDouble) : number.DecimalPlaces) > JsValues.ToJsNumber(digits))
            {
                if (JsValues.IsNumber(digits, out var d) && d == 0)
                {
                    Add(ref errors, FormMessages.Integer);
                }
                else if (JsValues.IsNumber(digits, out d) && d == 1)
                {
                    Add(ref errors, FormMessages.OneDecimalDigit);
                }
                else
                {
                    Add(ref errors, plan.DecimalDigitsMessage!);
                }
            }

            if (plan.Increment is { } increment)
            {
                if (isDouble)
                {
                    JsDecimal.TryCreate(value, out number);
                }

                var offset = number.Mod(increment);
                if (!offset.IsZero)
                {
                    var previous = number.Minus(offset);
                    Add(ref errors, FormMessages.Increment(previous.ToString(), previous.Plus(increment).ToString()));
                }
            }
        }

        private static void Compare(JsonNode? value, JsonNode? bound, Bound parsed, string? message, bool below, ref List<string>? errors)
        {
            int comparison;
            if (parsed.IsNumber && JsValues.IsNumber(value, out var number))
            {
                // Two JavaScript numbers: big.js compares their shortest decimal forms, which order exactly as the doubles do.
                comparison = number.CompareTo(parsed.Number);
            }
            else if (parsed.IsDecimal && JsDecimal.TryCreate(value, out var v))
            {
                comparison = v.CompareTo(parsed.Decimal);
            }
            else
            {
                // form-js reports a value that big.js cannot read as a bad bound, whichever of the two is at fault.
                Add(ref errors, below ? FormMessages.MinInvalid : FormMessages.MaxInvalid);
                return;
            }

            if (below && comparison < 0)
            {
                Add(ref errors, message ?? FormMessages.Min(JsValues.ToJsString(bound)));
            }
            else if (!below && comparison > 0)
            {
                Add(ref errors, message ?? FormMessages.Max(JsValues.ToJsString(bound)));
            }
        }

        private static int Length(InputPlan plan, JsonNode? value, string rule)
        {
            // form-js calls value.trim(); on anything but text that throws in the browser and the form cannot submit.
            if (!JsValues.IsString(value, out var text))
            {
                throw new FormSchemaException(
                    $"Component '{plan.Id}': 'validate.{rule}' applies to text, but the {plan.Component.Type}'s value is not text; form-js fails on this form.", plan.Id, "validate." + rule);
            }

            return JsNumber.TrimJsWhiteSpace(text).Length;
        }

        private static bool IsEmpty(InputPlan plan, JsonNode? value, bool defined)
        {
            if (!defined || value is null)
            {
                return true;
            }

            return JsValues.KindOf(value) switch
            {
                JsonValueKind.False => plan.IsCheckbox,
                JsonValueKind.String => value.GetValue<string>().Length == 0,
                JsonValueKind.Array => value.AsArray().Count == 0,
                _ => false,
            };
        }

        private static bool Matches(InputPlan plan, Regex regex, string text)
        {
            try
            {
                return regex.IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                throw new FormDataException(plan.Component.Key!,
                    $"Checking the value of '{plan.Id}' against its pattern took longer than {FormPlanner.PatternTimeout.TotalMilliseconds} ms; the submission is refused.");
            }
        }

        private static void Add(ref List<string>? errors, string message) => (errors ??= []).Add(message);
    }
}
