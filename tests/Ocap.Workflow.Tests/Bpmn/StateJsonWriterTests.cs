using System.Buffers;
using System.Text.Json;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using static Ocap.Workflow.Tests.Bpmn.Flow;

namespace Ocap.Workflow.Tests.Bpmn;

/// <summary>
/// The hand-written state writer against the source-generated serializer on built states: every property set and
/// unset, every JSON kind of variable, strings the default encoder escapes, and many random states. (Every state the
/// test diagrams reach is compared as well, by <see cref="Flow"/> and the conformance runs.)
/// </summary>
public class StateJsonWriterTests
{
    private const string Escaped = "quote\" back\\ slash/ <tag> & 'apos' +plus `tick` \u00e9 \u2028\u2029 \t\n\r\b\f \u0001\u001f \u007f \u00a0 \ufeff \ud83d\ude00 \u4e2d";

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static readonly string[] VariableTexts =
    [
        "null", "true", "false", "0", "-0", "1.50", "1e3", "1E+3", "-2.5e-7", "12345678901234567890", "0.1", "123456789012345678901234567890.5",
        "\"\"", "\"plain\"", JsonSerializer.Serialize(Escaped), "\"\\u00e9\\ud83d\\ude00\\/\\u0041\"", "\"<script>\"",
        "[]", "{}", "[1,\"a\",null,[true,{\"k\":1.0}]]", "{\"a\":{\"b\":[{\"c\":\"\\u2028\"}]},\"\\u00e9\":1,\"x y\":-0.0}",
    ];

    private static Dictionary<string, JsonElement> EveryKind()
    {
        var variables = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        for (var i = 0; i < VariableTexts.Length; i++)
        {
            variables[$"v{i}"] = Json(VariableTexts[i]);
        }

        variables[Escaped] = Json("1");
        variables[""] = Json("2");
        return variables;
    }

    private static BpmnExpression Expression(BpmnExpressionLanguage language, string? attribute, string? module) =>
        new($"=candidates(\"{Escaped}\")", attribute, language, module, 12, 7);

    private static BpmnInstanceState Everything() => new()
    {
        ProcessId = "p-" + Escaped,
        Status = BpmnInstanceStatus.Failed,
        NextId = int.MaxValue,
        LastSequence = long.MaxValue,
        Executions =
        [
            new BpmnExecutionState { Id = 1, ElementId = "p", Kind = BpmnExecutionKind.Scope, ProcessId = "p", Variables = EveryKind() },
            new BpmnExecutionState
            {
                Id = 2, ParentId = 1, ElementId = "loop", Kind = BpmnExecutionKind.MultiInstance, Counter = 3, Instances = 4, Completed = 0,
                Items = Json("[1.50,\"\\u00e9\",{\"a\":null}]"), Variables = [],
            },
            new BpmnExecutionState { Id = 3, ParentId = 2, ElementId = "call", Kind = BpmnExecutionKind.Scope, ProcessId = "child", ProcessVersion = "v2 \u00e9" },
            new BpmnExecutionState
            {
                Id = -4, ParentId = int.MinValue, ElementId = "task", Phase = "waiting", Flow = "f1",
                Assignment = new BpmnUserTaskInfo
                {
                    Assignee = "anna " + Escaped,
                    AssigneeExpression = Expression(BpmnExpressionLanguage.Feel, "feel", null),
                    CandidateUsersExpression = Expression(BpmnExpressionLanguage.JavaScript, null, "module.js"),
                    CandidateGroupsExpression = Expression((BpmnExpressionLanguage)7, "x", "m"),
                    CandidateUsers = ["u1", Escaped, ""],
                    CandidateGroups = ["finance"],
                    CandidateFilter = "(&(dept=fi)(level>=3))",
                    AssignmentModule = "assign.js",
                    FormKey = "camunda-forms:bpmn:f",
                    FormRef = "form-1",
                    EmbeddedForm = "{\"components\":[]}",
                },
            },
            new BpmnExecutionState { Id = 5, ParentId = 1, ElementId = "simple", Assignment = new BpmnUserTaskInfo() },
            new BpmnExecutionState { Id = 6, ParentId = 1, ElementId = "loopBody", Kind = BpmnExecutionKind.Loop, Counter = 0, Items = Json("{}") },
        ],
        Subscriptions =
        [
            new BpmnSubscriptionState(7, 4, "late", "timer") { DueAt = T0.AddDays(2), Remaining = 2, Interval = "R3/PT10M" },
            new BpmnSubscriptionState(8, 4, "late2", "timer") { DueAt = new DateTimeOffset(2026, 12, 31, 23, 59, 59, 123, TimeSpan.FromHours(-5.5)).AddTicks(4567), Interval = "0 0 9 * * MON" },
            new BpmnSubscriptionState(9, 4, "msg", "message") { Name = "paid " + Escaped, CorrelationKey = "c-\u00e9" },
            new BpmnSubscriptionState(10, 1, "sig", "signal") { Name = "go", Remaining = 0 },
            new BpmnSubscriptionState(11, 1, "cond", "conditional"),
        ],
        Incidents = [new BpmnIncidentState(12, 4, "task", "boom: " + Escaped), new BpmnIncidentState(13, 4, "t", "")],
        FinalVariables = EveryKind(),
        Failure = new BpmnFailureState("E1", "task", "uncaught " + Escaped),
    };

