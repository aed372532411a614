using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Forms;

/// <summary>A component prepared for validation: everything that does not depend on the submission, computed once.</summary>
internal abstract class FieldPlan(FormComponent component)
{
    public FormComponent Component { get; } = component;

    public string Id => Component.Id;

    /// <summary>The <c>conditional.hide</c> FEEL unary tests, or <see langword="null"/> (form-js ignores anything that is not <c>=…</c>).</summary>
    public FeelUnaryTests? Hide { get; init; }
}

/// <summary>A literal <c>validate.min</c>/<c>max</c>, parsed once.</summary>
internal readonly record struct Bound(bool IsNumber, double Number, bool IsDecimal, JsDecimal Decimal)
{
    public static Bound Of(JsonNode? node)
    {
        if (JsValues.IsNumber(node, out var number))
        {
            return new Bound(true, number, JsDecimal.TryCreate(node, out var d), d);
        }

        return JsDecimal.TryCreate(node, out var dec) ? new Bound(false, 0, true, dec) : default;
    }
}

/// <summary>A group or dynamic list.</summary>
internal sealed class ContainerPlan(FormComponent component) : FieldPlan(component)
{
    public string[] PathSegments { get; init; } = [];

    public bool IsRepeating { get; init; }

    public int DefaultRepetitions { get; init; } = 1;

    public IReadOnlyList<FieldPlan> Children { get; init; } = [];
}

/// <summary>How an input's incoming value is cleaned before validation (the field type's <c>sanitizeValue</c>).</summary>
internal enum Cleanup
{
    Text,
    TextArea,
    Number,
    Checkbox,
    SingleChoice,
    MultipleChoice,
    Date,
    Time,
    DateTime,
    None,
    Expression,
}

/// <summary>An input bound to a key.</summary>
internal sealed class InputPlan(FormComponent component) : FieldPlan(component)
{
    public string[] KeySegments { get; init; } = [];

    public Cleanup Cleanup { get; init; }

    public bool Disabled { get; init; }

    public bool IsCheckbox { get; init; }

    public bool HasDefault { get; init; }

    public JsonNode? DefaultValue { get; init; }

    /// <summary>The empty value form-js fills in (<c>''</c>, <c>null</c>, <c>false</c> or <c>[]</c>).</summary>
    public Func<JsonNode?> EmptyValue { get; init; } = static () => null;

    public bool SerializeToString { get; init; }

    /// <summary>The expression field's value (its non-FEEL <c>expression</c>), when it has one.</summary>
    public bool HasExpressionValue { get; init; }

    public JsonNode? ExpressionValue { get; init; }

    // Options of choice inputs.
    public bool FilterOptions { get; init; }

    public string? OptionsKey { get; init; }

    public IReadOnlyList<JsonNode?>? StaticOptions { get; init; }

    // Built on first use from the immutable options; two threads may both build it, to the same content.
    private byte[][]? _staticStringOptionsUtf8;
    private bool _staticStringOptionsRead;

    /// <summary>
    /// The string options of <see cref="StaticOptions"/> as UTF-8, to compare a parsed string without decoding it;
    /// <see langword="null"/> when there are no static options or one is not well-formed UTF-16 (then strings are compared as strings).
    /// </summary>
    public byte[][]? StaticStringOptionsUtf8
    {
        get
        {
            if (!Volatile.Read(ref _staticStringOptionsRead))
            {
                _staticStringOptionsUtf8 = StringOptionsUtf8(StaticOptions);
                Volatile.Write(ref _staticStringOptionsRead, true);
            }

            return _staticStringOptionsUtf8;
        }
    }

    private static byte[][]? StringOptionsUtf8(IReadOnlyList<JsonNode?>? options)
    {
        if (options is null)
        {
            return null;
        }

        var strings = new List<byte[]>();
        foreach (var option in options)
        {
            if (JsValues.IsString(option, out var text))
            {
                if (!IsWellFormed(text))
                {
                    return null;
                }

                strings.Add(System.Text.Encoding.UTF8.GetBytes(text));
            }
        }

        return [.. strings];
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    // Number rules.
    public bool IsNumber { get; init; }

    public JsonNode? DecimalDigits { get; init; }

    public JsDecimal? Increment { get; init; }

    // Declarative rules from 'validate'.
    public bool HasValidate { get; init; }

    public bool Required { get; init; }

    public Regex? Pattern { get; init; }

    public string? PatternText { get; init; }

    /// <summary>The pattern read as one fixed-length sequence of character sets, when it is that simple (checked without <see cref="Pattern"/>).</summary>
    public FixedLengthPattern? FixedPattern { get; init; }

    public string? PatternErrorMessage { get; init; }

    public JsonNode? Min { get; init; }

    /// <summary>The literal <c>min</c> read once: a JSON number as a double, else big.js's reading (or none when big.js rejects it).</summary>
    public Bound MinBound { get; init; }

    public Bound MaxBound { get; init; }

    /// <summary><c>minLength</c>/<c>maxLength</c> as JavaScript compares them (<c>Number(x)</c>).</summary>
    public double MinLengthNumber { get; init; }

    public double MaxLengthNumber { get; init; }

    /// <summary>The messages of the literal bounds and the decimal-digit rule, formatted once (null when not applicable).</summary>
    public string? MinMessage { get; init; }

    public string? MaxMessage { get; init; }

    public string? MinLengthMessage { get; init; }

    public string? MaxLengthMessage { get; init; }

    public string? DecimalDigitsMessage { get; init; }

    public JsonNode? Max { get; init; }

    public JsonNode? MinLength { get; init; }

    public JsonNode? MaxLength { get; init; }

    public string? ValidationType { get; init; }

    /// <summary>Whether any bound is a FEEL expression that must be evaluated per instance.</summary>
    public bool HasExpressionBounds { get; init; }

    /// <summary>A <c>readonly</c> FEEL condition; it matters only because a read-only choice does not drop values outside its options.</summary>
    public FeelUnaryTests? ReadonlyTest { get; init; }

    /// <summary>Whether <c>readonly</c> is a literal truthy value.</summary>
    public bool Readonly { get; init; }

    /// <summary>The <c>valuesExpression</c> that supplies a choice input's options (when no <c>valuesKey</c> or <c>values</c> takes precedence).</summary>
    public FeelExpression? OptionsExpression { get; init; }

    /// <summary>An expression field's FEEL <c>expression</c>.</summary>
    public FeelExpression? ValueExpression { get; init; }

    /// <summary>Whether the expression field computes on <c>presubmit</c> rather than on change.</summary>
    public bool ComputeOnPresubmit { get; init; }
}
