using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Runtime;

/// <summary>
/// The JSON the runtime writes into history events and job payloads. Written compactly with one writer so that a
/// decision's output, written again at replay, is byte-for-byte comparable with the recorded one.
/// </summary>
internal static class HistoryPayloads
{
    private static readonly JsonWriterOptions Compact = new() { Indented = false, SkipValidation = false };

    /// <summary>The options every payload is written with (pre-rendered parts must be written with them too).</summary>
    public static JsonWriterOptions WriterOptions => Compact;

    // Enum names as written in decision payloads: what ToString gives, encoded once.
    private static readonly JsonEncodedText[] Purposes = [.. Enum.GetValues<BpmnScriptPurpose>().Select(p => JsonEncodedText.Encode(p.ToString()))];
    private static readonly JsonEncodedText[] Languages = [.. Enum.GetValues<BpmnExpressionLanguage>().Select(l => JsonEncodedText.Encode(l.ToString()))];

    private static JsonEncodedText PurposeText(BpmnScriptPurpose purpose) =>
        (uint)purpose < (uint)Purposes.Length ? Purposes[(int)purpose] : JsonEncodedText.Encode(purpose.ToString());

    private static JsonEncodedText LanguageText(BpmnExpressionLanguage language) =>
        (uint)language < (uint)Languages.Length ? Languages[(int)language] : JsonEncodedText.Encode(language.ToString());

    public static string ServiceJob(string taskType, int executionId, int attemptBase, string? incident) => Write(w =>
    {
        w.WriteString(Names.Type, taskType);
        w.WriteNumber("execution", executionId);
        w.WriteNumber("attemptBase", attemptBase);
        if (incident is not null)
        {
            w.WriteString("incident", incident);
        }
    });

    /// <summary>A command's event: what was asked, the data it set, and the interpreter's events in short form.</summary>
    /// <remarks><paramref name="written"/>, when given, is <paramref name="data"/> as the runtime already wrote and parsed it
    /// (the same writer options): its bytes are copied instead of writing the object again. <paramref name="ownElements"/>:
    /// each value of <paramref name="data"/> that is a parsed element was parsed from this writer's own output (see
    /// <see cref="WriteOwnElements"/>). The common payload (texts the writer writes unchanged, steps of the diagram's
    /// elements) is put together from bytes (<see cref="TryCommandBytes"/>); anything else is written by the writer
    /// (<see cref="CommandWithWriter"/>); the two give the same bytes.</remarks>
    public static byte[] Command(
        JsonScratch scratch, DeployedProcess process, string command, IReadOnlyList<KeyValuePair<string, string?>> fields, JsonObject? data,
        IReadOnlyList<BpmnEvent> events, JsonElement? written = null, bool ownElements = false) =>
        TryCommandBytes(scratch, process, command, fields, data, events, written, ownElements)
            ? scratch.Written.ToArray()
            : CommandWithWriter(scratch, process, command, fields, data, events, written, ownElements);

