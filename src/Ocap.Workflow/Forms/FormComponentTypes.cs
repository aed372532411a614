namespace Ocap.Workflow.Forms;

/// <summary>The component types of form-js schema version 19 and what each does with data.</summary>
internal static class FormComponentTypes
{
    public const string Form = "default";
    public const string Textfield = "textfield";
    public const string Textarea = "textarea";
    public const string Number = "number";
    public const string Datetime = "datetime";
    public const string Checkbox = "checkbox";
    public const string Checklist = "checklist";
    public const string Radio = "radio";
    public const string Select = "select";
    public const string Taglist = "taglist";
    public const string Expression = "expression";
    public const string Filepicker = "filepicker";
    public const string Group = "group";
    public const string DynamicList = "dynamiclist";

    private static readonly HashSet<string> Inputs = new(StringComparer.Ordinal)
    {
        Textfield, Textarea, Number, Datetime, Checkbox, Checklist, Radio, Select, Taglist, Expression, Filepicker,
    };

    private static readonly HashSet<string> Displays = new(StringComparer.Ordinal)
    {
        "text", "html", "image", "button", "spacer", "separator", "table", "iframe", "documentPreview",
    };

    public static FormComponentKind KindOf(string type) =>
        Inputs.Contains(type) ? FormComponentKind.Input
        : type is Group or DynamicList ? FormComponentKind.Container
        : Displays.Contains(type) ? FormComponentKind.Display
        : FormComponentKind.Unknown;

    /// <summary>Single-choice and multiple-choice inputs whose options come from <c>values</c>, <c>valuesKey</c> or <c>valuesExpression</c>.</summary>
    public static bool HasOptions(string type) => type is Radio or Select or Checklist or Taglist;
}
