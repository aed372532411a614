using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Forms;

/// <summary>
/// Validates submissions against one form exactly as form-js-viewer's <c>submit()</c> does: the same value
/// clean-up, the same rules in the same order with the same messages, disabled fields skipped and left out,
/// read-only fields validated, errors keyed by component id (and by item inside dynamic lists). Create one
/// per form and reuse it: it is immutable and safe to use from many threads.
/// </summary>
public sealed partial class FormValidator
{
    /// <summary>How many times a submission may be re-rendered because an option list or expression field changed the data.</summary>
    private const int MaxRenders = 16;

    private readonly IReadOnlyList<FieldPlan> _plans;
    private readonly FormFeel? _feel;

    // The enabled inputs of a flat form (see FlatInputs), validated by a direct loop; null for other forms.
    private readonly InputPlan[]? _flat;
    private readonly FlatInput[]? _flatElements;

    // Read once: the definition is immutable, and the property is a lookup in its raw JSON.
    private readonly string? _customValidator;

    private FormValidator(FormDefinition form, IReadOnlyList<FieldPlan> plans, FormFeel? feel)
    {
        Form = form;
        _plans = plans;
        _feel = feel;
        _flat = FlatInputs(plans, feel);
        _flatElements = FlatElements(_flat);
        _customValidator = form.CustomValidator;
    }

    /// <summary>The form this validator checks submissions against.</summary>
    public FormDefinition Form { get; }

    /// <summary>Prepares validation for <paramref name="form"/>, parsing its FEEL (evaluated with the default FEEL bounds and the system clock).</summary>
    /// <param name="form">The form.</param>
    /// <exception cref="FormExpressionException">An expression or template of the form is not valid FEEL (the exception names component, property and position), or sits in a property whose FEEL is not evaluated.</exception>
    /// <exception cref="FormSchemaException">The form has a component type this build does not know, an unusable pattern or increment.</exception>
    public static FormValidator Create(FormDefinition form) => Create(form, FeelEvaluationOptions.Default);

