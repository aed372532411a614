using System.Text.Json.Nodes;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Forms;

/// <summary>
/// The FEEL of one form, parsed once when the validator is created: every <c>=…</c> expression and every
/// <c>{{ }}</c> template, whether it changes the submitted data or only the display, so that a broken one is a
/// load error naming the component, property and position. Conditions (<c>conditional.hide</c>, <c>readonly</c>)
/// are unary tests, as form-js parses them; everything else is an expression.
/// </summary>
internal sealed class FormFeel
{
    // form-js reads these raw, without evaluating; an '=' there would not do what its author meant.
    private static readonly HashSet<string> Refused = new(StringComparer.Ordinal) { "defaultRepetitions" };

    private static readonly HashSet<string> UnaryTestProperties = new(StringComparer.Ordinal) { "conditional.hide", "readonly" };

    private readonly Dictionary<(string Id, string Property), FeelExpression> _expressions = [];
    private readonly Dictionary<(string Id, string Property), FeelUnaryTests> _tests = [];

    // Every variable name an evaluated expression may read; contexts carry only these entries (FreeNames is a
    // superset of what an expression reads, so nothing it needs is left out).
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    private FormFeel(FeelEvaluationOptions options) => Options = options;

    /// <summary>The bounds and clock every evaluation of this form uses.</summary>
    public FeelEvaluationOptions Options { get; }

    /// <summary>Parses the form's FEEL, or returns <see langword="null"/> when it has none.</summary>
    /// <exception cref="FormExpressionException">An expression or template is not valid FEEL, or sits where FEEL is refused.</exception>
    public static FormFeel? Compile(FormDefinition form, FeelEvaluationOptions options)
    {
        if (form.Expressions.Count == 0)
        {
            return null;
        }

        var feel = new FormFeel(options);
        foreach (var use in form.Expressions)
        {
            if (Refused.Contains(use.Property))
            {
                throw new FormExpressionException(use.ComponentId, use.Property, use.Text);
            }

            if (use.IsTemplate)
            {
                ParseTemplate(use);
            }
            else if (UnaryTestProperties.Contains(use.Property))
            {
                var tests = ParseTests(use);
                feel._tests[(use.ComponentId, use.Property)] = tests;
                feel._names.UnionWith(tests.FreeNames);
            }
            else
            {
                var expression = ParseExpression(use, use.Text, 0);
                feel._expressions[(use.ComponentId, use.Property)] = expression;
                feel._names.UnionWith(expression.FreeNames);
            }
        }

        return feel;
    }

    public FeelExpression? Expression(string componentId, string property) =>
        _expressions.TryGetValue((componentId, property), out var e) ? e : null;

    public FeelUnaryTests? Tests(string componentId, string property) =>
        _tests.TryGetValue((componentId, property), out var t) ? t : null;

    /// <summary>
    /// A condition as form-js checks it: feelin's <c>unaryTest</c> with no input value, true only for
    /// <see langword="true"/>. A test whose expression yields null matches the missing input, so a condition
    /// over an absent variable (<c>=amount &gt; 1000</c> without <c>amount</c>) holds, exactly as in the browser.
    /// </summary>
    public bool Holds(FeelUnaryTests tests, FeelContext context, FormComponent component, string property)
    {
        try
        {
            return tests.Test(null, context, Options) == true;
        }
        catch (FeelException e)
        {
            throw Failure(component, property, e);
        }
    }

    /// <summary>Evaluates an expression; the result is re-read from JSON text so that numbers are plain JSON numbers.</summary>
    public JsonNode? Evaluate(FeelExpression expression, FeelContext context, FormComponent component, string property)
    {
        JsonNode? result;
        try
        {
            result = expression.Evaluate(context, Options);
        }
        catch (FeelException e)
        {
            throw Failure(component, property, e);
        }

        return result is null ? null : JsonNode.Parse(result.ToJsonString());
    }

