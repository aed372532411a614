using System.Text;
using System.Xml.Linq;
using Ocap.Workflow.Bpmn;

namespace Ocap.Workflow.Tests.Bpmn.Conformance;

/// <summary>
/// Instantiates a betsy template as PLACEHOLDERS.md says: script placeholders become JavaScript calls on the
/// test-only <c>betsy</c> capability, Java-like conditions become JavaScript (<c>.contains(</c> to <c>.includes(</c>,
/// one <c>${...}</c> wrapper stripped), scripts get <c>scriptFormat="javascript"</c>, and the spec-default XPath
/// expression language on <c>definitions</c> is dropped. Ids, structure and timers stay as they are.
/// </summary>
internal static class BetsyTemplate
{
    private static readonly XNamespace Bpmn = BpmnNamespaces.Model;

    private static readonly string[] ExpressionElements =
        ["conditionExpression", "condition", "loopCondition", "loopCardinality", "completionCondition", "activationCondition"];

    public static byte[] Instantiate(string path)
    {
        var document = XDocument.Load(path, LoadOptions.PreserveWhitespace | LoadOptions.SetLineInfo);
        var root = document.Root!;
        if (((string?)root.Attribute("expressionLanguage"))?.Contains("XPath", StringComparison.Ordinal) == true)
        {
            root.Attribute("expressionLanguage")!.Remove();
        }

        foreach (var script in root.Descendants(Bpmn + "script").ToList())
        {
            script.ReplaceNodes(new XText(Substitute(script.Value.Trim())));
            script.Parent!.SetAttributeValue("scriptFormat", "javascript");
        }

        foreach (var name in ExpressionElements)
        {
            foreach (var expression in root.Descendants(Bpmn + name).ToList())
            {
                var text = expression.Value.Trim();
                if (text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}'))
                {
                    text = text[2..^1];
                }

                expression.ReplaceNodes(new XText(text.Replace(".contains(", ".includes(", StringComparison.Ordinal)));
            }
        }

        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    public static string Substitute(string placeholder) => placeholder switch
    {
        "CREATE_LOG_FILE" => "betsy.begin();",
        "CREATE_MARKER_FILE" => "betsy.marker();",
        "INCREMENT_INTEGER_VARIABLE" => "execution.setVariable('integerVariable', integerVariable + 1);",
        "INCREMENT_INTEGER_VARIABLE_AND_LOG" => "execution.setVariable('integerVariable', integerVariable + 1); betsy.trace('increment');",
        "SET_STRING_DATA" => "execution.setVariable('data', 'String');",
        "LOG_DATA" => "betsy.data(data);",
        "THROW_ERROR" => "execution.bpmnError('ERR_CODE');",
        "WAIT_TEN_SECONDS" => "betsy.busy(10000);",
        "CREATE_TIMESTAMP_LOG_1" => "betsy.interval(1, 10000);",
        "CREATE_TIMESTAMP_LOG_2" => "betsy.interval(2, 10000);",
        _ when placeholder.StartsWith("SCRIPT_", StringComparison.Ordinal) => $"betsy.trace('{placeholder["SCRIPT_".Length..]}');",
        _ => throw new InvalidDataException($"Unknown betsy placeholder '{placeholder}'."),
    };

    public static string Describe(byte[] xml) => Encoding.UTF8.GetString(xml);
}
