using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>
/// History payloads put together from bytes (<see cref="HistoryPayloads.TryCommandBytes"/>, <see cref="HistoryPayloads.TryDecisionBytes"/>)
/// against the writer's field-by-field general path, over many random commands and decisions: names and values that
/// need escaping or not, non-ASCII, JSON values with whitespace, escapes, exponents and nesting, steps with messages
/// or unknown elements, outcomes of every kind. Same bytes, same marked shared run, whichever path writes them.
/// </summary>
[TestFixture]
public class HistoryPayloadsDifferentialTests
{
    private const string BpmnHash = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private static readonly string[] TextAlphabets =
    [
        "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789-_. :/",
        "\"\\<>&'+`\n\t\u0001\u007f",
        "éüß中文😀",
    ];

    private static readonly string[] Elements = ["start", "review", "decide", "done", "prüfung", "a<b", "approval"];

    private static readonly string[] EventTypes = ["processStarted", "elementActivated", "elementCompleted", "taskCreated", "variableChanged", "processCompleted"];

    private static DeployedProcess Process() => new(
        "approval", null!, BpmnHash, Elements.ToDictionary(e => e, _ => (BpmnFlowNode)null!, StringComparer.Ordinal),
        new Dictionary<string, UserTaskPlan>(), new Dictionary<string, string>(), null);

    private static string Text(Random random, int maxLength = 12)
    {
        var alphabet = random.Next(0, 4) switch { 0 => string.Concat(TextAlphabets), _ => TextAlphabets[0] };
        var length = random.Next(0, 20) == 0 ? random.Next(0, 5_000) : random.Next(0, maxLength);
        var text = new StringBuilder();
        while (text.Length < length)
        {
            var c = alphabet[random.Next(0, alphabet.Length)];
            if (char.IsSurrogate(c))
            {
                text.Append("😀"); // whole pairs only: a lone surrogate is refused by the writer on either path
                continue;
            }

            text.Append(c);
        }

        return text.ToString();
    }

    /// <summary>A JSON text, sometimes with whitespace, escapes, exponents or nesting the writer would not write.</summary>
    private static string JsonText(Random random, int depth = 0)
    {
        var space = random.Next(0, 6) == 0 ? " " : string.Empty;
        switch (random.Next(0, depth > 3 ? 4 : 6))
        {
            case 0:
                return random.Next(0, 3) switch { 0 => "true", 1 => "false", _ => "null" };
            case 1:
                return random.Next(0, 6) switch
                {
                    0 => "1.5e+3",
                    1 => "-2E-7",
                    2 => "1.50",
                    3 => "-0",
                    _ => random.Next(-100_000, 100_000).ToString(CultureInfo.InvariantCulture),
                };
            case 2:
            case 3:
                return random.Next(0, 5) switch
                {
                    0 => "\"\\u0041b\\/c\\n\"",
                    1 => "\"caf\\u00e9\"",
                    _ => JsonSerializer.Serialize(Text(random)),
                };
            case 4:
                return "[" + space + string.Join("," + space, Enumerable.Range(0, random.Next(0, 4)).Select(_ => JsonText(random, depth + 1))) + "]";
            default:
                return "{" + space + string.Join(",", Enumerable.Range(0, random.Next(0, 4))
                    .Select(i => JsonSerializer.Serialize(Text(random, 6) + i.ToString(CultureInfo.InvariantCulture)) + ":" + space + JsonText(random, depth + 1))) + "}";
        }
    }

    private static JsonElement Element(Random random) => JsonElement.Parse(JsonText(random));

    /// <summary>A node over the element itself where a value node can hold one (not objects and arrays).</summary>
    private static JsonNode? Value(JsonElement element) =>
        element.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? JsonNode.Parse(element.GetRawText()) : JsonValue.Create(element);

    private static List<BpmnEvent> Events(Random random)
    {
        var events = new List<BpmnEvent>();
        var count = random.Next(0, 14);
        for (var i = 0; i < count; i++)
        {
            var kind = random.Next(0, 20);
            events.Add(new BpmnEvent
            {
                Type = EventTypes[random.Next(0, EventTypes.Length)],
                ElementId = kind == 0 ? null : kind == 1 ? "elsewhere" : Elements[random.Next(0, Elements.Length)],
                Message = kind == 2 ? Text(random) : null,
            });
        }

        return events;
    }

