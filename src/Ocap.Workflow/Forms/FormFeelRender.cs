using System.Text.Json.Nodes;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Forms;

/// <summary>
/// The FEEL context of one level of the form (the top, or one item of a dynamic list), built on first use. form-js
/// builds it in two ways: while rendering, <c>parent</c> is itself a full context (with its own <c>this</c>,
/// <c>parent</c> and <c>i</c> and its item's entries); when its condition checker filters the data, <c>parent</c>
/// is the enclosing item's raw data. Both are replayed, each where form-js uses it.
/// </summary>
internal sealed class FeelLevel
{
    private readonly FormFeel _feel;
    private readonly JsonNode? _data;
    private readonly FeelLevel? _parent;
    private readonly bool _render;
    private FeelContext? _context;
    private JsonObject? _asParent;

    private FeelLevel(FormFeel feel, JsonNode? data, JsonNode? @this, FeelLevel? parent, bool render, int[] indexes)
    {
        _feel = feel;
        _data = data;
        This = @this;
        _parent = parent;
        _render = render;
        Indexes = indexes;
    }

    /// <summary>The level's own data: the form data at the top, the list item inside a dynamic list.</summary>
    public JsonNode? This { get; }

    /// <summary>The 1-based item numbers of the enclosing lists, outermost first (<c>i</c> in FEEL).</summary>
    public int[] Indexes { get; }

    /// <summary>The top level: <paramref name="data"/> is both the data and <c>this</c>.</summary>
    public static FeelLevel Root(FormFeel feel, JsonObject data, bool render) => new(feel, data, data, null, render, []);

    /// <summary>The level of item <paramref name="index"/> (0-based) of a dynamic list at this level.</summary>
    public FeelLevel Item(JsonNode? item, int index) => new(_feel, _data, item, this, _render, [.. Indexes, index + 1]);

    public FeelContext Context => _context ??= FormFeel.ToFeel(_feel.BuildVariables(_data, This, ParentValue, Indexes));

    private JsonNode? ParentValue => _parent is null ? null : _render ? _parent.AsParent : _parent.This;

    private JsonObject AsParent => _asParent ??= FormFeel.BuildContext(This, This, ParentValue, Indexes);
}

/// <summary>
/// form-js's filtered form data (<c>useFilteredFormData</c>): <c>ConditionChecker.applyConditions(data, data)</c>
/// deletes the values of hidden fields and hidden dynamic lists (and parents left empty), then the initial data is
/// spread beneath the result. That spread is shallow, so a hidden top-level field keeps its value for expressions,
/// while a hidden field inside a group path or list item reads as absent. This data is what expressions see.
/// </summary>
internal static class FeelFilter
{
    public static JsonObject Apply(IReadOnlyList<FieldPlan> plans, JsonObject state, FormFeel feel)
    {
        var filtered = (JsonObject)state.DeepClone();
        Level(plans, state, [], [], false, FeelLevel.Root(feel, state, render: false), filtered, feel);
        foreach (var (key, value) in state)
        {
            if (!filtered.ContainsKey(key))
            {
                filtered[key] = value?.DeepClone();
            }
        }

        return filtered;
    }

    /// <summary>
    /// <c>_cleanlyClearDataAtPath</c>: min-dash <c>set(…, undefined)</c> creates the way and deletes the last
    /// step; then each parent left empty (no keys, or an array of holes) is deleted in turn.
    /// </summary>
    private static void Clear(JsonObject root, List<PathStep> path)
    {
        var working = new List<PathStep>(path);
        DataPath.Set(root, working, null);
        while (true)
        {
            var parent = Get(root, working, working.Count - 1);
            var last = working[^1];
            if (last.Name is { } name)
            {
                ((JsonObject)parent!).Remove(name);
            }
            else
            {
                ((JsonArray)parent!)[last.Index] = null;
            }

            working.RemoveAt(working.Count - 1);
            if (working.Count == 0 || !(parent is JsonObject { Count: 0 } || (parent is JsonArray items && items.All(i => i is null))))
            {
                return;
            }
        }
    }

    private static JsonNode? Get(JsonObject root, List<PathStep> path, int count)
    {
        JsonNode? current = root;
        for (var i = 0; i < count; i++)
        {
            current = path[i].Name is { } name ? current?[name] : current?[path[i].Index];
        }

        return current;
    }

    private static void Level(IReadOnlyList<FieldPlan> plans, JsonNode? scope, string[] relative, List<PathStep> absolute, bool startHidden, FeelLevel level, JsonObject filtered, FormFeel feel)
    {
        foreach (var plan in plans)
        {
            var hidden = startHidden || (plan.Hide is { } hide && feel.Holds(hide, level.Context, plan.Component, "conditional.hide"));
            if (plan is InputPlan input)
            {
                if (hidden)
                {
                    Clear(filtered, [.. absolute, .. input.KeySegments.Select(PathStep.Property)]);
                }

                continue;
            }

            var container = (ContainerPlan)plan;
            string[] path = [.. relative, .. container.PathSegments];
            var steps = new List<PathStep>(absolute);
            steps.AddRange(container.PathSegments.Select(PathStep.Property));
            if (!container.IsRepeating)
            {
                Level(container.Children, scope, path, steps, hidden, level, filtered, feel);
                continue;
            }

            if (hidden)
            {
                Clear(filtered, steps);
                continue;
            }

            if (!DataPath.TryGet(scope, path, out var value) || value is not JsonArray items)
            {
                continue;
            }

            for (var i = 0; i < items.Count; i++)
            {
                Level(container.Children, items[i], [], [.. steps, PathStep.Item(i)], false, level.Item(items[i], i), filtered, feel);
            }
        }
    }
}

