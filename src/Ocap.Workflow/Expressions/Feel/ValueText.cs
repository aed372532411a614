using System.Text;

namespace Ocap.Workflow.Expressions.Feel;

/// <summary>The text FEEL's <c>string()</c> gives each kind of value.</summary>
internal static class ValueText
{
    public static string ToFeelString(Value value)
    {
        switch (value.Kind)
        {
            case ValueKind.Null: return "null";
            case ValueKind.String: return value.AsString;
            default:
                var sb = new StringBuilder();
                Append(sb, value, topLevel: true);
                return sb.ToString();
        }
    }

    private static void Append(StringBuilder sb, Value value, bool topLevel)
    {
        switch (value.Kind)
        {
            case ValueKind.Null: sb.Append("null"); break;
            case ValueKind.Boolean: sb.Append(value.AsBoolean ? "true" : "false"); break;
            case ValueKind.Number: sb.Append(Numbers.Format(value.Number)); break;
            case ValueKind.String:
                if (topLevel)
                {
                    sb.Append(value.AsString);
                }
                else
                {
                    sb.Append('"').Append(value.AsString.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                }

                break;
            case ValueKind.List:
                sb.Append('[');
                var items = value.AsList;
                for (var i = 0; i < items.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Append(sb, items[i], topLevel: false);
                }

                sb.Append(']');
                break;
            case ValueKind.Context:
                sb.Append('{');
                var context = value.AsContext;
                for (var i = 0; i < context.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    sb.Append(context.KeyAt(i)).Append(": ");
                    Append(sb, context.ValueAt(i), topLevel: false);
                }

                sb.Append('}');
                break;
            case ValueKind.Date: sb.Append(Temporal.FormatDate(value.AsDate)); break;
            case ValueKind.Time: sb.Append(Temporal.FormatTime(value.AsTime)); break;
            case ValueKind.DateTime: sb.Append(Temporal.FormatDateTime(value.AsDateTime)); break;
            case ValueKind.DaysTimeDuration: sb.Append(Temporal.FormatDaysTime(value.Number)); break;
            case ValueKind.YearsMonthsDuration: sb.Append(Temporal.FormatYearsMonths(value.Number)); break;
            case ValueKind.Range:
                var range = value.AsRange;
                sb.Append(range.StartIncluded ? '[' : '(');
                Append(sb, range.Start, topLevel: false);
                sb.Append("..");
                Append(sb, range.End, topLevel: false);
                sb.Append(range.EndIncluded ? ']' : ')');
                break;
            case ValueKind.Function: sb.Append("function(").Append(string.Join(", ", value.AsFunction.Parameters)).Append(')'); break;
        }
    }
}