    /// <summary>
    /// <see cref="Command"/> put together from bytes: the steps as one run the process keeps rendered
    /// (<see cref="DeployedProcess.StepsRun"/>) or else step by step (<see cref="DeployedProcess.StepJson"/>), texts the writer would write unchanged copied (<see cref="JsonScratch.AppendSafeString(string)"/>),
    /// the data's own elements copied as the writer path copies them. <see langword="false"/> (the scratch then holds
    /// nothing of use) for anything else: data that is not the runtime's own elements, a text the writer escapes, a step
    /// with a message or an element outside the diagram.
    /// </summary>
    /// <remarks>Elements, when given instead of the data object (which is then <see langword="null"/>), are the data as
    /// values parsed from this writer's own output, in order (a form's kept values), each written as its raw text.</remarks>
    internal static bool TryCommandBytes(
        JsonScratch scratch, DeployedProcess process, string command, IReadOnlyList<KeyValuePair<string, string?>> fields, JsonObject? data,
        IReadOnlyList<BpmnEvent> events, JsonElement? written, bool ownElements, KeyValuePair<string, JsonElement>[]? elements = null)
    {
        if (data is not null && written is null && !ownElements)
        {
            return false;
        }

        scratch.BeginRaw();
        scratch.Append("{\"command\":"u8);
        // The command and the field names are the same few strings every time: copied from the scratch's rendering.
        if (!scratch.AppendSafeStringAnywhere(scratch.CommandTexts, command))
        {
            return false;
        }

        // The engine passes an array: read it as one, without an interface call per field.
        var fieldArray = fields as KeyValuePair<string, string?>[];
        var fieldCount = fieldArray?.Length ?? fields.Count;
        for (var i = 0; i < fieldCount; i++)
        {
            var (name, value) = fieldArray is not null ? fieldArray[i] : fields[i];
            if (value is null)
            {
                continue;
            }

            scratch.Append((byte)',');
            if (!scratch.AppendSafeStringAnywhere(scratch.CommandTexts, name))
            {
                return false;
            }

            scratch.Append((byte)':');
            if (!scratch.AppendSafeString(value))
            {
                return false;
            }
        }

        if (written is { } bytes)
        {
            scratch.Append(",\"data\":"u8);
            scratch.Append(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(bytes));
        }
        else if (elements is not null)
        {
            scratch.Append(",\"data\":{"u8);
            for (var i = 0; i < elements.Length; i++)
            {
                var (name, element) = elements[i];
                if (i > 0)
                {
                    scratch.Append((byte)',');
                }

                // A form's keys, the same strings from one submission to the next.
                if (!scratch.AppendSafeString(scratch.DataNames, i, name))
                {
                    return false;
                }

                scratch.Append((byte)':');
                scratch.Append(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element));
            }

            scratch.Append((byte)'}');
        }
        else if (data is not null)
        {
            scratch.Append(",\"data\":{"u8);
            for (var i = 0; i < data.Count; i++)
            {
                var (name, node) = data.GetAt(i);
                if (i > 0)
                {
                    scratch.Append((byte)',');
                }

                if (!scratch.AppendSafeString(name))
                {
                    return false;
                }

                scratch.Append((byte)':');
                if (node is JsonValue value && value.TryGetValue<JsonElement>(out var element))
                {
                    scratch.Append(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element));
                }
                else if (node is null)
                {
                    scratch.Append("null"u8);
                }
                else
                {
                    return false;
                }
            }