/// <summary>
/// One render of the form over the initialised data: visibility, the effects that change data while a field
/// renders (a choice drops values its evaluated options lack; an expression field stores its value), and the
/// FEEL bounds of the validation rules. <see cref="Changed"/> says the data changed, so form-js renders again.
/// </summary>
internal sealed class FeelRender(FormFeel feel, HashSet<string> computed)
{
    public bool Changed { get; private set; }

    public bool Holds(FeelUnaryTests tests, FeelLevel level, FormComponent component, string property) =>
        feel.Holds(tests, level.Context, component, property);

    public JsonNode? EvaluateBound(InputPlan plan, string rule, FeelLevel level) =>
        feel.Expression(plan.Id, "validate." + rule) is { } expression ? feel.Evaluate(expression, level.Context, plan.Component, "validate." + rule) : null;

    /// <summary>The value a shown, enabled field has after it rendered; <c>Changed</c> when rendering replaced it.</summary>
    public (bool Defined, JsonNode? Value, bool Changed) Render(InputPlan plan, bool defined, JsonNode? value, FeelLevel level, JsonObject state, List<int> indexes)
    {
        if (plan.Cleanup == Cleanup.Expression)
        {
            return Expression(plan, defined, value, level, indexes);
        }

        if (plan.Cleanup is not (Cleanup.SingleChoice or Cleanup.MultipleChoice) || plan.FilterOptions)
        {
            return (defined, value, false);
        }

        // A read-only choice renders with a no-op change handler, so it keeps values outside its options.
        if (plan.Readonly || (plan.ReadonlyTest is { } test && Holds(test, level, plan.Component, "readonly")))
        {
            return (defined, value, false);
        }

        var options = Options(plan, level, state);
        if (options is null)
        {
            return (defined, value, false);
        }

        if (plan.Cleanup == Cleanup.SingleChoice)
        {
            if (!JsValues.IsTruthy(value) || ChoiceOptions.Contains(options, value))
            {
                return (defined, value, false);
            }

            return Change(null);
        }

        if (JsValues.IsTruthy(value) && value is not JsonArray)
        {
            // The viewer calls values.some(...) on it and its render fails; the form cannot be submitted.
            throw new FormDataException(plan.Component.Key!,
                $"The value of '{plan.Id}' must be a list of options, not '{JsValues.ToJsString(value)}'; form-js fails to render it.");
        }

        if (value is not JsonArray selected || selected.All(v => ChoiceOptions.Contains(options, v)))
        {
            return (defined, value, false);
        }

        return Change(new JsonArray([.. selected.Where(v => ChoiceOptions.Contains(options, v)).Select(JsValues.Clone)]));
    }

    private (bool, JsonNode?, bool) Change(JsonNode? value)
    {
        Changed = true;
        return (true, value, true);
    }

    /// <summary>
    /// The expression field's effects: on change it stores its evaluated value when that differs, once per
    /// field instance (form-js's loop preventer); on presubmit the value is stored just before submitting,
    /// without another render.
    /// </summary>
    private (bool, JsonNode?, bool) Expression(InputPlan plan, bool defined, JsonNode? value, FeelLevel level, List<int> indexes)
    {
        if (plan.ValueExpression is null)
        {
            return plan.HasExpressionValue ? (true, JsValues.Clone(plan.ExpressionValue), false) : (false, null, false);
        }

        var evaluated = feel.Evaluate(plan.ValueExpression, level.Context, plan.Component, "expression");
        if (plan.ComputeOnPresubmit)
        {
            return (true, evaluated, false);
        }

        if (JsValues.DeepEquals(evaluated, value) || !computed.Add(plan.Id + "/" + string.Join(',', indexes)))
        {
            return (defined, value, false);
        }

        return Change(evaluated);
    }

    /// <summary>form-js's <c>useOptionsAsync</c>: the options a choice renders, or <see langword="null"/> when it shows an error instead.</summary>
    private List<JsonNode?>? Options(InputPlan plan, FeelLevel level, JsonObject state)
    {
        var raw = plan.Component.Raw;
        if (raw.ContainsKey("valuesKey"))
        {
            var key = JsValues.ToJsString(raw["valuesKey"]);
            return state[key] is JsonArray keyed ? ChoiceOptions.Normalize(keyed) : [];
        }

        if (raw.ContainsKey("values"))
        {
            return raw["values"] is JsonArray values ? ChoiceOptions.Normalize(values) : [];
        }

        if (plan.OptionsExpression is null)
        {
            return null;
        }

        var evaluated = feel.Evaluate(plan.OptionsExpression, level.Context, plan.Component, "valuesExpression");
        if (!JsValues.IsTruthy(evaluated))
        {
            return [];
        }

        return evaluated is JsonArray array ? ChoiceOptions.Normalize(array) : null;
    }
}
