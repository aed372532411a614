namespace Ocap.Workflow.Expressions.Feel;

/// <summary>A type named after <c>instance of</c>: a base type name, <c>list&lt;T&gt;</c> or <c>context&lt;k: T&gt;</c>.</summary>
internal sealed class FeelType
{
    public static readonly IReadOnlyList<string> BaseNames =
    [
        "Any", "Null", "number", "string", "boolean", "date", "time", "date and time", "duration",
        "days and time duration", "years and months duration", "list", "context", "range", "function",
    ];

    private readonly string _name;
    private readonly FeelType? _item;
    private readonly (string Key, FeelType Type)[]? _entries;

    public FeelType(string name, FeelType? item = null, (string Key, FeelType Type)[]? entries = null)
    {
        _name = name;
        _item = item;
        _entries = entries;
    }

    public bool Matches(Value v)
    {
        switch (_name)
        {
            case "Any": return !v.IsNull;
            case "Null": return v.IsNull;
            case "number": return v.Kind == ValueKind.Number;
            case "string": return v.Kind == ValueKind.String;
            case "boolean": return v.Kind == ValueKind.Boolean;
            case "date": return v.Kind == ValueKind.Date;
            case "time": return v.Kind == ValueKind.Time;
            case "date and time": return v.Kind == ValueKind.DateTime;
            case "duration": return v.Kind is ValueKind.DaysTimeDuration or ValueKind.YearsMonthsDuration;
            case "days and time duration": return v.Kind == ValueKind.DaysTimeDuration;
            case "years and months duration": return v.Kind == ValueKind.YearsMonthsDuration;
            case "range": return v.Kind == ValueKind.Range;
            case "function": return v.Kind == ValueKind.Function;
            case "list":
                return v.Kind == ValueKind.List && (_item is null || v.AsList.All(x => x.IsNull || _item.Matches(x)));
            case "context":
                if (v.Kind != ValueKind.Context)
                {
                    return false;
                }

                if (_entries is null)
                {
                    return true;
                }

                var c = v.AsContext;
                foreach (var (key, type) in _entries)
                {
                    if (!c.TryGet(key, out var e) || !(e.IsNull || type.Matches(e)))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }
}
