using System.Text;
using System.Text.Json;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Cli;

/// <summary>Formats what <c>ocapwf run</c> prints: one JSON line per event and the final result line.</summary>
internal static class RunState
{
    private static readonly string[] TaskTypes = ["userTask", "manualTask", "serviceTask", "sendTask", "receiveTask", "businessRuleTask", "callActivity"];

    /// <summary>The element ids of waiting tasks, oldest first.</summary>
    public static IEnumerable<string> WaitingTasks(BpmnInstanceState state, BpmnInterpreter interpreter) =>
        state.Executions.Where(e => e.Phase == "waiting" && TaskTypes.Contains(TypeOf(e.ElementId, interpreter)))
            .OrderBy(e => e.Id).Select(e => e.ElementId);

    public static string EventLine(BpmnEvent e) => Write(writer =>
    {
        writer.WriteNumber("seq", e.Seq);
        writer.WriteString("type", e.Type);
        WriteIf(writer, "elementId", e.ElementId);
        WriteIf(writer, "elementType", e.ElementType);
        WriteIf(writer, "name", e.Name);
        WriteIf(writer, "variable", e.Variable);
        if (e.Value is { } value)
        {
            writer.WritePropertyName("value");
            value.WriteTo(writer);
        }

        WriteIf(writer, "ref", e.Ref);
        WriteIf(writer, "correlationKey", e.CorrelationKey);
        if (e.DueAt is { } due)
        {
            writer.WriteString("dueAt", due);
        }

        WriteIf(writer, "taskType", e.TaskType);
        if (e.Task is { } task)
        {
            writer.WriteStartObject("task");
            WriteIf(writer, "assignee", task.Assignee);
            if (task.CandidateUsers.Count > 0)
            {
                WriteList(writer, "candidateUsers", task.CandidateUsers);
            }

            if (task.CandidateGroups.Count > 0)
            {
                WriteList(writer, "candidateGroups", task.CandidateGroups);
            }

            WriteIf(writer, "candidateFilter", task.CandidateFilter);
            WriteIf(writer, "formKey", task.FormKey);
            WriteIf(writer, "formRef", task.FormRef);
            writer.WriteEndObject();
        }

        WriteIf(writer, "message", e.Message);
    });

    public static string Result(BpmnInstanceState state, BpmnInterpreter interpreter) => Write(writer =>
    {
        writer.WriteString("result", state.Status == BpmnInstanceStatus.Active ? "waiting" : state.Status);
        writer.WriteStartObject("variables");
        var variables = state.Status == BpmnInstanceStatus.Active
            ? state.Executions.First(e => e.ParentId is null).Variables
            : state.FinalVariables;
        foreach (var (name, value) in variables ?? [])
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("waitingFor");
        foreach (var execution in state.Executions.Where(e => e.Phase == "waiting" && TaskTypes.Contains(TypeOf(e.ElementId, interpreter))).OrderBy(e => e.Id))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", "task");
            writer.WriteString("elementId", execution.ElementId);
            writer.WriteString("elementType", TypeOf(execution.ElementId, interpreter));
            writer.WriteEndObject();
        }

        foreach (var subscription in state.Subscriptions.OrderBy(s => s.Id))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", subscription.Kind);
            writer.WriteString("elementId", subscription.ElementId);
            WriteIf(writer, "name", subscription.Name);
            WriteIf(writer, "correlationKey", subscription.CorrelationKey);
            if (subscription.DueAt is { } due)
            {
                writer.WriteString("dueAt", due);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("incidents");
        foreach (var incident in state.Incidents)
        {
            writer.WriteStartObject();
            writer.WriteString("elementId", incident.ElementId);
            writer.WriteString("message", incident.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (state.Failure is { } failure)
        {
            writer.WriteStartObject("error");
            WriteIf(writer, "code", failure.ErrorCode);
            writer.WriteString("elementId", failure.ElementId);
            writer.WriteString("message", failure.Message);
            writer.WriteEndObject();
        }
    });

    private static string TypeOf(string elementId, BpmnInterpreter interpreter)
    {
        foreach (var process in interpreter.Definitions.Processes)
        {
            if (process.FindNode(elementId) is { } node)
            {
                return node.Type;
            }
        }

        return "unknown";
    }

    private static void WriteIf(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