    [Test]
    public void Write_StateWithEveryPropertySet_IsByteForByteTheGeneratorsOutput()
    {
        var state = Everything();
        StateJsonOracle.AssertSameAsGenerator(state);
        Assert.That(BpmnInstanceState.FromJson(state.ToJson()).ToJson(), Is.EqualTo(state.ToJson()), "and it reads back");
    }

    [Test]
    public void Write_StateWithEveryOptionalPropertyUnset_IsByteForByteTheGeneratorsOutput()
    {
        StateJsonOracle.AssertSameAsGenerator(new BpmnInstanceState());
        StateJsonOracle.AssertSameAsGenerator(new BpmnInstanceState
        {
            Executions = [new BpmnExecutionState(), new BpmnExecutionState { Phase = null, Kind = null!, ElementId = null! }, new BpmnExecutionState { Items = Json("null") }],
            Subscriptions = [new BpmnSubscriptionState(0, 0, null!, null!)],
            Incidents = [new BpmnIncidentState(0, 0, null!, null!)],
            FinalVariables = [],
            Failure = new BpmnFailureState(null, null!, null!),
        });
    }

    [Test]
    public void Write_NullCollectionsAndNullItems_AreWrittenAsTheGeneratorWritesThem()
    {
        StateJsonOracle.AssertSameAsGenerator(new BpmnInstanceState { ProcessId = null!, Status = null!, Executions = null!, Subscriptions = null!, Incidents = null! });
        StateJsonOracle.AssertSameAsGenerator(new BpmnInstanceState { Executions = [null!], Subscriptions = [null!, null!], Incidents = [null!] });
        StateJsonOracle.AssertSameAsGenerator(new BpmnInstanceState
        {
            Executions =
            [
                new BpmnExecutionState
                {
                    Assignment = new BpmnUserTaskInfo { CandidateUsers = null!, CandidateGroups = [null!, "g"] },
                },
            ],
        });
    }

    [Test]
    public void Write_ExecutionWhoseRarePropertiesWereSetThenCleared_IsWrittenAsTheGeneratorWritesIt()
    {
        var execution = new BpmnExecutionState { Id = 1, Counter = 2, ProcessVersion = "3", Items = Json("[1]"), Assignment = new BpmnUserTaskInfo() };
        execution.Counter = null;
        execution.ProcessVersion = null;
        execution.Items = null;
        execution.Assignment = null;
        var state = new BpmnInstanceState { Executions = [execution] };
        StateJsonOracle.AssertSameAsGenerator(state);
        Assert.That(state.ToJson(), Does.Contain("""{"id":1,"elementId":"","kind":"token"}"""));
    }