    /// <summary>
    /// form-js's expression context (<c>buildExpressionContext</c>): the special names <c>this</c>, <c>parent</c>
    /// and <c>i</c>, then the data's own entries (which win over the special names), then the special names
    /// again as <c>_this_</c>, <c>_parent_</c> and <c>_i_</c>, which data cannot shadow.
    /// </summary>
    /// <param name="data">The data whose entries become variables.</param>
    /// <param name="this">The value of <c>this</c>.</param>
    /// <param name="parent">The value of <c>parent</c>.</param>
    /// <param name="indexes">The value of <c>i</c>.</param>
    /// <param name="names">Only these variables are included (the names the form's expressions read), or all when <see langword="null"/>.</param>
    public static JsonObject BuildContext(JsonNode? data, JsonNode? @this, JsonNode? parent, IReadOnlyList<int> indexes, HashSet<string>? names = null)
    {
        bool Wanted(string name) => names is null || names.Contains(name);

        var i = new JsonArray();
        foreach (var index in indexes)
        {
            i.Add(index);
        }

        var context = new JsonObject();
        void Put(string name, JsonNode? value)
        {
            if (Wanted(name))
            {
                context[name] = value?.DeepClone();
            }
        }

        Put("parent", parent);
        Put("this", @this);
        Put("i", i);
        if (data is JsonObject entries)
        {
            foreach (var (key, value) in entries)
            {
                Put(key, value);
            }
        }

        Put("_parent_", parent);
        Put("_this_", @this);
        Put("_i_", i);
        return context;
    }

    /// <summary>The top-level context of a level, with only the variables the form's expressions read.</summary>
    public JsonObject BuildVariables(JsonNode? data, JsonNode? @this, JsonNode? parent, IReadOnlyList<int> indexes) =>
        BuildContext(data, @this, parent, indexes, _names);

    /// <summary>Converts a context for FEEL; a number FEEL's decimals cannot hold is a data error naming where it is.</summary>
    public static FeelContext ToFeel(JsonObject context)
    {
        try
        {
            return FeelContext.FromJson(context);
        }
        catch (FeelValueConversionException e)
        {
            throw new FormDataException(e.Path, $"The form's FEEL cannot read the submitted data: {e.Message}");
        }
    }

    private static FormDataException Failure(FormComponent component, string property, FeelException e) =>
        new(component.Key ?? component.Path ?? component.Id, $"Evaluating '{property}' of component '{component.Id}' failed: {e.Message}");

    private static FeelUnaryTests ParseTests(FormExpressionUse use)
    {
        var body = FeelExpression.StripMarker(use.Text, out var offset);
        try
        {
            return FeelUnaryTests.Parse(body);
        }
        catch (FeelParseException e)
        {
            throw new FormExpressionException(use.ComponentId, use.Property, use.Text, e.Position + offset, e);
        }
    }

    private static FeelExpression ParseExpression(FormExpressionUse use, string text, int offset)
    {
        try
        {
            return FeelExpression.Parse(text);
        }
        catch (FeelParseException e)
        {
            throw new FormExpressionException(use.ComponentId, use.Property, use.Text, e.Position + offset, e);
        }
    }

    /// <summary>
    /// A feelers template: text with <c>{{ expression }}</c> inserts and <c>{{#if e}}</c>/<c>{{#loop e}}</c> …
    /// <c>{{/if}}</c>/<c>{{/loop}}</c> blocks. Only the FEEL inside is parsed; templates only change what is shown.
    /// </summary>
    private static void ParseTemplate(FormExpressionUse use)
    {
        var text = use.Text;
        var at = 0;
        while ((at = text.IndexOf("{{", at, StringComparison.Ordinal)) >= 0)
        {
            var close = text.IndexOf("}}", at + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return;
            }

            var start = at + 2;
            var inner = text[start..close];
            var trimmed = inner.TrimStart();
            var lead = inner.Length - trimmed.Length;
            if (trimmed.StartsWith("#if", StringComparison.Ordinal) || trimmed.StartsWith("#loop", StringComparison.Ordinal))
            {
                var keyword = trimmed.StartsWith("#if", StringComparison.Ordinal) ? 3 : 5;
                ParseExpression(use, trimmed[keyword..], start + lead + keyword);
            }
            else if (!trimmed.StartsWith('/') && trimmed.Trim().Length > 0)
            {
                ParseExpression(use, inner, start);
            }

            at = close + 2;
        }
    }
}