    private static (byte[] Bytes, (int, int)? Marked) Run(JsonScratch.Pool pool, Func<JsonScratch, byte[]> write)
    {
        var scratch = pool.Rent();
        var bytes = write(scratch);
        var marked = scratch.Marked;
        pool.Return(scratch);
        return (bytes, marked);
    }

    [Test]
    public void Command_FromBytes_EqualsTheWritersPayload_ForRandomCommands()
    {
        var random = new Random(2026_11_26);
        var process = Process();
        var pool = new JsonScratch.Pool();
        var fromBytes = 0;
        for (var i = 0; i < 4_000; i++)
        {
            var command = random.Next(0, 5) == 0 ? Text(random) : "task-completed";
            var fields = Enumerable.Range(0, random.Next(0, 4))
                .Select(j => new KeyValuePair<string, string?>(random.Next(0, 3) == 0 ? Text(random) + j : "taskId" + j, random.Next(0, 6) == 0 ? null : Text(random, 40)))
                .ToArray();
            var events = Events(random);
            JsonObject? data = null;
            JsonElement? written = null;
            var ownElements = false;
            switch (random.Next(0, 4))
            {
                case 0:
                    break;
                case 1:
                    written = JsonElement.Parse("{" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(j => JsonSerializer.Serialize("k" + j) + ":" + JsonText(random))) + "}");
                    data = JsonNode.Parse(written.Value.GetRawText())!.AsObject();
                    break;
                default:
                    ownElements = random.Next(0, 4) != 0;
                    data = [];
                    for (var j = 0; j < random.Next(0, 6); j++)
                    {
                        data[(random.Next(0, 3) == 0 ? Text(random, 8) : "field") + j.ToString(CultureInfo.InvariantCulture)] = random.Next(0, 8) switch
                        {
                            0 => null,
                            1 => JsonNode.Parse(JsonText(random)),
                            _ => Value(Element(random)),
                        };
                    }

                    break;
            }

            var expected = Run(pool, s => HistoryPayloads.CommandWithWriter(s, process, command, fields, data, events, written, ownElements));
            var actual = Run(pool, s => HistoryPayloads.Command(s, process, command, fields, data, events, written, ownElements));
            Assert.That(Encoding.UTF8.GetString(actual.Bytes), Is.EqualTo(Encoding.UTF8.GetString(expected.Bytes)), $"command {i}");
            Assert.That(actual.Marked, Is.EqualTo(expected.Marked), $"command {i}: the shared run");
            var scratch = pool.Rent();
            fromBytes += HistoryPayloads.TryCommandBytes(scratch, process, command, fields, data, events, written, ownElements) ? 1 : 0;
            pool.Return(scratch);
        }