    [Test]
    public void Write_TheCompletedApprovalState_IsTheExpectedText()
    {
        var state = new BpmnInstanceState
        {
            ProcessId = "approval",
            Status = BpmnInstanceStatus.Completed,
            NextId = 6,
            LastSequence = 16,
            FinalVariables = Json("""{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}""")
                .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
        };
        StateJsonOracle.AssertSameAsGenerator(state);
        Assert.That(state.ToJson(), Is.EqualTo("""{"processId":"approval","status":"completed","nextId":6,"lastSequence":16,"executions":[],"subscriptions":[],"incidents":[],"finalVariables":{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}}"""));
    }

    [Test]
    public void Write_NumbersAndEscapedStringsInVariables_KeepTheirTextAsTheGeneratorWritesIt()
    {
        var state = new BpmnInstanceState { FinalVariables = EveryKind() };
        StateJsonOracle.AssertSameAsGenerator(state);
        var json = state.ToJson();
        Assert.That(json, Does.Contain("\"v5\":1.50"));
        Assert.That(json, Does.Contain("\"v6\":1e3"));
        Assert.That(json, Does.Contain("\\u003Ctag\\u003E"), "the default encoder escapes HTML-sensitive characters");
        Assert.That(json, Does.Contain("\\uD83D\\uDE00"), "and characters outside the basic plane, as a surrogate pair");
    }

    [Test]
    public void Write_LoneSurrogatesInKeysAndStrings_FailOrEscapeAsTheGeneratorDoes()
    {
        StateJsonOracle.AssertSameAsGenerator(new BpmnInstanceState { ProcessId = "a\ud800b" });
        StateJsonOracle.AssertSameAsGenerator(new BpmnInstanceState { FinalVariables = new() { ["k\udc00"] = Json("1") } });
        StateJsonOracle.AssertSameAsGenerator(new BpmnInstanceState { Incidents = [new BpmnIncidentState(1, 1, "e", "\ud83d")] });
    }

    [Test]
    public void Write_UndefinedJsonElement_FailsAsTheGeneratorFails()
    {
        StateJsonOracle.AssertSameAsGenerator(new BpmnInstanceState { FinalVariables = new() { ["undefined"] = default } });
        StateJsonOracle.AssertSameAsGenerator(new BpmnInstanceState { Executions = [new BpmnExecutionState { Items = default(JsonElement) }] });
    }

