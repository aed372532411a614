using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Ocap.Workflow.Access;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Runtime;

/// <summary>A deployed bundle, compiled once per engine and tenant: interpreters, forms, filters, modules.</summary>
internal sealed class DeployedBundle(
    string bundleHash,
    AttributeSchema schema,
    RecordingScriptEvaluator scripts,
    IReadOnlyDictionary<string, string> modules,
    IReadOnlyDictionary<string, DeployedProcess> processes)
{
    public string BundleHash => bundleHash;

    public AttributeSchema Schema => schema;

    public RecordingScriptEvaluator Scripts => scripts;

    public IReadOnlyDictionary<string, string> Modules => modules;

    public IReadOnlyDictionary<string, DeployedProcess> Processes => processes;

    // Hot-path caches (see ADR 0007, "Performance of the command path"). Both hold values derived only from
    // immutable inputs, so a cached value is exactly what recomputing it would give.
    private readonly ConditionalWeakTable<PrincipalAttributes, AccessPrincipal> _principals = new();
    private readonly ConcurrentDictionary<string, string> _scriptHashes = new(StringComparer.Ordinal);

    /// <summary>
    /// The principal prepared against this bundle's schema. <see cref="PrincipalAttributes"/> and the schema are
    /// immutable, so a resolver that hands out the same attribute object again reuses its preparation; the weak table's
    /// entry lives only as long as the host keeps that object, except for the last one, which the bundle keeps aside
    /// (one attribute object per bundle, until another replaces it).
    /// </summary>
    public AccessPrincipal Principal(PrincipalAttributes attributes)
    {
        // The last preparation is kept aside: a host's resolver commonly hands the same object to one actor's listing
        // and completion in a row. The pair is immutable and replaced whole, so a reader sees one consistent pair.
        if (_lastPrincipal is { } last && ReferenceEquals(last.Attributes, attributes))
        {
            return last.Principal;
        }

        var principal = _principals.TryGetValue(attributes, out var known) ? known : _principals.GetValue(attributes, a => AccessPrincipal.Create(schema, a));
        _lastPrincipal = new PreparedPrincipal(attributes, principal);
        return principal;
    }

    private sealed record PreparedPrincipal(PrincipalAttributes Attributes, AccessPrincipal Principal);

    private volatile PreparedPrincipal? _lastPrincipal;

    /// <summary>The SHA-256 of a script's source as history records it; one entry per distinct script of the bundle.</summary>
    public string ScriptHash(string source) => _scriptHashes.GetOrAdd(source, static s => Ocap.Workflow.Sandbox.ContentHash.Of(s));

    /// <summary>Evaluated filters kept at most; past it the cache starts over (a bound, not an eviction policy).</summary>
    internal const int MaxEvaluatedFilters = 1024;

    private readonly ConcurrentDictionary<string, CompiledLdapFilter> _evaluatedFilters = new(StringComparer.Ordinal);
    private readonly Dictionary<(string ElementId, string FilterText), CompiledLdapFilter> _declaredFilters = DeclaredFilters(processes);

    /// <summary>
    /// The compiled candidate filter of a task row: the one the diagram declares for the element when the row's text is
    /// that one, else the row's own text (a FEEL assignment evaluated when the task was created) compiled against the
    /// bundle's schema — once per distinct text, so listing, claiming and completing such tasks do not re-parse it.
    /// </summary>
    /// <exception cref="LdapFilterParseException">The text is not a filter (a row the runtime did not write).</exception>
    public CompiledLdapFilter Filter(string elementId, string filterText)
    {
        if (_declaredFilters.TryGetValue((elementId, filterText), out var filter) || _evaluatedFilters.TryGetValue(filterText, out filter))
        {
            return filter;
        }

        var compiled = LdapFilter.Parse(filterText).Compile(schema).ThrowIfInvalid();
        if (_evaluatedFilters.Count >= MaxEvaluatedFilters)
        {
            _evaluatedFilters.Clear();
        }

        return _evaluatedFilters.GetOrAdd(filterText, compiled);
    }

    private static Dictionary<(string ElementId, string FilterText), CompiledLdapFilter> DeclaredFilters(IReadOnlyDictionary<string, DeployedProcess> processes)
    {
        var filters = new Dictionary<(string ElementId, string FilterText), CompiledLdapFilter>();
        foreach (var process in processes.Values)
        {
            foreach (var (elementId, task) in process.UserTasks)
            {
                if (task is { FilterText: { } text, Filter: { } compiled })
                {
                    filters.TryAdd((elementId, text), compiled);
                }
            }
        }

        return filters;
    }
}