        TestContext.Out.WriteLine($"{fromBytes} of 4000 commands from bytes");
        Assert.That(fromBytes, Is.GreaterThan(400), "a good share of the commands take the path from bytes");
    }

    [Test]
    public void Command_FromAFormsKeptElements_EqualsTheWritersPayloadOfTheDataObject()
    {
        var random = new Random(2026_11_27);
        var process = Process();
        var pool = new JsonScratch.Pool();
        var fromBytes = 0;
        for (var i = 0; i < 2_000; i++)
        {
            var events = Events(random);
            // The values as the engine has them: written by its writer and parsed back (its own output).
            var submitted = new JsonObject();
            for (var j = 0; j < random.Next(0, 6); j++)
            {
                // A form keeps strings, numbers and booleans only.
                var value = JsonNode.Parse(JsonText(random));
                submitted[(random.Next(0, 3) == 0 ? Text(random, 8) : "field") + j.ToString(CultureInfo.InvariantCulture)] =
                    value is JsonValue && value.GetValueKind() != JsonValueKind.Null ? value : JsonValue.Create(Text(random, 30));
            }

            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, HistoryPayloads.WriterOptions))
            {
                submitted.WriteTo(writer);
            }

            var elements = JsonElement.Parse(buffer.WrittenSpan).EnumerateObject().Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value)).ToArray();
            var data = new JsonObject(elements.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, JsonValue.Create(p.Value))));
            KeyValuePair<string, string?>[] fields = [new("taskId", Text(random, 20)), new("element", "review")];

            var expected = Run(pool, s => HistoryPayloads.CommandWithWriter(s, process, "task-completed", fields, data, events, null, ownElements: true));
            var scratch = pool.Rent();
            if (HistoryPayloads.TryCommandBytes(scratch, process, "task-completed", fields, null, events, null, ownElements: true, elements))
            {
                fromBytes++;
                Assert.That(Encoding.UTF8.GetString(scratch.Written), Is.EqualTo(Encoding.UTF8.GetString(expected.Bytes)), $"command {i}");
                Assert.That(scratch.Marked, Is.EqualTo(expected.Marked), $"command {i}: the shared run");
            }

            pool.Return(scratch);
        }

        Assert.That(fromBytes, Is.GreaterThan(200), "a good share of the commands take the path from bytes");
    }

    [Test]
    public void Decision_FromBytes_EqualsTheWritersPayload_ForRandomDecisions()
    {
        var random = new Random(11_26);
        var process = Process();
        var pool = new JsonScratch.Pool();
        var expressions = Enumerable.Range(0, 6).Select(i => new BpmnExpression(
            i == 0 ? "amount > 1000" : Text(random, 30), i % 2 == 0 ? "javascript" : null, (BpmnExpressionLanguage)(i % 4), i == 3 ? "mod" + Text(random, 5) : null, i, i)).ToArray();
        var fromBytes = 0;
        for (var i = 0; i < 4_000; i++)
        {
            var variables = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            for (var j = 0; j < random.Next(0, 7); j++)
            {
                variables[(random.Next(0, 3) == 0 ? Text(random, 8) : "v") + j.ToString(CultureInfo.InvariantCulture)] = Element(random);
            }

            IReadOnlyDictionary<string, JsonElement> inputs = random.Next(0, 4) == 0 ? new SortedList<string, JsonElement>(variables, StringComparer.Ordinal) : variables;
            var outcome = random.Next(0, 6) switch
            {
                0 => BpmnScriptOutcome.Failure(Text(random, 40)),
                1 => new BpmnScriptOutcome { BpmnErrorCode = Text(random), Value = random.Next(0, 2) == 0 ? Element(random) : null },
                2 => BpmnScriptOutcome.Success(Element(random), [.. Enumerable.Range(0, random.Next(0, 3)).Select(j => new KeyValuePair<string, JsonElement>(Text(random, 6), Element(random)))]),
                3 => BpmnScriptOutcome.Success(null) with { HostEffects = new HostEffects([random.NextDouble() * 1e12], random.Next(0, 2) == 0 ? [] : [random.NextDouble()]) },
                4 => BpmnScriptOutcome.Success(null),
                _ => BpmnScriptOutcome.Success(JsonElement.Parse(random.Next(0, 2) == 0 ? "true" : "false")),
            };
            var purpose = (BpmnScriptPurpose)random.Next(0, 3);
            var element = random.Next(0, 4) == 0 ? Text(random, 6) + "x" : "big";
            var decision = new ScriptDecision(new BpmnScriptRequest(purpose, expressions[random.Next(0, expressions.Length)], element, inputs), outcome);
            var scriptHash = random.Next(0, 5) == 0 ? "0000" + Text(random, 3) : BpmnHash;

            var expected = Run(pool, s => HistoryPayloads.DecisionWithWriter(s, process, decision, scriptHash));
            var actual = Run(pool, s => HistoryPayloads.Decision(s, process, decision, scriptHash));
            Assert.That(Encoding.UTF8.GetString(actual.Bytes), Is.EqualTo(Encoding.UTF8.GetString(expected.Bytes)), $"decision {i}");
            Assert.That(actual.Marked, Is.EqualTo(expected.Marked), $"decision {i}: the shared run");
            var scratch = pool.Rent();
            fromBytes += HistoryPayloads.TryDecisionBytes(scratch, process, decision, scriptHash) ? 1 : 0;
            pool.Return(scratch);
        }

        TestContext.Out.WriteLine($"{fromBytes} of 4000 decisions from bytes");
        Assert.That(fromBytes, Is.GreaterThan(400), "a good share of the decisions take the path from bytes");
    }

    /// <summary>
    /// Names as payloads meet them: the same few string objects again and again (literals, a form's keys), some the writer
    /// escapes, some equal in text but other objects, in changing orders and subsets, so that the scratch's kept renderings
    /// are hit, missed, replaced and left behind by a refused name.
    /// </summary>
    private static string[] RecurringNames() =>
    [
        "amount", "costCentre", "reason", "approved", "category", "taskId", "element", "processKey",
        new string("amount".AsSpan()), "a<b", "caf\u00e9", "x\"y", "z", "Amount", "b", "_",
        "version", "instance-started", "task-completed", "message-correlated", "name with spaces", "p+q", "",
    ];

    [Test]
    public void Command_WithRecurringNames_FromBytes_EqualsTheWritersPayload()
    {
        var random = new Random(2026_11_28);
        var names = RecurringNames();
        var process = Process();
        var pool = new JsonScratch.Pool();
        var fromBytes = 0;
        for (var i = 0; i < 6_000; i++)
        {
            var events = Events(random);
            var command = names[random.Next(16, names.Length)];
            var fields = Enumerable.Range(0, random.Next(0, 4))
                .Select(j => new KeyValuePair<string, string?>(names[random.Next(0, names.Length)], random.Next(0, 6) == 0 ? null : Text(random, 40)))
                .DistinctBy(f => f.Key)
                .ToArray();
            // The data as a form's kept values: distinct names from the recurring ones, values parsed from the writer's output.
            var submitted = new JsonObject();
            var start = random.Next(0, 3) == 0 ? random.Next(0, names.Length) : 0;
            for (var j = 0; j < random.Next(0, 8); j++)
            {
                var name = names[(start + (random.Next(0, 4) == 0 ? random.Next(0, names.Length) : j)) % names.Length];
                if (!submitted.ContainsKey(name))
                {
                    var value = JsonNode.Parse(JsonText(random));
                    submitted[name] = value is JsonValue && value.GetValueKind() != JsonValueKind.Null ? value : JsonValue.Create(Text(random, 30));
                }
            }

            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, HistoryPayloads.WriterOptions))
            {
                submitted.WriteTo(writer);
            }

            // The elements named by the recurring string objects themselves, as a form's keys name them.
            var parsed = JsonElement.Parse(buffer.WrittenSpan);
            var elements = submitted.Select(p => new KeyValuePair<string, JsonElement>(p.Key, parsed.GetProperty(p.Key))).ToArray();
            var data = new JsonObject(elements.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, JsonValue.Create(p.Value))));

            var expected = Run(pool, s => HistoryPayloads.CommandWithWriter(s, process, command, fields, data, events, null, ownElements: true));
            var scratch = pool.Rent();
            if (HistoryPayloads.TryCommandBytes(scratch, process, command, fields, null, events, null, ownElements: true, elements))
            {
                fromBytes++;
                Assert.That(Encoding.UTF8.GetString(scratch.Written), Is.EqualTo(Encoding.UTF8.GetString(expected.Bytes)), $"command {i}");
                Assert.That(scratch.Marked, Is.EqualTo(expected.Marked), $"command {i}: the shared run");
            }

            pool.Return(scratch);
            var again = Run(pool, s => HistoryPayloads.Command(s, process, command, fields, data, events, null, ownElements: true));
            Assert.That(Encoding.UTF8.GetString(again.Bytes), Is.EqualTo(Encoding.UTF8.GetString(expected.Bytes)), $"command {i} (data object)");
        }

        Assert.That(fromBytes, Is.GreaterThan(600), "a good share of the commands take the path from bytes");
    }

    [Test]
    public void Decision_WithRecurringInputNames_FromBytes_EqualsTheWritersPayload()
    {
        var random = new Random(2026_11_29);
        var names = RecurringNames();
        var process = Process();
        var pool = new JsonScratch.Pool();
        var expression = new BpmnExpression("amount > 1000", "javascript", BpmnExpressionLanguage.JavaScript, null, 1, 1);
        var fromBytes = 0;
        var previous = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        for (var i = 0; i < 6_000; i++)
        {
            // Often the same names in the same order (another instance of the same flow), else a changed set or order.
            var variables = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (random.Next(0, 3) == 0 && previous.Count > 0)
            {
                foreach (var name in previous.Keys)
                {
                    variables[name] = Element(random);
                }
            }
            else
            {
                var start = random.Next(0, names.Length);
                for (var j = 0; j < random.Next(0, 9); j++)
                {
                    var name = names[(start + (random.Next(0, 3) == 0 ? random.Next(0, names.Length) : j)) % names.Length];
                    variables.TryAdd(name, Element(random));
                }
            }

            previous = variables;
            var decision = new ScriptDecision(new BpmnScriptRequest(BpmnScriptPurpose.Condition, expression, "big", variables),
                BpmnScriptOutcome.Success(JsonElement.Parse(random.Next(0, 2) == 0 ? "true" : "false")));

            var expected = Run(pool, s => HistoryPayloads.DecisionWithWriter(s, process, decision, BpmnHash));
            var scratch = pool.Rent();
            if (HistoryPayloads.TryDecisionBytes(scratch, process, decision, BpmnHash))
            {
                fromBytes++;
                Assert.That(Encoding.UTF8.GetString(scratch.Written), Is.EqualTo(Encoding.UTF8.GetString(expected.Bytes)), $"decision {i}");
                Assert.That(scratch.Marked, Is.EqualTo(expected.Marked), $"decision {i}: the shared run");
            }

            pool.Return(scratch);
        }

        Assert.That(fromBytes, Is.GreaterThan(600), "a good share of the decisions take the path from bytes");
    }

    [Test]
    public void Decision_AfterARefusedName_DoesNotReuseAnOrderForOtherNames()
    {
        var process = Process();
        var pool = new JsonScratch.Pool();
        var expression = new BpmnExpression("amount > 1000", "javascript", BpmnExpressionLanguage.JavaScript, null, 1, 1);
        var one = JsonElement.Parse("1");
        string a = "a", b = "b", c = "c", refused = "~<"; // sorts last, so refused after a and c are written
        string Decide(params string[] order)
        {
            var variables = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var name in order)
            {
                variables[name] = one;
            }

            var decision = new ScriptDecision(new BpmnScriptRequest(BpmnScriptPurpose.Condition, expression, "big", variables), BpmnScriptOutcome.Success(one));
            var scratch = pool.Rent();
            var text = HistoryPayloads.TryDecisionBytes(scratch, process, decision, BpmnHash) ? Encoding.UTF8.GetString(scratch.Written) : "refused";
            pool.Return(scratch);
            return text;
        }

        Assert.That(Decide(c, b, a), Does.EndWith("\"inputs\":{\"a\":1,\"b\":1,\"c\":1},\"output\":{\"value\":1}}"));
        // A name refused part way through leaves positions 0 and 2 holding c and a, and position 1 still holding b.
        Assert.That(Decide(c, refused, a), Is.EqualTo("refused"));
        Assert.That(Decide(c, b, a), Does.EndWith("\"inputs\":{\"a\":1,\"b\":1,\"c\":1},\"output\":{\"value\":1}}"));
        Assert.That(Decide(a, b, c), Does.EndWith("\"inputs\":{\"a\":1,\"b\":1,\"c\":1},\"output\":{\"value\":1}}"));
        Assert.That(Decide(b, a), Does.EndWith("\"inputs\":{\"a\":1,\"b\":1},\"output\":{\"value\":1}}"));
    }

    [Test]
    public void ApprovalPayloads_TakeThePathFromBytes()
    {
        var process = Process();
        var pool = new JsonScratch.Pool();
        var scratch = pool.Rent();
        var element = JsonElement.Parse("""{"amount":250,"costCentre":"FI100","reason":"travel expenses","approved":true}""");
        var data = new JsonObject();
        foreach (var p in element.EnumerateObject())
        {
            data[p.Name] = JsonValue.Create(p.Value);
        }

        List<BpmnEvent> events = [new() { Type = "variableChanged", ElementId = "approval" }, new() { Type = "elementCompleted", ElementId = "review" }];
        Assert.That(HistoryPayloads.TryCommandBytes(scratch, process, "task-completed", [new("taskId", "abc.t3"), new("element", "review")], data, events, null, ownElements: true), Is.True);
        Assert.That(Encoding.UTF8.GetString(scratch.Written), Is.EqualTo(
            """{"command":"task-completed","taskId":"abc.t3","element":"review","data":{"amount":250,"costCentre":"FI100","reason":"travel expenses","approved":true},"steps":[{"type":"variableChanged","element":"approval"},{"type":"elementCompleted","element":"review"}]}"""));

        var variables = element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var decision = new ScriptDecision(
            new BpmnScriptRequest(BpmnScriptPurpose.Condition, new BpmnExpression("amount > 1000", "javascript", BpmnExpressionLanguage.JavaScript, null, 1, 1), "big", variables),
            BpmnScriptOutcome.Success(JsonElement.Parse("false")));
        Assert.That(HistoryPayloads.TryDecisionBytes(scratch, process, decision, BpmnHash), Is.True);
        Assert.That(Encoding.UTF8.GetString(scratch.Written), Is.EqualTo(
            "{\"element\":\"big\",\"purpose\":\"Condition\",\"language\":\"JavaScript\",\"languageAttribute\":\"javascript\",\"scriptHash\":\"" + BpmnHash
            + "\",\"text\":\"amount \\u003E 1000\",\"inputs\":{\"amount\":250,\"approved\":true,\"costCentre\":\"FI100\",\"reason\":\"travel expenses\"},\"output\":{\"value\":false}}"));
        pool.Return(scratch);
    }

    [Test]
    public void IsCanonical_OnlyForTextsTheWriterWritesBackUnchanged()
    {
        var random = new Random(5);
        var canonical = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var element = Element(random);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer, HistoryPayloads.WriterOptions))
            {
                element.WriteTo(w);
            }

            if (JsonSafeText.IsCanonical(element, out var raw))
            {
                canonical++;
                Assert.That(Encoding.UTF8.GetString(raw), Is.EqualTo(Encoding.UTF8.GetString(buffer.WrittenSpan)), element.GetRawText());
            }
        }

        Assert.That(canonical, Is.GreaterThan(1_000));
        Assert.That(JsonSafeText.IsCanonical(default, out _), Is.False, "an undefined element is the writer's to refuse");
    }

    [Test]
    public void IsCanonical_ForEveryPrintableCharacter_InShortAndLongTexts_AgreesWithTheWriter()
    {
        for (var c = ' '; c <= '~'; c++)
        {
            var inString = c is '"' or '\\' ? "\\" + c : c.ToString();
            foreach (var padding in new[] { 0, 8, 17, 18, 19, 30 })
            {
                var pad = new string('p', padding);
                foreach (var text in new[]
                {
                    "\"" + pad + inString + "\"", "[\"" + pad + inString + "\"]", "{\"" + pad + inString + "\":1}", "[" + pad.Length + ",\"" + inString + "\"]",
                    "[ \"" + pad + "\"]", "{\"" + pad + "\":[1,{\"a\":true}]}", "[" + pad.Length + "]",
                })
                {
                    var element = JsonElement.Parse(text);
                    var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                    using (var w = new Utf8JsonWriter(buffer, HistoryPayloads.WriterOptions))
                    {
                        element.WriteTo(w);
                    }

                    var written = Encoding.UTF8.GetString(buffer.WrittenSpan);
                    var canonical = JsonSafeText.IsCanonical(element, out var raw);
                    // Conservative only about escapes: a text without one is canonical exactly when the writer writes it back.
                    if (!text.Contains('\\', StringComparison.Ordinal))
                    {
                        Assert.That(canonical, Is.EqualTo(written == text), text);
                    }

                    if (canonical)
                    {
                        Assert.That(Encoding.UTF8.GetString(raw), Is.EqualTo(written), text);
                    }
                }
            }
        }
    }

    [Test]
    public void AppendSafeString_OnlyForTextsTheWriterWritesUnchanged()
    {
        var random = new Random(9);
        var pool = new JsonScratch.Pool();
        for (var i = 0; i < 5_000; i++)
        {
            var text = Text(random, 30);
            var scratch = pool.Rent();
            scratch.BeginRaw();
            var safe = scratch.AppendSafeString(text);
            var appended = Encoding.UTF8.GetString(scratch.Written);
            pool.Return(scratch);
            Assert.That(appended, Is.EqualTo(safe ? JsonSerializer.Serialize(text) : string.Empty), text);
            Assert.That(safe, Is.EqualTo(text.Length <= JsonSafeText.MaxLength && text.All(c => c is >= ' ' and <= '~' and not ('"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`'))), text);
        }
    }

    [Test]
    public void AppendSafeString_ForEveryCharacter_CopiesExactlyWhatTheWriterWritesUnchanged()
    {
        var pool = new JsonScratch.Pool();
        for (var c = 0; c < 0x800; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                continue;
            }

            foreach (var text in new[] { "a" + (char)c + "b", new string('a', 40) + (char)c })
            {
                var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                using (var w = new Utf8JsonWriter(buffer, HistoryPayloads.WriterOptions))
                {
                    w.WriteStringValue(text);
                }

                var written = Encoding.UTF8.GetString(buffer.WrittenSpan);
                var scratch = pool.Rent();
                scratch.BeginRaw();
                var safe = scratch.AppendSafeString(text);
                var appended = Encoding.UTF8.GetString(scratch.Written);
                pool.Return(scratch);
                Assert.That(safe, Is.EqualTo(written == "\"" + text + "\""), $"U+{c:X4} in {text.Length} characters");
                Assert.That(appended, Is.EqualTo(safe ? written : string.Empty), $"U+{c:X4}");
            }
        }
    }
}