    [TestCase(50)]
    [TestCase(59)]
    [TestCase(60)]
    [TestCase(61)]
    [TestCase(62)]
    public void Write_DeeplyNestedVariable_WritesOrFailsAtTheGeneratorsDepthLimit(int depth)
    {
        var text = new string('[', depth) + new string(']', depth);
        var element = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 100 }).RootElement.Clone();
        StateJsonOracle.AssertSameAsGenerator(new BpmnInstanceState { FinalVariables = new() { ["deep"] = element } });
        StateJsonOracle.AssertSameAsGenerator(new BpmnInstanceState { Executions = [new BpmnExecutionState { Variables = new() { ["deep"] = element } }] });
    }

    [Test]
    public void Write_ManyRandomStates_AreByteForByteTheGeneratorsOutput()
    {
        var random = new Rng(new Random(20261126), Plain: false);
        for (var i = 0; i < 600; i++)
        {
            StateJsonOracle.AssertSameAsGenerator(RandomState(random), $"random state {i}");
        }
    }

    [Test]
    public void Write_ManyRandomPlainStates_TakeThePlainCopy_AndAreByteForByteTheGeneratorsOutput()
    {
        var random = new Rng(new Random(1126), Plain: true);
        for (var i = 0; i < 600; i++)
        {
            var state = RandomState(random);
            Assert.That(TakesPlainPath(state), Is.True, $"random plain state {i}");
            StateJsonOracle.AssertSameAsGenerator(state, $"random plain state {i}");
        }
    }

    [Test]
    public void PlainCharacters_AreExactlyThePrintableAsciiTheDefaultEncoderLeavesAlone()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var rule = c is >= 0x20 and < 0x7F and not ('"' or '\\' or '&' or '\'' or '+' or '<' or '>' or '`');
            Assert.That(BpmnStateJsonFastWriter.Plain(c), Is.EqualTo(rule), $"U+{c:X4}");
            if (c < 0x80)
            {
                // The rule itself, against the writer the serializer uses: a plain character is written as it is.
                var written = JsonSerializer.Serialize(((char)c).ToString());
                Assert.That(written == $"\"{(char)c}\"", Is.EqualTo(rule), $"U+{c:X4} as the serializer writes it: {written}");
            }
        }
    }

    [Test]
    public void PlainCopy_StartedInTheCallersMemory_WritesWhatThePooledStartWrites_WhereverItOutgrowsIt()
    {
        var random = new Rng(new Random(2611), Plain: true);
        var outgrown = 0;
        Span<byte> stack = stackalloc byte[BpmnStateJsonFastWriter.StackBytes];
        for (var i = 0; i < 300; i++)
        {
            var state = RandomState(random);
            var pooled = new BpmnStateJsonFastWriter(4096);
            byte[] expected;
            try
            {
                Assert.That(pooled.TryWrite(state), Is.True, $"random plain state {i}");
                expected = pooled.Written.ToArray();
            }
            finally
            {
                pooled.Dispose();
            }

            foreach (var size in new[] { 0, 1, 7, 64, BpmnStateJsonFastWriter.StackBytes })
            {
                var fast = new BpmnStateJsonFastWriter(stack[..size]);
                try
                {
                    Assert.That(fast.TryWrite(state), Is.True);
                    Assert.That(fast.Written.ToArray(), Is.EqualTo(expected), $"random plain state {i}, {size} bytes to start in");
                }
                finally
                {
                    fast.Dispose();
                }
            }

            outgrown += expected.Length > BpmnStateJsonFastWriter.StackBytes ? 1 : 0;
        }

        Assert.That(outgrown, Is.GreaterThan(10), "some states outgrow the callers' stack memory");
    }

    /// <summary>A seeded generator; <paramref name="Plain"/> keeps to what the plain-state copy takes.</summary>
    private sealed record Rng(Random Random, bool Plain)
    {
        public int Next() => Random.Next();

        public int Next(int max) => Random.Next(max);

        public int Next(int min, int max) => Random.Next(min, max);

        public long NextInt64() => Random.NextInt64();
    }

    private static readonly string[] PlainVariableTexts =
        [.. VariableTexts.Where(t => !t.Contains('\\') && t.All(c => c < 0x7F && c != '<' && c != '>'))];

    private static JsonElement RandomElement(Rng random) =>
        Json(random.Plain ? PlainVariableTexts[random.Next(PlainVariableTexts.Length)] : VariableTexts[random.Next(VariableTexts.Length)]);

    [Test]
    public void Write_EveryAsciiCharacter_InEveryKindOfText_IsWrittenAsTheGeneratorWritesIt()
    {
        for (var c = (char)0; c < 0x80; c++)
        {
            var text = $"a{c}b";
            var quoted = JsonSerializer.Serialize(text);
            var states = new List<BpmnInstanceState>
            {
                // One text per state, so a state the plain-state copy takes is not sent to the writer by another text.
                new() { ProcessId = text },
                new() { Status = text },
                new() { Executions = [new BpmnExecutionState { ElementId = text }] },
                new() { Executions = [new BpmnExecutionState { Phase = text, Flow = text, ProcessId = text, ProcessVersion = text }] },
                new() { Subscriptions = [new BpmnSubscriptionState(1, 1, text, "message") { Name = text, CorrelationKey = text, Interval = text }] },
                new() { Incidents = [new BpmnIncidentState(2, 1, text, text)] },
                new() { FinalVariables = new() { ["k" + text] = Json("1") } },
                new() { FinalVariables = new() { ["k"] = Json(quoted) } },
                new() { FinalVariables = new() { ["k"] = Json($"{{{quoted}:[{quoted}]}}") } },
                new() { Executions = [new BpmnExecutionState { Variables = new() { ["k" + text] = Json(quoted) }, Items = Json($"[{quoted}]") }] },
                new() { Failure = new BpmnFailureState(text, text, text) },
            };
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                // The character unescaped in the element's own text.
                states.Add(new() { FinalVariables = new() { ["k"] = Json($"\"{text}\"") } });
                states.Add(new() { FinalVariables = new() { ["k"] = Json($"{{\"{text}\":1}}") } });
                states.Add(new() { Executions = [new BpmnExecutionState { Items = Json($"[\"{text}\"]") }] });
            }

            foreach (var state in states)
            {
                StateJsonOracle.AssertSameAsGenerator(state, $"U+{(int)c:X4}");
            }
        }
    }

    [Test]
    public void PlainStateCopy_TakesThePlainApprovalStates_AndLeavesEverythingElseToTheWriter()
    {
        var plain = new BpmnInstanceState
        {
            ProcessId = "approval",
            Status = BpmnInstanceStatus.Completed,
            Executions = [new BpmnExecutionState { Id = 1, ElementId = "approval", Kind = BpmnExecutionKind.Scope, ProcessId = "approval", Variables = new() { ["n"] = Json("[1.50,{\"a\":\"b c\"},null]") } }],
            Subscriptions = [new BpmnSubscriptionState(2, 1, "m", "message") { Name = "paid", Remaining = 3 }],
            Incidents = [new BpmnIncidentState(3, 1, "t", "failed: x is not defined")],
            FinalVariables = new() { ["amount"] = Json("250"), ["costCentre"] = Json("\"FI100\"") },
        };
        Assert.That(TakesPlainPath(plain), Is.True);
        StateJsonOracle.AssertSameAsGenerator(plain);

        Assert.That(TakesPlainPath(new BpmnInstanceState { ProcessId = "caf\u00e9" }), Is.False, "a character past ASCII");
        Assert.That(TakesPlainPath(new BpmnInstanceState { FinalVariables = new() { ["a"] = Json("\"x\\/y\"") } }), Is.False, "an escape in a value");
        Assert.That(TakesPlainPath(new BpmnInstanceState { Subscriptions = [new BpmnSubscriptionState(1, 1, "t", "timer") { DueAt = T0 }] }), Is.False, "a date");
        Assert.That(TakesPlainPath(new BpmnInstanceState { Failure = new BpmnFailureState("E", "e", "m") }), Is.False, "a failure");
        Assert.That(TakesPlainPath(new BpmnInstanceState { Executions = [new BpmnExecutionState { Assignment = new BpmnUserTaskInfo() }] }), Is.False, "an assignment");
    }

    private static bool TakesPlainPath(BpmnInstanceState state)
    {
        var fast = new BpmnStateJsonFastWriter(4);
        try
        {
            return fast.TryWrite(state);
        }
        finally
        {
            fast.Dispose();
        }
    }

    [Test]
    public void WriteJson_WithACallersWriter_AppendsNothingBeyondTheState()
    {
        var state = Everything();
        var plain = new BpmnInstanceState { ProcessId = "p", FinalVariables = new() { ["a"] = Json("1") } };
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            state.WriteJson(writer);
            plain.WriteJson(writer);
            state.WriteJson(writer);
            plain.WriteJson(writer);
            writer.WriteEndArray();
        }

        var expected = "[" + state.ToJson() + "," + plain.ToJson() + "," + state.ToJson() + "," + plain.ToJson() + "]";
        Assert.That(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), Is.EqualTo(expected));
    }

    private static string? RandomString(Rng random)
    {
        var alphabet = random.Plain ? "ab/ -_.:,;=!?#$%()*@[]^{|}~z9" : "ab\"\\/<>&'+`\u00e9\u2028\u0001\n\t \u4e2d\ud83d\ude00z9";
        if (random.Next(5) == 0)
        {
            return null;
        }

        var length = random.Next(8);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        // Keep surrogate pairs whole (lone surrogates are covered by their own test).
        var text = new string(chars).Replace("\ud83d", string.Empty).Replace("\ude00", string.Empty);
        return !random.Plain && random.Next(6) == 0 ? text + "\ud83d\ude00" : text;
    }

    private static int? RandomInt(Rng random) => random.Next(3) == 0 ? null : random.Next(-5, 1_000_000);

    private static Dictionary<string, JsonElement>? RandomVariables(Rng random)
    {
        if (random.Next(4) == 0)
        {
            return null;
        }

        var variables = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var count = random.Next(6);
        for (var i = 0; i < count; i++)
        {
            variables[(RandomString(random) ?? "k") + i] = RandomElement(random);
        }

        return variables;
    }

    private static BpmnExpression? RandomExpression(Rng random) => random.Next(3) == 0
        ? new BpmnExpression(RandomString(random)!, RandomString(random), (BpmnExpressionLanguage)random.Next(4), RandomString(random), random.Next(100), random.Next(100))
        : null;

    private static BpmnInstanceState RandomState(Rng random)
    {
        var executions = new List<BpmnExecutionState>();
        for (var i = random.Next(5); i > 0; i--)
        {
            executions.Add(new BpmnExecutionState
            {
                Id = random.Next(100),
                ParentId = RandomInt(random),
                ElementId = RandomString(random) ?? "e",
                Kind = random.Next(4) switch { 0 => BpmnExecutionKind.Scope, 1 => BpmnExecutionKind.Loop, 2 => BpmnExecutionKind.MultiInstance, _ => BpmnExecutionKind.Token },
                Phase = RandomString(random),
                Flow = RandomString(random),
                ProcessId = RandomString(random),
                ProcessVersion = RandomString(random),
                Variables = RandomVariables(random),
                Counter = RandomInt(random),
                Instances = RandomInt(random),
                Completed = RandomInt(random),
                Items = random.Next(3) == 0 ? RandomElement(random) : null,
                Assignment = random.Plain || random.Next(3) == 0 ? null : new BpmnUserTaskInfo
                {
                    Assignee = RandomString(random),
                    AssigneeExpression = RandomExpression(random),
                    CandidateUsersExpression = RandomExpression(random),
                    CandidateGroupsExpression = RandomExpression(random),
                    CandidateUsers = [.. Enumerable.Range(0, random.Next(3)).Select(_ => RandomString(random) ?? "u")],
                    CandidateGroups = [.. Enumerable.Range(0, random.Next(3)).Select(_ => RandomString(random) ?? "g")],
                    CandidateFilter = RandomString(random),
                    AssignmentModule = RandomString(random),
                    FormKey = RandomString(random),
                    FormRef = RandomString(random),
                    EmbeddedForm = RandomString(random),
                },
            });
        }

        var subscriptions = new List<BpmnSubscriptionState>();
        for (var i = random.Next(4); i > 0; i--)
        {
            subscriptions.Add(new BpmnSubscriptionState(random.Next(100), random.Next(100), RandomString(random) ?? "s", RandomString(random) ?? "timer")
            {
                Name = RandomString(random),
                CorrelationKey = RandomString(random),
                DueAt = random.Plain || random.Next(3) == 0 ? null
                    : new DateTimeOffset(2020 + random.Next(10), 1 + random.Next(12), 1 + random.Next(28), random.Next(24), random.Next(60), random.Next(60), TimeSpan.FromMinutes(15 * random.Next(-48, 56)))
                        .AddTicks(random.Next(3) == 0 ? 0 : random.Next(10_000_000)),
                Remaining = RandomInt(random),
                Interval = RandomString(random),
            });
        }

        var incidents = new List<BpmnIncidentState>();
        for (var i = random.Next(3); i > 0; i--)
        {
            incidents.Add(new BpmnIncidentState(random.Next(100), random.Next(100), RandomString(random) ?? "i", RandomString(random) ?? "m"));
        }

        return new BpmnInstanceState
        {
            ProcessId = RandomString(random) ?? "p",
            Status = random.Next(4) switch { 0 => BpmnInstanceStatus.Completed, 1 => BpmnInstanceStatus.Failed, 2 => BpmnInstanceStatus.Terminated, _ => BpmnInstanceStatus.Active },
            NextId = random.Next(),
            LastSequence = random.NextInt64(),
            Executions = executions,
            Subscriptions = subscriptions,
            Incidents = incidents,
            FinalVariables = RandomVariables(random),
            Failure = !random.Plain && random.Next(4) == 0 ? new BpmnFailureState(RandomString(random), RandomString(random) ?? "f", RandomString(random) ?? "m") : null,
        };
    }
}
