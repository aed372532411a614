using System.Text.Json;
using Ocap.Workflow.Runtime;

namespace Ocap.Workflow.Bpmn.Execution;

/// <summary>
/// Writes a <see cref="BpmnInstanceState"/> as JSON by hand, byte for byte as the source-generated
/// <see cref="BpmnStateJsonContext"/> writes it: the same properties in the same order with the same camelCase names,
/// <see langword="null"/>s left out, numbers, dates and strings written by the same <see cref="Utf8JsonWriter"/> calls
/// (default encoder), and variable values written with <see cref="JsonElement.WriteTo"/> as the generator's element
/// converter does. It skips what the serializer adds around that: one nested serializer call per variable and per
/// nullable number, and the writer and buffer set-up. A differential test compares the two over every state the test
/// diagrams reach and over hand-built states with every property set and unset.
/// </summary>
/// <remarks>A property added to the state types must be added here as well, in declaration order (the generator's
/// order); the differential tests fail until it is.</remarks>
internal static class BpmnStateJsonWriter
{
    /// <summary>
    /// The writer options the serializer uses for <see cref="BpmnStateJsonContext"/>: default encoder, compact, the
    /// serializer's default depth limit (64), no structural validation (the serializer writes unvalidated in release).
    /// </summary>
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = null,
        Indented = false,
        MaxDepth = 64,
        SkipValidation = true,
    };

    private static readonly JsonEncodedText ProcessIdName = JsonEncodedText.Encode("processId");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText NextIdName = JsonEncodedText.Encode("nextId");
    private static readonly JsonEncodedText LastSequenceName = JsonEncodedText.Encode("lastSequence");
    private static readonly JsonEncodedText ExecutionsName = JsonEncodedText.Encode("executions");
    private static readonly JsonEncodedText SubscriptionsName = JsonEncodedText.Encode("subscriptions");
    private static readonly JsonEncodedText IncidentsName = JsonEncodedText.Encode("incidents");
    private static readonly JsonEncodedText FinalVariablesName = JsonEncodedText.Encode("finalVariables");
    private static readonly JsonEncodedText FailureName = JsonEncodedText.Encode("failure");

    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ParentIdName = JsonEncodedText.Encode("parentId");
    private static readonly JsonEncodedText ElementIdName = JsonEncodedText.Encode("elementId");
    private static readonly JsonEncodedText KindName = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText PhaseName = JsonEncodedText.Encode("phase");
    private static readonly JsonEncodedText FlowName = JsonEncodedText.Encode("flow");
    private static readonly JsonEncodedText ProcessVersionName = JsonEncodedText.Encode("processVersion");
    private static readonly JsonEncodedText VariablesName = JsonEncodedText.Encode("variables");
    private static readonly JsonEncodedText CounterName = JsonEncodedText.Encode("counter");
    private static readonly JsonEncodedText InstancesName = JsonEncodedText.Encode("instances");
    private static readonly JsonEncodedText CompletedName = JsonEncodedText.Encode("completed");
    private static readonly JsonEncodedText ItemsName = JsonEncodedText.Encode("items");
    private static readonly JsonEncodedText AssignmentName = JsonEncodedText.Encode("assignment");

    private static readonly JsonEncodedText ExecutionIdName = JsonEncodedText.Encode("executionId");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText CorrelationKeyName = JsonEncodedText.Encode("correlationKey");
    private static readonly JsonEncodedText DueAtName = JsonEncodedText.Encode("dueAt");
    private static readonly JsonEncodedText RemainingName = JsonEncodedText.Encode("remaining");
    private static readonly JsonEncodedText IntervalName = JsonEncodedText.Encode("interval");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText ErrorCodeName = JsonEncodedText.Encode("errorCode");

    private static readonly JsonEncodedText AssigneeName = JsonEncodedText.Encode("assignee");
    private static readonly JsonEncodedText AssigneeExpressionName = JsonEncodedText.Encode("assigneeExpression");
    private static readonly JsonEncodedText CandidateUsersExpressionName = JsonEncodedText.Encode("candidateUsersExpression");
    private static readonly JsonEncodedText CandidateGroupsExpressionName = JsonEncodedText.Encode("candidateGroupsExpression");
    private static readonly JsonEncodedText HasExpressionsName = JsonEncodedText.Encode("hasExpressions");
    private static readonly JsonEncodedText CandidateUsersName = JsonEncodedText.Encode("candidateUsers");
    private static readonly JsonEncodedText CandidateGroupsName = JsonEncodedText.Encode("candidateGroups");
    private static readonly JsonEncodedText CandidateFilterName = JsonEncodedText.Encode("candidateFilter");
    private static readonly JsonEncodedText AssignmentModuleName = JsonEncodedText.Encode("assignmentModule");
    private static readonly JsonEncodedText FormKeyName = JsonEncodedText.Encode("formKey");
    private static readonly JsonEncodedText FormRefName = JsonEncodedText.Encode("formRef");
    private static readonly JsonEncodedText EmbeddedFormName = JsonEncodedText.Encode("embeddedForm");

    private static readonly JsonEncodedText TextName = JsonEncodedText.Encode("text");
    private static readonly JsonEncodedText LanguageAttributeName = JsonEncodedText.Encode("languageAttribute");
    private static readonly JsonEncodedText LanguageName = JsonEncodedText.Encode("language");
    private static readonly JsonEncodedText ModuleReferenceName = JsonEncodedText.Encode("moduleReference");
    private static readonly JsonEncodedText LineName = JsonEncodedText.Encode("line");
    private static readonly JsonEncodedText ColumnName = JsonEncodedText.Encode("column");

    // What System.Text.Json marks its writer's own failures with (a value nested deeper than the writer's limit); the
    // serializer rethrows those as a JsonException naming the path.
    private const string RethrowableSource = "System.Text.Json.Rethrowable";

    /// <summary>The state's JSON as a new array (a pooled buffer and a writer of its own in between).</summary>
    /// <exception cref="JsonException">A variable is nested too deep, exactly as the serializer reports it.</exception>
    public static byte[] ToUtf8Bytes(BpmnInstanceState state) => Written(
        state, static bytes => bytes.ToArray(), static s => JsonSerializer.SerializeToUtf8Bytes(s, BpmnStateJsonContext.Default.BpmnInstanceState));

    /// <summary>The state's JSON as text (UTF-8 decoded, as the serializer's own string overload does).</summary>
    /// <exception cref="JsonException">A variable is nested too deep, exactly as the serializer reports it.</exception>
    public static string ToText(BpmnInstanceState state) => Written(
        state, static bytes => System.Text.Encoding.UTF8.GetString(bytes), static s => JsonSerializer.Serialize(s, BpmnStateJsonContext.Default.BpmnInstanceState));

    private delegate T FromBytes<T>(ReadOnlySpan<byte> bytes);

    /// <summary>
    /// The state's bytes, given to <paramref name="convert"/>: the plain-state copy when it applies, else the token
    /// writer into a pooled buffer; when a value is nested too deep, <paramref name="serializer"/> itself, so the caller
    /// gets the serializer's exception (type, message and path).
    /// </summary>
    private static T Written<T>(BpmnInstanceState state, FromBytes<T> convert, Func<BpmnInstanceState, T> serializer)
    {
        // A plain local, not a using variable: the struct must be changed in place, not as a defensive copy.
        var fast = new BpmnStateJsonFastWriter(stackalloc byte[BpmnStateJsonFastWriter.StackBytes]);
        try
        {
            if (fast.TryWrite(state))
            {
                return convert(fast.Written);
            }
        }
        finally
        {
            fast.Dispose();
        }

        using var buffer = new PooledBufferWriter(1024);
        try
        {
            using var writer = new Utf8JsonWriter(buffer, WriterOptions);
            WriteTokens(writer, state);
            writer.Flush();
        }
        catch (InvalidOperationException e) when (e.Source == RethrowableSource)
        {
            return serializer(state);
        }

        return convert(buffer.WrittenSpan);
    }

    /// <summary>
    /// Writes the state as one JSON value. The caller owns the writer and flushes it; for the serializer's exact bytes
    /// its options must be those of <see cref="WriterOptions"/> (in particular the default encoder and compact output).
    /// </summary>
    /// <exception cref="InvalidOperationException">A variable is nested deeper than the writer allows (the writer's own
    /// exception; <see cref="ToUtf8Bytes"/> reports it as the serializer does).</exception>
    public static void Write(Utf8JsonWriter writer, BpmnInstanceState state)
    {
        var fast = new BpmnStateJsonFastWriter(stackalloc byte[BpmnStateJsonFastWriter.StackBytes]);
        try
        {
            if (fast.TryWrite(state))
            {
                // The bytes are this method's own output for the state, so they need no second check.
                writer.WriteRawValue(fast.Written, skipInputValidation: true);
                return;
            }
        }
        finally
        {
            fast.Dispose();
        }

        WriteTokens(writer, state);
    }

    /// <summary>The general path of <see cref="Write"/>: every token through the writer (the tests run both paths).</summary>
    internal static void WriteTokens(Utf8JsonWriter writer, BpmnInstanceState state)
    {
        writer.WriteStartObject();
        WriteString(writer, ProcessIdName, state.ProcessId);
        WriteString(writer, StatusName, state.Status);
        writer.WriteNumber(NextIdName, state.NextId);
        writer.WriteNumber(LastSequenceName, state.LastSequence);

        if (state.Executions is { } executions)
        {
            writer.WriteStartArray(ExecutionsName);
            foreach (var execution in executions)
            {
                WriteExecution(writer, execution);
            }

            writer.WriteEndArray();
        }

        if (state.Subscriptions is { } subscriptions)
        {
            writer.WriteStartArray(SubscriptionsName);
            foreach (var subscription in subscriptions)
            {
                WriteSubscription(writer, subscription);
            }

            writer.WriteEndArray();
        }

        if (state.Incidents is { } incidents)
        {
            writer.WriteStartArray(IncidentsName);
            foreach (var incident in incidents)
            {
                WriteIncident(writer, incident);
            }

            writer.WriteEndArray();
        }

        if (state.FinalVariables is { } finalVariables)
        {
            writer.WritePropertyName(FinalVariablesName);
            WriteVariables(writer, finalVariables);
        }

        if (state.Failure is { } failure)
        {
            writer.WritePropertyName(FailureName);
            writer.WriteStartObject();
            WriteString(writer, ErrorCodeName, failure.ErrorCode);
            WriteString(writer, ElementIdName, failure.ElementId);
            WriteString(writer, MessageName, failure.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteExecution(Utf8JsonWriter writer, BpmnExecutionState? execution)
    {
        if (execution is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber(IdName, execution.Id);
        WriteNumber(writer, ParentIdName, execution.ParentId);
        WriteString(writer, ElementIdName, execution.ElementId);
        WriteString(writer, KindName, execution.Kind);
        WriteString(writer, PhaseName, execution.Phase);
        WriteString(writer, FlowName, execution.Flow);
        WriteString(writer, ProcessIdName, execution.ProcessId);
        WriteString(writer, ProcessVersionName, execution.ProcessVersion);
        if (execution.Variables is { } variables)
        {
            writer.WritePropertyName(VariablesName);
            WriteVariables(writer, variables);
        }

        WriteNumber(writer, CounterName, execution.Counter);
        WriteNumber(writer, InstancesName, execution.Instances);
        WriteNumber(writer, CompletedName, execution.Completed);
        if (execution.Items is { } items)
        {
            writer.WritePropertyName(ItemsName);
            items.WriteTo(writer);
        }

        if (execution.Assignment is { } assignment)
        {
            writer.WritePropertyName(AssignmentName);
            WriteUserTask(writer, assignment);
        }

        writer.WriteEndObject();
    }

    private static void WriteSubscription(Utf8JsonWriter writer, BpmnSubscriptionState? subscription)
    {
        if (subscription is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber(IdName, subscription.Id);
        writer.WriteNumber(ExecutionIdName, subscription.ExecutionId);
        WriteString(writer, ElementIdName, subscription.ElementId);
        WriteString(writer, KindName, subscription.Kind);
        WriteString(writer, NameName, subscription.Name);
        WriteString(writer, CorrelationKeyName, subscription.CorrelationKey);
        if (subscription.DueAt is { } dueAt)
        {
            writer.WriteString(DueAtName, dueAt);
        }

        WriteNumber(writer, RemainingName, subscription.Remaining);
        WriteString(writer, IntervalName, subscription.Interval);
        writer.WriteEndObject();
    }

    private static void WriteIncident(Utf8JsonWriter writer, BpmnIncidentState? incident)
    {
        if (incident is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber(IdName, incident.Id);
        writer.WriteNumber(ExecutionIdName, incident.ExecutionId);
        WriteString(writer, ElementIdName, incident.ElementId);
        WriteString(writer, MessageName, incident.Message);
        writer.WriteEndObject();
    }

    private static void WriteUserTask(Utf8JsonWriter writer, BpmnUserTaskInfo task)
    {
        writer.WriteStartObject();
        WriteString(writer, AssigneeName, task.Assignee);
        WriteExpression(writer, AssigneeExpressionName, task.AssigneeExpression);
        WriteExpression(writer, CandidateUsersExpressionName, task.CandidateUsersExpression);
        WriteExpression(writer, CandidateGroupsExpressionName, task.CandidateGroupsExpression);
        writer.WriteBoolean(HasExpressionsName, task.HasExpressions);
        WriteStrings(writer, CandidateUsersName, task.CandidateUsers);
        WriteStrings(writer, CandidateGroupsName, task.CandidateGroups);
        WriteString(writer, CandidateFilterName, task.CandidateFilter);
        WriteString(writer, AssignmentModuleName, task.AssignmentModule);
        WriteString(writer, FormKeyName, task.FormKey);
        WriteString(writer, FormRefName, task.FormRef);
        WriteString(writer, EmbeddedFormName, task.EmbeddedForm);
        writer.WriteEndObject();
    }

    private static void WriteExpression(Utf8JsonWriter writer, JsonEncodedText name, BpmnExpression? expression)
    {
        if (expression is null)
        {
            return;
        }

        writer.WriteStartObject(name);
        WriteString(writer, TextName, expression.Text);
        WriteString(writer, LanguageAttributeName, expression.LanguageAttribute);
        // No enum converter is configured: the generator writes the underlying number.
        writer.WriteNumber(LanguageName, (int)expression.Language);
        WriteString(writer, ModuleReferenceName, expression.ModuleReference);
        writer.WriteNumber(LineName, expression.Line);
        writer.WriteNumber(ColumnName, expression.Column);
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteVariables(Utf8JsonWriter writer, Dictionary<string, JsonElement> variables)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in variables)
        {
            // Dictionary keys are written as they are: no naming policy applies to them.
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, JsonEncodedText name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