/// <summary>One process of a deployed bundle.</summary>
internal sealed class DeployedProcess(
    string key,
    BpmnInterpreter interpreter,
    string bpmnHash,
    IReadOnlyDictionary<string, BpmnFlowNode> nodes,
    IReadOnlyDictionary<string, UserTaskPlan> userTasks,
    IReadOnlyDictionary<string, string> serviceTypes,
    FormPlan? startForm)
{
    public string Key => key;

    public BpmnInterpreter Interpreter => interpreter;

    public string BpmnHash => bpmnHash;

    public IReadOnlyDictionary<string, BpmnFlowNode> Nodes => nodes;

    public IReadOnlyDictionary<string, UserTaskPlan> UserTasks => userTasks;

    /// <summary>Service-like tasks by element id: the task type whose handler runs them.</summary>
    public IReadOnlyDictionary<string, string> ServiceTypes => serviceTypes;

    public FormPlan? StartForm => startForm;

    // Derived only from immutable inputs (see ADR 0007): history events of the process share them.
    private readonly string[] _bpmnOnly = [bpmnHash];
    private readonly ConcurrentDictionary<string, string[]> _withSecond = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, System.Text.Json.JsonEncodedText> _encoded = new(StringComparer.Ordinal);

    /// <summary>
    /// The artifact hashes of a history event: the diagram's, then <paramref name="second"/> (a form's or a script's)
    /// when given. One shared array per combination; nobody changes it (the store keeps it as it is).
    /// </summary>
    public string[] ArtifactHashes(string? second) =>
        second is null ? _bpmnOnly : _withSecond.GetOrAdd(second, static (s, bpmn) => [bpmn, s], bpmnHash);

    /// <summary>
    /// A text that recurs in this process's history payloads (an element id, an event type, a script and its hash) as
    /// JSON string text, encoded once. The texts come from the deployed diagram and its modules, so the cache is bounded.
    /// </summary>
    public System.Text.Json.JsonEncodedText Encoded(string text) => _encoded.GetOrAdd(text, static t => System.Text.Json.JsonEncodedText.Encode(t));

    // Per element of the diagram (and the process itself), its rendered steps; built at construction, so reads need no lock.
    private readonly System.Collections.Frozen.FrozenDictionary<string, StepTexts> _steps =
        nodes.Keys.Append(key).Distinct(StringComparer.Ordinal).ToFrozenDictionary(id => id, _ => new StepTexts(), StringComparer.Ordinal);

    /// <summary>
    /// A step of a command's history payload without a message, <c>{"type":…,"element":…}</c>, as the payload writer
    /// writes it, rendered once per event type and element of the diagram: a command's payload copies it instead of
    /// making four writer calls per step. <see langword="null"/> for an element not in the diagram (written field by
    /// field then).
    /// </summary>
    public byte[]? StepJson(string type, string elementId)
    {
        if (!_steps.TryGetValue(elementId, out var texts))
        {
            return null;
        }

        var entries = texts.Entries;
        foreach (var (entryType, json) in entries)
        {
            if (ReferenceEquals(entryType, type) || entryType == type)
            {
                return json;
            }
        }

        var rendered = RenderStep(type, elementId);
        lock (texts)
        {
            // Copy on write: readers see the old array or the new one, both complete. Event types are a fixed set.
            if (texts.Entries.Length < 64)
            {
                texts.Entries = [.. texts.Entries, (type, rendered)];
            }
        }

        return rendered;
    }

    private const int MaxSharedRuns = 256;
    private readonly ConcurrentDictionary<ulong, byte[]> _shared = new();

    /// <summary>The runs most often shared, checked first (copy on write; at most <see cref="MaxRecentRuns"/>).</summary>
    private volatile byte[][] _recentRuns = [];

    private const int MaxRecentRuns = 8;

    /// <summary>
    /// The process's copy of <paramref name="run"/>, a run of payload bytes that recurs across instances (see
    /// <see cref="Ocap.Workflow.History.HistoryEventDraft.SharedPayload"/>), taken on first sight; <see langword="null"/>
    /// when it is short, when the table is full (bounded, as a diagram's paths can be many), or when another run holds
    /// its key. The first few runs taken are compared byte for byte before anything else (a flow's few common runs, one
    /// comparison of their length each); others are found by a cheap key and confirmed byte for byte, so a collision
    /// can only cost sharing, never change bytes.
    /// </summary>
    public byte[]? Share(ReadOnlySpan<byte> run)
    {
        if (run.Length < 64)
        {
            return null;
        }

        var recent = _recentRuns;
        foreach (var candidate in recent)
        {
            if (candidate.Length == run.Length && run.SequenceEqual(candidate))
            {
                return candidate;
            }
        }

        var key = ContentKey(run);
        if (!_shared.TryGetValue(key, out var known))
        {
            if (_shared.Count >= MaxSharedRuns)
            {
                return null;
            }

            known = _shared.GetOrAdd(key, run.ToArray());
        }

        if (!run.SequenceEqual(known))
        {
            return null;
        }

        if (recent.Length < MaxRecentRuns)
        {
            lock (_shared)
            {
                var now = _recentRuns;
                if (now.Length < MaxRecentRuns && Array.IndexOf(now, known) < 0)
                {
                    _recentRuns = [.. now, known];
                }
            }
        }

        return known;
    }

    private const int MaxStepRuns = 32;
    private const int MaxStepRunEvents = 64;

    /// <summary>Whole <c>steps</c> runs of command payloads by their events' types and elements (copy on write).</summary>
    private volatile StepRun[] _stepRuns = [];

    /// <summary>
    /// The run a command payload writes for <paramref name="events"/> (<c>,"steps":[…]</c>, as the writer writes it:
    /// each step from <see cref="StepJson"/>), rendered once per distinct sequence of event types and elements and kept
    /// (at most <see cref="MaxStepRuns"/> sequences of at most <see cref="MaxStepRunEvents"/> events); <see langword="null"/>
    /// when an event has a message or an element outside the diagram (the writer writes those), or past the bounds (the
    /// payload is then put together step by step).
    /// The events of a flow's common path name the same type and element strings each time, so the match is a reference
    /// comparison per event.
    /// </summary>
    public byte[]? StepsRun(IReadOnlyList<BpmnEvent> events)
    {
        var runs = _stepRuns;
        foreach (var candidate in runs)
        {
            if (candidate.Matches(events))
            {
                return candidate.Json;
            }
        }

        if (events.Count > MaxStepRunEvents || runs.Length >= MaxStepRuns)
        {
            return null;
        }

        var types = new string[events.Count];
        var elements = new string[events.Count];
        var json = new System.Buffers.ArrayBufferWriter<byte>(256);
        json.Write(",\"steps\":["u8);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events.StepAt(i);
            if (e.Message is not null || e.ElementId is null || StepJson(e.Type, e.ElementId) is not { } step)
            {
                return null;
            }

            if (i > 0)
            {
                json.Write(","u8);
            }

            json.Write(step);
            types[i] = e.Type;
            elements[i] = e.ElementId;
        }

        json.Write("]"u8);
        var run = new StepRun(types, elements, json.WrittenSpan.ToArray());
        lock (_steps)
        {
            if (_stepRuns.Length < MaxStepRuns)
            {
                _stepRuns = [.. _stepRuns, run];
            }
        }

        return run.Json;
    }

    /// <summary>A cached <c>steps</c> run and the event types and elements it was rendered for.</summary>
    private sealed class StepRun(string[] types, string[] elements, byte[] json)
    {
        public byte[] Json => json;

        public bool Matches(IReadOnlyList<BpmnEvent> events)
        {
            if (events.Count != types.Length)
            {
                return false;
            }

            for (var i = 0; i < types.Length; i++)
            {
                var e = events.StepAt(i);
                if (e.Message is not null || !Same(types[i], e.Type) || !Same(elements[i], e.ElementId))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Same(string known, string? other) => ReferenceEquals(known, other) || string.Equals(known, other, StringComparison.Ordinal);
    }

    private const int MaxDecisionHeads = 64;

    /// <summary>Rendered heads of decision payloads (copy on write).</summary>
    private volatile DecisionHead[] _decisionHeads = [];

    /// <summary>
    /// The head of a decision payload — <c>"element":…,"purpose":…,"language":…[,"languageAttribute":…][,"module":…],"scriptHash":…,"text":…</c>
    /// as the writer writes it — if <see cref="KeepDecisionHead"/> kept it for this element, purpose, expression and
    /// script hash. The expression comes from the deployed diagram, so decisions of the same element hand in the same object
    /// (an equal one matches too).
    /// </summary>
    public byte[]? DecisionHeadJson(string elementId, BpmnScriptPurpose purpose, BpmnExpression expression, string scriptHash)
    {
        foreach (var head in _decisionHeads)
        {
            if (SameText(head.Expression, expression) && head.Purpose == purpose
                && string.Equals(head.ElementId, elementId, StringComparison.Ordinal) && string.Equals(head.ScriptHash, scriptHash, StringComparison.Ordinal))
            {
                return head.Json;
            }
        }

        return null;
    }

    /// <summary>Whether two expressions write the same head: the same object (the diagram's, the usual case) or equal texts.</summary>
    private static bool SameText(BpmnExpression known, BpmnExpression other) =>
        ReferenceEquals(known, other)
        || (known.Language == other.Language && string.Equals(known.Text, other.Text, StringComparison.Ordinal)
            && string.Equals(known.LanguageAttribute, other.LanguageAttribute, StringComparison.Ordinal)
            && string.Equals(known.ModuleReference, other.ModuleReference, StringComparison.Ordinal));

    /// <summary>Whether another decision head may still be kept (see <see cref="KeepDecisionHead"/>).</summary>
    public bool HasRoomForDecisionHead => _decisionHeads.Length < MaxDecisionHeads;

    /// <summary>Keeps a rendered decision head (see <see cref="DecisionHeadJson"/>), up to <see cref="MaxDecisionHeads"/> of them.</summary>
    public void KeepDecisionHead(string elementId, BpmnScriptPurpose purpose, BpmnExpression expression, string scriptHash, byte[] json)
    {
        lock (_steps)
        {
            if (_decisionHeads.Length < MaxDecisionHeads)
            {
                _decisionHeads = [.. _decisionHeads, new DecisionHead(elementId, purpose, expression, scriptHash, json)];
            }
        }
    }

    private sealed record DecisionHead(string ElementId, BpmnScriptPurpose Purpose, BpmnExpression Expression, string ScriptHash, byte[] Json);

    private static ulong ContentKey(ReadOnlySpan<byte> run)
    {
        var hash = (ulong)run.Length * 0x9E3779B97F4A7C15UL;
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(run);
        foreach (var word in words)
        {
            hash = (hash ^ word) * 0x100000001B3UL;
            hash ^= hash >> 29;
        }

        foreach (var b in run[(words.Length * sizeof(ulong))..])
        {
            hash = (hash ^ b) * 0x100000001B3UL;
        }

        return hash;
    }

    private sealed class StepTexts
    {
        public volatile (string Type, byte[] Json)[] Entries = [];
    }

    private byte[] RenderStep(string type, string elementId)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer, HistoryPayloads.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString(HistoryPayloads.Names.Type, Encoded(type));
            w.WriteString(HistoryPayloads.Names.Element, Encoded(elementId));
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>A user task's candidate filter (compiled against the bundle's schema) and form.</summary>
/// <remarks><see cref="FilterText"/> and <see cref="Filter"/> are <see langword="null"/> when the assignment is FEEL: each task's
/// filter is then translated from the assignment evaluated when the task is created, and kept on its row.</remarks>
internal sealed record UserTaskPlan(string Name, string? FilterText, CompiledLdapFilter? Filter, FormPlan? Form);

/// <summary>A form as deployed: the key the diagram uses, the artifact's hash and its validator.</summary>
internal sealed record FormPlan(string Key, string ArtifactHash, FormValidator Validator);