            scratch.Append((byte)'}');
        }

        scratch.MarkStart(); // as the writer path marks: from the comma before "steps"
        if (process.StepsRun(events) is { } steps)
        {
            scratch.Append(steps);
        }
        else
        {
            // Past the process's bound of kept runs: step by step, each from the process's rendered steps.
            scratch.Append(",\"steps\":["u8);
            for (var i = 0; i < events.Count; i++)
            {
                var e = events.StepAt(i);
                if (e.Message is not null || e.ElementId is null || process.StepJson(e.Type, e.ElementId) is not { } step)
                {
                    return false;
                }

                if (i > 0)
                {
                    scratch.Append((byte)',');
                }

                scratch.Append(step);
            }

            scratch.Append((byte)']');
        }

        scratch.MarkEnd();
        scratch.Append((byte)'}');
        return true;
    }

    /// <summary><see cref="Command"/> written field by field by the writer: the general path.</summary>
    internal static byte[] CommandWithWriter(
        JsonScratch scratch, DeployedProcess process, string command, IReadOnlyList<KeyValuePair<string, string?>> fields, JsonObject? data,
        IReadOnlyList<BpmnEvent> events, JsonElement? written = null, bool ownElements = false)
    {
        WriteCommandWithWriter(scratch, process, command, fields, data, events, written, ownElements);
        return scratch.Written.ToArray();
    }

    /// <summary><see cref="CommandWithWriter"/>, leaving the payload in <paramref name="scratch"/> (its shared run marked).</summary>
    internal static void WriteCommandWithWriter(
        JsonScratch scratch, DeployedProcess process, string command, IReadOnlyList<KeyValuePair<string, string?>> fields, JsonObject? data,
        IReadOnlyList<BpmnEvent> events, JsonElement? written, bool ownElements)
    {
        // As UTF-8, the form history hashes and the in-memory store keeps; written in place, without a closure.
        var w = scratch.Begin();
        w.WriteStartObject();
        w.WriteString(Names.Command, command);
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                w.WriteString(name, value);
            }
        }

        if (written is { } bytes)
        {
            w.WritePropertyName(Names.Data);
            w.WriteRawValue(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(bytes), skipInputValidation: true);
        }
        else if (data is not null)
        {
            w.WritePropertyName(Names.Data);
            if (ownElements)
            {
                WriteOwnElements(w, data);
            }
            else
            {
                data.WriteTo(w);
            }
        }

        scratch.MarkStart(); // the steps (with their property name) repeat across instances that take the same path
        w.WriteStartArray(Names.Steps);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events.StepAt(i);
            if (e.Message is null && e.ElementId is not null && process.StepJson(e.Type, e.ElementId) is { } step)
            {
                w.WriteRawValue(step, skipInputValidation: true);
                continue;
            }

            w.WriteStartObject();
            w.WriteString(Names.Type, process.Encoded(e.Type));
            if (e.ElementId is not null)
            {
                w.WriteString(Names.Element, process.Encoded(e.ElementId));
            }

            if (e.Message is not null)
            {
                w.WriteString(Names.Message, e.Message);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        scratch.MarkEnd();
        w.WriteEndObject();
    }

    /// <summary>
    /// <paramref name="data"/> as <see cref="JsonNode.WriteTo"/> writes it, with each value that is a parsed element
    /// copied as its bytes: the caller guarantees those elements were parsed from this writer's own output, so their
    /// bytes are what writing them again gives.
    /// </summary>
    private static void WriteOwnElements(Utf8JsonWriter w, JsonObject data)
    {
        w.WriteStartObject();
        for (var i = 0; i < data.Count; i++)
        {
            var (name, node) = data.GetAt(i);
            w.WritePropertyName(name);
            if (node is JsonValue value && value.TryGetValue<JsonElement>(out var element))
            {
                w.WriteRawValue(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element), skipInputValidation: true);
            }
            else if (node is null)
            {
                w.WriteNullValue();
            }
            else
            {
                node.WriteTo(w);
            }
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// A script decision: the script's identity and text, its inputs, the host time and randomness it read
    /// (<c>hostEffects</c>, only when it read any) and its output.
    /// </summary>
    /// <remarks>The texts that are the same for every decision of the element (its id, the script, its hash) are
    /// written once per element and script into a head the process keeps (<see cref="DeployedProcess.DecisionHeadJson"/>),
    /// copied from then on. The common payload (inputs and outputs the writer would write unchanged, no host effects) is
    /// put together from bytes (<see cref="TryDecisionBytes"/>); anything else is written by the writer
    /// (<see cref="DecisionWithWriter"/>); the two give the same bytes.</remarks>
    public static byte[] Decision(JsonScratch scratch, DeployedProcess process, ScriptDecision decision, string scriptHash) =>
        TryDecisionBytes(scratch, process, decision, scriptHash)
            ? scratch.Written.ToArray()
            : DecisionWithWriter(scratch, process, decision, scriptHash);

    /// <summary>
    /// <see cref="Decision"/> put together from bytes: the process's rendered head, each input's and output's text copied
    /// where it is what <see cref="JsonElement.WriteTo"/> would write (<see cref="JsonSafeText.IsCanonical"/>), names and
    /// messages the writer writes unchanged. <see langword="false"/> (the scratch then holds nothing of use) for
    /// anything else, and for decisions that read host effects (their numbers are formatted by the writer).
    /// </summary>
    internal static bool TryDecisionBytes(JsonScratch scratch, DeployedProcess process, ScriptDecision decision, string scriptHash)
    {
        var r = decision.Request;
        var outcome = decision.Outcome;
        if (outcome.HostEffects is not null)
        {
            return false;
        }

        var head = process.DecisionHeadJson(r.ElementId, r.Purpose, r.Expression, scriptHash);
        if (head is null)
        {
            if (!process.HasRoomForDecisionHead)
            {
                return false; // past the bound of kept heads: the writer's path, as before
            }

            head = RenderDecisionHead(process, r, scriptHash);
            process.KeepDecisionHead(r.ElementId, r.Purpose, r.Expression, scriptHash, head);
        }

        var inputs = scratch.Pairs(r.Variables.Count);
        var count = 0;
        try
        {
            count = Collect(r.Variables, inputs);
            var names = scratch.InputNames;
            var order = OrderByName(names, inputs, count);
            scratch.BeginRaw();
            scratch.Append((byte)'{');
            scratch.MarkStart(); // as the writer path marks: from the first name to the end of the text
            scratch.Append(head);
            scratch.MarkEnd();
            scratch.Append(",\"inputs\":{"u8);
            for (var k = 0; k < count; k++)
            {
                if (k > 0)
                {
                    scratch.Append((byte)',');
                }

                var i = order[k];
                if (!scratch.AppendSafeString(names, i, inputs[i].Key) || !AppendCanonical(scratch, (byte)':', inputs[i].Value))
                {
                    return false;
                }
            }

            // Every name is now held at its position: the order stands for them until one changes.
            names.OrderCount = count;
        }
        finally
        {
            scratch.ClearPairs(count);
        }

        scratch.Append("},\"output\":{"u8);
        var first = true;
        if (outcome.Value is { } value)
        {
            scratch.Append("\"value\""u8);
            if (!AppendCanonical(scratch, (byte)':', value))
            {
                return false;
            }

            first = false;
        }

        if (outcome.VariableWrites.Count > 0)
        {
            scratch.Append(first ? "\"writes\":["u8 : ",\"writes\":["u8);
            for (var i = 0; i < outcome.VariableWrites.Count; i++)
            {
                var (name, v) = outcome.VariableWrites[i];
                scratch.Append(i > 0 ? ",["u8 : "["u8);
                if (!scratch.AppendSafeString(name) || !AppendCanonical(scratch, (byte)',', v))
                {
                    return false;
                }

                scratch.Append((byte)']');
            }

            scratch.Append((byte)']');
            first = false;
        }

        if (outcome.Error is not null)
        {
            scratch.Append(first ? "\"error\":"u8 : ",\"error\":"u8);
            if (!scratch.AppendSafeString(outcome.Error))
            {
                return false;
            }

            first = false;
        }

        if (outcome.BpmnErrorCode is not null)
        {
            scratch.Append(first ? "\"bpmnError\":"u8 : ",\"bpmnError\":"u8);
            if (!scratch.AppendSafeString(outcome.BpmnErrorCode))
            {
                return false;
            }
        }

        scratch.Append("}}"u8);
        return true;
    }

    /// <summary><paramref name="separator"/>, then the element's own text if it is what the writer would write for it.</summary>
    private static bool AppendCanonical(JsonScratch scratch, byte separator, JsonElement element)
    {
        if (!JsonSafeText.IsCanonical(element, out var raw))
        {
            return false;
        }

        scratch.Append(separator);
        scratch.Append(raw);
        return true;
    }

    /// <summary>
    /// The positions of the first <paramref name="count"/> <paramref name="inputs"/> in ordinal order of their names, as
    /// <see cref="SortByName"/> sorts them: the order <paramref name="names"/> keeps when it holds these very names at
    /// these positions (a condition sees the same variables, named by the same strings, instance after instance), else
    /// sorted now (and valid for <paramref name="names"/> once the caller has written them all).
    /// </summary>
    private static int[] OrderByName(JsonScratch.SafeTexts names, KeyValuePair<string, JsonElement>[] inputs, int count)
    {
        if (names.OrderCount == count)
        {
            var same = true;
            for (var i = 0; i < count && same; i++)
            {
                same = names.Holds(i, inputs[i].Key);
            }

            if (same)
            {
                return names.Order;
            }
        }

        names.OrderCount = 0;
        var order = names.OrderOf(count);
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        // Insertion sort of positions (names are distinct, so the order is the one sorting the pairs gives).
        for (var i = 1; i < count; i++)
        {
            var item = order[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(inputs[order[j]].Key, inputs[item].Key) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = item;
        }

        return order;
    }

    /// <summary>The variables into <paramref name="target"/> (at least as long); their count.</summary>
    private static int Collect(IReadOnlyDictionary<string, JsonElement> variables, KeyValuePair<string, JsonElement>[] target)
    {
        var count = 0;
        if (variables is Dictionary<string, JsonElement> map)
        {
            foreach (var pair in map)
            {
                target[count++] = pair; // the struct enumerator, not the interface's boxed one
            }
        }
        else
        {
            foreach (var pair in variables)
            {
                target[count++] = pair;
            }
        }

        return count;
    }

    /// <summary>The head of a decision payload (see <see cref="DeployedProcess.DecisionHeadJson"/>), written by the writer as the general path writes it.</summary>
    private static byte[] RenderDecisionHead(DeployedProcess process, BpmnScriptRequest r, string scriptHash)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, Compact))
        {
            w.WriteStartObject();
            WriteHead(w, process, r, scriptHash);
            w.Flush();
        }

        return buffer.WrittenSpan[1..].ToArray();
    }

    private static void WriteHead(Utf8JsonWriter w, DeployedProcess process, BpmnScriptRequest r, string scriptHash)
    {
        w.WriteString(Names.Element, process.Encoded(r.ElementId));
        w.WriteString(Names.Purpose, PurposeText(r.Purpose));
        w.WriteString(Names.Language, LanguageText(r.Expression.Language));
        if (r.Expression.LanguageAttribute is not null)
        {
            w.WriteString(Names.LanguageAttribute, process.Encoded(r.Expression.LanguageAttribute));
        }

        if (r.Expression.ModuleReference is not null)
        {
            w.WriteString(Names.Module, process.Encoded(r.Expression.ModuleReference));
        }

        w.WriteString(Names.ScriptHash, process.Encoded(scriptHash));
        w.WriteString(Names.Text, process.Encoded(r.Expression.Text));
    }

    /// <summary><see cref="Decision"/> written field by field by the writer: the general path.</summary>
    internal static byte[] DecisionWithWriter(JsonScratch scratch, DeployedProcess process, ScriptDecision decision, string scriptHash)
    {
        WriteDecisionWithWriter(scratch, process, decision, scriptHash);
        return scratch.Written.ToArray();
    }

    /// <summary><see cref="DecisionWithWriter"/>, leaving the payload in <paramref name="scratch"/> (its shared run marked).</summary>
    internal static void WriteDecisionWithWriter(JsonScratch scratch, DeployedProcess process, ScriptDecision decision, string scriptHash)
    {
        // As UTF-8, the form history hashes and the in-memory store keeps; written in place, without a closure.
        var w = scratch.Begin();
        w.WriteStartObject();
        var r = decision.Request;
        scratch.MarkStart(); // from here to the text, the same for every decision of this element and script
        WriteHead(w, process, r, scriptHash);
        scratch.MarkEnd();
        w.WriteStartObject(Names.Inputs);
        var inputs = new KeyValuePair<string, JsonElement>[r.Variables.Count];
        var count = 0;
        if (r.Variables is Dictionary<string, JsonElement> map)
        {
            foreach (var pair in map)
            {
                inputs[count++] = pair; // the struct enumerator, not the interface's boxed one
            }
        }
        else
        {
            foreach (var pair in r.Variables)
            {
                inputs[count++] = pair;
            }
        }

        SortByName(inputs.AsSpan(0, count));
        foreach (var (name, value) in inputs.AsSpan(0, count))
        {
            w.WritePropertyName(name);
            value.WriteTo(w);
        }

        w.WriteEndObject();
        if (decision.Outcome.HostEffects is { } effects)
        {
            w.WriteStartObject(Names.HostEffects);
            WriteNumbers(w, "clock", effects.ClockReadings);
            WriteNumbers(w, "random", effects.RandomValues);
            w.WriteEndObject();
        }

        w.WritePropertyName(Names.Output);
        WriteOutcome(w, decision.Outcome);
        w.WriteEndObject();
    }

    /// <summary>
    /// The host effects a decision payload recorded, to serve back at replay; <see cref="HostEffects.None"/> when it
    /// recorded none, so a replay that reads the clock or randomness anyway fails instead of reading the live host.
    /// </summary>
    /// <exception cref="ArgumentException">The recorded effects are not lists of numbers (the decision cannot be replayed).</exception>
    public static HostEffects RecordedEffects(JsonElement decision)
    {
        if (!decision.TryGetProperty("hostEffects", out var effects))
        {
            return HostEffects.None;
        }

        return new HostEffects(ReadNumbers(effects, "clock"), ReadNumbers(effects, "random"));

        static double[] ReadNumbers(JsonElement effects, string name)
        {
            if (effects.ValueKind != JsonValueKind.Object || !effects.TryGetProperty(name, out var list))
            {
                return [];
            }

            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
            {
                throw new ArgumentException($"The recorded host effects' '{name}' is not a list of numbers; the decision cannot be replayed.", nameof(decision));
            }

            return [.. list.EnumerateArray().Select(v => v.GetDouble())];
        }
    }

    private static void WriteNumbers(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        // Utf8JsonWriter writes the shortest text that parses back to the same double, so a replay reads exactly what ran.
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteNumberValue(value);
        }

        w.WriteEndArray();
    }

    /// <summary>An outcome alone, as <see cref="Decision"/> writes it under <c>output</c>.</summary>
    public static string Outcome(BpmnScriptOutcome outcome)
    {
        using var buffer = new PooledBufferWriter(256);
        using (var w = new Utf8JsonWriter(buffer, Compact))
        {
            WriteOutcome(w, outcome);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteOutcome(Utf8JsonWriter w, BpmnScriptOutcome outcome)
    {
        w.WriteStartObject();
        if (outcome.Value is { } value)
        {
            w.WritePropertyName("value");
            value.WriteTo(w);
        }

        if (outcome.VariableWrites.Count > 0)
        {
            w.WriteStartArray("writes");
            foreach (var (name, v) in outcome.VariableWrites)
            {
                w.WriteStartArray();
                w.WriteStringValue(name);
                v.WriteTo(w);
                w.WriteEndArray();
            }

            w.WriteEndArray();
        }

        if (outcome.Error is not null)
        {
            w.WriteString("error", outcome.Error);
        }

        if (outcome.BpmnErrorCode is not null)
        {
            w.WriteString("bpmnError", outcome.BpmnErrorCode);
        }

        w.WriteEndObject();
    }

    /// <summary>Property names encoded once (immutable), so writing them is a copy.</summary>
    internal static class Names
    {
        public static readonly JsonEncodedText Command = JsonEncodedText.Encode("command");
        public static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
        public static readonly JsonEncodedText Element = JsonEncodedText.Encode("element");
        public static readonly JsonEncodedText HostEffects = JsonEncodedText.Encode("hostEffects");
        public static readonly JsonEncodedText Inputs = JsonEncodedText.Encode("inputs");
        public static readonly JsonEncodedText Language = JsonEncodedText.Encode("language");
        public static readonly JsonEncodedText LanguageAttribute = JsonEncodedText.Encode("languageAttribute");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
        public static readonly JsonEncodedText Module = JsonEncodedText.Encode("module");
        public static readonly JsonEncodedText Output = JsonEncodedText.Encode("output");
        public static readonly JsonEncodedText Purpose = JsonEncodedText.Encode("purpose");
        public static readonly JsonEncodedText ScriptHash = JsonEncodedText.Encode("scriptHash");
        public static readonly JsonEncodedText Steps = JsonEncodedText.Encode("steps");
        public static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    }

    /// <summary>Sorts by ordinal order of the names, as the recorded inputs are written (names are distinct).</summary>
    private static void SortByName(Span<KeyValuePair<string, JsonElement>> inputs)
    {
        if (inputs.Length > 16)
        {
            inputs.Sort(static (x, y) => string.CompareOrdinal(x.Key, y.Key));
            return;
        }

        // A condition sees a handful of variables: insertion sort, without a comparer's indirect calls.
        for (var i = 1; i < inputs.Length; i++)
        {
            var item = inputs[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(inputs[j].Key, item.Key) > 0)
            {
                inputs[j + 1] = inputs[j];
                j--;
            }

            inputs[j + 1] = item;
        }
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new PooledBufferWriter(256);
        using (var w = new Utf8JsonWriter(buffer, Compact))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