    /// <summary>Prepares validation for <paramref name="form"/>; its FEEL is evaluated with <paramref name="feelOptions"/>.</summary>
    /// <param name="form">The form.</param>
    /// <param name="feelOptions">The clock behind <c>now()</c>/<c>today()</c> and the bounds of every FEEL evaluation; exceeding one makes <see cref="Validate"/> throw <see cref="FormDataException"/>.</param>
    /// <exception cref="FormExpressionException">An expression or template of the form is not valid FEEL, or sits in a property whose FEEL is not evaluated.</exception>
    /// <exception cref="FormSchemaException">The form has a component type this build does not know, an unusable pattern or increment.</exception>
    public static FormValidator Create(FormDefinition form, FeelEvaluationOptions feelOptions)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(feelOptions);
        var feel = FormFeel.Compile(form, feelOptions);
        return new FormValidator(form, FormPlanner.Plan(form, feel), feel);
    }

    /// <summary>Validates a submission with the form's declarative rules only.</summary>
    /// <param name="data">The submitted data: a JSON object, or <see langword="null"/> for none.</param>
    /// <returns>The errors and the cleaned data form-js would submit.</returns>
    /// <exception cref="FormDataException">The data cannot be bound to the form (form-js would not open it), holds text that
    /// is not valid Unicode (an escape of half a surrogate pair), or a FEEL evaluation exceeded its bounds.</exception>
    public FormValidationResult Validate(JsonNode? data)
    {
        try
        {
            return ValidateReadable(data);
        }
        catch (InvalidOperationException) when (UnreadableText.Find(data) is { } unreadable)
        {
            throw Unreadable(unreadable);
        }
    }

    /// <summary>
    /// The refusal of data whose text System.Text.Json cannot read (an escape of half a surrogate pair): it throws
    /// wherever such a string is first read, and every path names the place instead.
    /// </summary>
    private static FormDataException Unreadable(string path) => new(path, UnreadableText.Describe("The submitted data", path));

    private FormValidationResult ValidateReadable(JsonNode? data)
    {
        if (data is not null and not JsonObject)
        {
            throw new FormDataException(string.Empty, "The submitted data must be a JSON object.");
        }

        if (_feel is not null)
        {
            return ValidateWithFeel(data as JsonObject);
        }

        if (_flat is not null)
        {
            return ValidateFlat(_flat, data as JsonObject);
        }

        return ValidateByWalk(data);
    }

    /// <summary>The general one-pass walk, for any form without FEEL (the flat path must answer exactly as this does).</summary>
    internal FormValidationResult ValidateByWalk(JsonNode? data)
    {
        if (data is not null and not JsonObject)
        {
            throw new FormDataException(string.Empty, "The submitted data must be a JSON object.");
        }

        try
        {
            var run = new Run(data, null);
            run.Walk(_plans, data, [], [], visible: true, level: null);
            return new FormValidationResult(run.Errors, run.Submit);
        }
        catch (InvalidOperationException) when (UnreadableText.Find(data) is { } unreadable)
        {
            throw Unreadable(unreadable);
        }
    }

    /// <summary>
    /// The FEEL path replays the viewer's phases: initialise every field's data (clean, default or empty, hidden or
    /// not), filter out what the hide conditions remove to get the data expressions see, then render: decide
    /// visibility, drop choices outside evaluated options and compute expression fields. When rendering changed
    /// the data, form-js renders again, and so do we, until the data settles.
    /// </summary>
    private FormValidationResult ValidateWithFeel(JsonObject? data)
    {
        var state = new Run(data, null).Initialize(_plans);
        var computed = new HashSet<string>(StringComparer.Ordinal);
        for (var render = 0; render < MaxRenders; render++)
        {
            var visible = FeelLevel.Root(_feel!, FeelFilter.Apply(_plans, state, _feel!), render: true);
            var run = new Run(state, new FeelRender(_feel!, computed));
            run.Walk(_plans, state, [], [], visible: true, level: visible);
            if (!run.Feel!.Changed)
            {
                return new FormValidationResult(run.Errors, run.Submit);
            }
        }

        throw new FormDataException(string.Empty, $"The form's option lists and expression fields did not settle after {MaxRenders} renders; the submission cannot be validated.");
    }

    /// <summary>
    /// Validates a submission with the declarative rules, then — when the form names one — the tenant's custom
    /// validator, whose errors are added after the declarative ones.
    /// </summary>
    /// <param name="data">The submitted data.</param>
    /// <param name="scripts">Runs the form's custom validator; required when <see cref="FormDefinition.CustomValidator"/> is set.</param>
    /// <param name="cancellationToken">Cancels the custom validator.</param>
    /// <exception cref="FormScriptException">The custom validator failed, hit a limit, returned something unusable, or no runner was given. Never reported as valid.</exception>
    public Task<FormValidationResult> ValidateAsync(JsonNode? data, IFormScriptValidator? scripts, CancellationToken cancellationToken)
    {
        // Without a custom validator nothing waits: no async state machine, and a failure still arrives through the task.
        FormValidationResult declarative;
        try
        {
            declarative = Validate(data);
        }
        catch (Exception e)
        {
            return Task.FromException<FormValidationResult>(e);
        }

        return _customValidator is null ? Task.FromResult(declarative) : ValidateScriptedAsync(declarative, _customValidator, scripts, cancellationToken);
    }

    private async Task<FormValidationResult> ValidateScriptedAsync(FormValidationResult declarative, string module, IFormScriptValidator? scripts, CancellationToken cancellationToken)
    {
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
    /// <param name="data">The incoming data (plain path) or the initialised data (FEEL path).</param>
    /// <param name="feel">The FEEL render state, or <see langword="null"/> on the plain path.</param>
    private sealed class Run(JsonNode? data, FeelRender? feel)
    {
        private readonly List<int> _indexes = [];
        private List<FormFieldError>? _errors;

        /// <summary>The errors found so far (none allocated for a valid submission).</summary>
        public IReadOnlyList<FormFieldError> Errors => _errors ?? (IReadOnlyList<FormFieldError>)[];

        public JsonObject Submit { get; } = new();

        public FeelRender? Feel => feel;

        /// <param name="plans">The components at this level.</param>
        /// <param name="scope">The incoming data object keys are read relative to (the data, or a list item).</param>
        /// <param name="relative">Group-path segments between <paramref name="scope"/> and this level.</param>
        /// <param name="absolute">The full path of this level in the submitted data.</param>
        /// <param name="visible">Whether this level is rendered (not under a hidden container).</param>
        /// <param name="level">The FEEL context of this level (FEEL path only).</param>
        public void Walk(IReadOnlyList<FieldPlan> plans, JsonNode? scope, string[] relative, List<PathStep> absolute, bool visible, FeelLevel? level)
        {
            foreach (var plan in plans)
            {
                var shown = visible && !(plan.Hide is { } hide && feel!.Holds(hide, level!, plan.Component, "conditional.hide"));
                if (plan is InputPlan input)
                {
                    Input(input, scope, relative, absolute, shown, level);
                }
                else if (plan is ContainerPlan container)
                {
                    Container(container, scope, relative, absolute, shown, level);
                }
            }
        }

        /// <summary>
        /// form-js's <c>_getInitializedFieldData</c>: a copy of the data with every field's value cleaned (else its
        /// default, else its empty value) and every dynamic list an array of objects, hidden and disabled fields included.
        /// </summary>
        public JsonObject Initialize(IReadOnlyList<FieldPlan> plans)
        {
            var state = data is JsonObject given ? (JsonObject)given.DeepClone() : new JsonObject();
            InitializeLevel(plans, data, [], [], state);
            return state;
        }

        private void InitializeLevel(IReadOnlyList<FieldPlan> plans, JsonNode? scope, string[] relative, List<PathStep> absolute, JsonObject state)
        {
            foreach (var plan in plans)
            {
                if (plan is InputPlan input)
                {
                    string[] path = relative.Length == 0 ? input.KeySegments : [.. relative, .. input.KeySegments];
                    DataPath.EnsureWritable(scope, path, absolute, relative.Length);
                    var defined = DataPath.TryGet(scope, path, out var incoming);
                    var (isDefined, value) = Clean(input, defined, incoming);
                    if (isDefined)
                    {
                        DataPath.Set(state, absolute, input.KeySegments, value);
                    }

                    continue;
                }

                var container = (ContainerPlan)plan;
                string[] containerPath = [.. relative, .. container.PathSegments];
                var steps = new List<PathStep>(absolute);
                steps.AddRange(container.PathSegments.Select(PathStep.Property));
                if (!container.IsRepeating)
                {
                    InitializeLevel(container.Children, scope, containerPath, steps, state);
                    continue;
                }

                DataPath.EnsureWritable(scope, containerPath, absolute, relative.Length);
                var items = DataPath.TryGet(scope, containerPath, out var listValue) && listValue is JsonArray array ? array : null;
                var count = items?.Count ?? container.DefaultRepetitions;
                var list = new JsonArray();
                for (var i = 0; i < count; i++)
                {
                    list.Add(items?[i] is JsonObject item ? item.DeepClone() : new JsonObject());
                }

                DataPath.Set(state, steps, list);
                for (var i = 0; i < count; i++)
                {
                    InitializeLevel(container.Children, items?[i] as JsonObject, [], [.. steps, PathStep.Item(i)], state);
                }
            }
        }

        private void Container(ContainerPlan plan, JsonNode? scope, string[] relative, List<PathStep> absolute, bool shown, FeelLevel? level)
        {
            string[] path = [.. relative, .. plan.PathSegments];
            var steps = new List<PathStep>(absolute);
            steps.AddRange(plan.PathSegments.Select(PathStep.Property));
            if (!plan.IsRepeating)
            {
                Walk(plan.Children, scope, path, steps, shown, level);
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
                Walk(plan.Children, item, [], itemSteps, shown, level?.Item(item, i));
                _indexes.RemoveAt(_indexes.Count - 1);
            }
        }

        private void Input(InputPlan plan, JsonNode? scope, string[] relative, List<PathStep> absolute, bool shown, FeelLevel? level)
        {
            string[] path = relative.Length == 0 ? plan.KeySegments : [.. relative, .. plan.KeySegments];
            DataPath.EnsureWritable(scope, path, absolute, relative.Length);
            if (!shown || plan.Disabled)
            {
                return;
            }

            var defined = DataPath.TryGet(scope, path, out var incoming);
            bool isDefined;
            JsonNode? value;
            if (feel is null)
            {
                (isDefined, value) = Clean(plan, defined, incoming);
            }
            else
            {
                // The data was initialised already; rendering may still replace the value.
                (isDefined, value, var changed) = feel.Render(plan, defined, JsValues.Clone(incoming), level!, (JsonObject)data!, _indexes);
                if (changed)
                {
                    DataPath.Set((JsonObject)data!, absolute, plan.KeySegments, JsValues.Clone(value));
                }
            }

            var messages = FieldRules.Check(plan, value, isDefined, this, level);
            if (messages is not null)
            {
                (_errors ??= []).Add(new FormFieldError(plan.Id, _indexes.ToArray(), messages));
            }

            if (isDefined)
            {
                DataPath.Set(Submit, absolute, plan.KeySegments, value);
            }
        }

        public JsonNode? Evaluate(InputPlan plan, string rule, FeelLevel level) =>
            feel!.EvaluateBound(plan, rule, level);

        /// <summary>form-js's data initialisation for one field: clean a given value, else the default, else the empty value.</summary>
        private (bool Defined, JsonNode? Value) Clean(InputPlan plan, bool defined, JsonNode? incoming) => CleanValue(plan, defined, incoming, data);
    }

    /// <summary>form-js's data initialisation for one field: clean a given value, else the default, else the empty value.</summary>
    /// <param name="plan">The field.</param>
    /// <param name="defined">Whether the submission has a value at the field's key.</param>
    /// <param name="incoming">That value.</param>
    /// <param name="data">The whole submission (a choice input's <c>valuesKey</c> names one of its properties).</param>
    private static (bool Defined, JsonNode? Value) CleanValue(InputPlan plan, bool defined, JsonNode? incoming, JsonNode? data)
    {
        if (plan.Cleanup == Cleanup.Expression && plan.ValueExpression is null)
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

    /// <summary>The declarative rules of <c>Validator.js</c>, in its order.</summary>
    private static class FieldRules
    {
        public static List<string>? Check(InputPlan plan, JsonNode? value, bool defined, Run run, FeelLevel? level) =>
            Check(plan, new ValueView(value), defined, run, level);

        /// <param name="plan">The field.</param>
        /// <param name="view">The field's cleaned value, read once.</param>
        /// <param name="defined">Whether the value is defined (an expression field without a value is not).</param>
        /// <param name="run">The walk (its FEEL evaluates expression bounds); <see langword="null"/> when the field has none.</param>
        /// <param name="level">The FEEL context, when <paramref name="run"/> evaluates FEEL.</param>
        public static List<string>? Check(InputPlan plan, in ValueView view, bool defined, Run? run, FeelLevel? level)
        {
            List<string>? errors = null;
            if (plan.IsNumber)
            {
                NumberRules(plan, view, ref errors);
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
                min = Bound(plan, min, "min", run!, level!);
                max = Bound(plan, max, "max", run!, level!);
                minLength = Bound(plan, minLength, "minLength", run!, level!);
                maxLength = Bound(plan, maxLength, "maxLength", run!, level!);
                minBound = Forms.Bound.Of(min);
                maxBound = Forms.Bound.Of(max);
                minLengthNumber = minLength is null ? double.NaN : JsValues.ToJsNumber(minLength);
                maxLengthNumber = maxLength is null ? double.NaN : JsValues.ToJsNumber(maxLength);
            }

            var truthy = defined && view.IsTruthy;
            if (plan.Pattern is not null && truthy && !(plan.FixedPattern is { } fixedPattern ? view.Matches(fixedPattern) : Matches(plan, plan.Pattern, view.ToJsString())))
            {
                Add(ref errors, plan.PatternErrorMessage ?? FormMessages.Pattern(plan.PatternText!));
            }

            if (plan.Required && IsEmpty(plan, view, defined))
            {
                Add(ref errors, FormMessages.Required);
            }

            var numeric = truthy || (view.IsNumber(out var n) && n == 0);
            if (min is not null && numeric)
            {
                Compare(view, min, minBound, minMessage, below: true, ref errors);
            }

            if (max is not null && numeric)
            {
                Compare(view, max, maxBound, maxMessage, below: false, ref errors);
            }

            // JavaScript compares a length with a non-numeric bound as false, which NaN comparisons also give.
            if (minLength is not null && truthy && Length(plan, view, "minLength") < minLengthNumber)
            {
                Add(ref errors, minLengthMessage ?? FormMessages.MinLength(JsValues.ToJsString(minLength)));
            }

            if (maxLength is not null && truthy && Length(plan, view, "maxLength") > maxLengthNumber)
            {
                Add(ref errors, maxLengthMessage ?? FormMessages.MaxLength(JsValues.ToJsString(maxLength)));
            }

            if (plan.ValidationType == "phone" && truthy && !Matches(plan, TextPatterns.Phone(), view.ToJsString()))
            {
                Add(ref errors, FormMessages.Phone);
            }

            if (plan.ValidationType == "email" && truthy && !Matches(plan, TextPatterns.Email(), view.ToJsString()))
            {
                Add(ref errors, FormMessages.Email);
            }

            return errors;
        }

        private static JsonNode? Bound(InputPlan plan, JsonNode? bound, string rule, Run run, FeelLevel level) =>
            FormExpressionScanner.IsExpression(bound) ? run.Evaluate(plan, rule, level) : bound;

        private static void NumberRules(InputPlan plan, in ValueView view, ref List<string>? errors)
        {
            if (view.IsString(out var s) && s == "NaN")
            {
                Add(ref errors, FormMessages.NotANumber);
                return;
            }

            if (!view.IsTruthy)
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
            var isDouble = view.IsNumber(out var asDouble);
            if (!isDouble && !JsDecimal.TryCreate(view.Node, out number))
            {
                throw new FormDataException(plan.Component.Key!,
                    $"The value '{JsValues.ToJsString(view.Node)}' of number field '{plan.Id}' is not a plain decimal number; form-js cannot check it either.");
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
                    JsDecimal.TryCreate(view.Node, out number);
                }

                var offset = number.Mod(increment);
                if (!offset.IsZero)
                {
                    var previous = number.Minus(offset);
                    Add(ref errors, FormMessages.Increment(previous.ToString(), previous.Plus(increment).ToString()));
                }
            }
        }

        private static void Compare(in ValueView view, JsonNode? bound, Bound parsed, string? message, bool below, ref List<string>? errors)
        {
            int comparison;
            if (parsed.IsNumber && view.IsNumber(out var number))
            {
                // Two JavaScript numbers: big.js compares their shortest decimal forms, which order exactly as the doubles do.
                comparison = number.CompareTo(parsed.Number);
            }
            else if (parsed.IsDecimal && JsDecimal.TryCreate(view.Node, out var v))
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

        private static int Length(InputPlan plan, in ValueView view, string rule)
        {
            // form-js calls value.trim(); on anything but text that throws in the browser and the form cannot submit.
            if (!view.IsText)
            {
                throw new FormSchemaException(
                    $"Component '{plan.Id}': 'validate.{rule}' applies to text, but the {plan.Component.Type}'s value is not text; form-js fails on this form.", plan.Id, "validate." + rule);
            }

            return view.TrimmedLength;
        }

        private static bool IsEmpty(InputPlan plan, in ValueView view, bool defined)
        {
            if (!defined || view.IsNull)
            {
                return true;
            }

            return view.Kind switch
            {
                JsonValueKind.False => plan.IsCheckbox,
                JsonValueKind.String => view.TextLength == 0,
                JsonValueKind.Array => view.Node!.AsArray().Count == 0,
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
