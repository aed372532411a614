using System.Collections;
using System.Diagnostics;
using System.Text.Json;

namespace Ocap.Workflow.Bpmn.Execution;

/// <summary>
/// The events of one step as the interpreter records them, and the step result's <see cref="BpmnStepResult.Events"/>.
/// An entry is a 24-byte struct in one array: the event's type (a byte), the node (or process, or element id) its element
/// properties come from, the execution id and the rare-property detail (for a variable change its name, the value
/// kept in an array of values beside the entries); the sequence number is the entry's position
/// after the state's last sequence before the step, since every event of a step takes the next one. The
/// <see cref="BpmnEvent"/> objects are built only when the list is first read as events, all at once, and kept, so
/// every later read returns the same objects; a caller that needs only <see cref="TypeAt"/>, <see cref="ElementIdAt"/>
/// and <see cref="MessageAt"/> (the engine's history payload) never builds them.
/// </summary>
/// <remarks>
/// The log is written by one step on one thread and only read once the step has returned it. Reading may happen on
/// several threads at once: the events are published with a compare-exchange, so all readers see one set of objects.
/// </remarks>
internal sealed class BpmnEventLog : IReadOnlyList<BpmnEvent>
{
    private Entry[] _entries;
    private int _count;

    // The state's last sequence number before the step: the entry at index i has sequence number _before + i + 1.
    private readonly long _before;
    private BpmnEvent[]? _events;

    // The new values of the variable changes, in the order of their entries (an entry holds the variable's name): a
    // 16-byte element each instead of a detail object per change until the events are built.
    private JsonElement[]? _values;
    private int _valueCount;
    private readonly int _expectedChanges;

    /// <param name="lastSequence">The state's <see cref="BpmnInstanceState.LastSequence"/> before the first event.</param>
    /// <param name="capacity">How many events the step is expected to emit.</param>
    /// <param name="changes">How many of them are expected to be variable changes.</param>
    public BpmnEventLog(long lastSequence, int capacity, int changes = 0)
    {
        _before = lastSequence;
        _entries = new Entry[Math.Max(capacity, 1)];
        _expectedChanges = changes;
    }

    /// <summary>The event types (<see cref="BpmnEvent.Type"/>), one byte in an entry instead of a reference.</summary>
    internal enum EventType : byte
    {
        /// <summary><c>elementActivated</c>.</summary>
        ElementActivated,

        /// <summary><c>elementCompleted</c>.</summary>
        ElementCompleted,

        /// <summary><c>elementTerminated</c>.</summary>
        ElementTerminated,

        /// <summary><c>taskCreated</c>.</summary>
        TaskCreated,

        /// <summary><c>timerScheduled</c>.</summary>
        TimerScheduled,

        /// <summary><c>timerFired</c>.</summary>
        TimerFired,

        /// <summary><c>messageSubscribed</c>.</summary>
        MessageSubscribed,

        /// <summary><c>signalSubscribed</c>.</summary>
        SignalSubscribed,

        /// <summary><c>messageSent</c>.</summary>
        MessageSent,

        /// <summary><c>signalThrown</c>.</summary>
        SignalThrown,

        /// <summary><c>errorThrown</c>.</summary>
        ErrorThrown,

        /// <summary><c>escalationThrown</c>.</summary>
        EscalationThrown,

        /// <summary><c>variableChanged</c>.</summary>
        VariableChanged,

        /// <summary><c>incident</c>.</summary>
        Incident,

        /// <summary><c>processStarted</c>.</summary>
        ProcessStarted,

        /// <summary><c>processCompleted</c>.</summary>
        ProcessCompleted,

        /// <summary><c>processFailed</c>.</summary>
        ProcessFailed,

        /// <summary><c>processTerminated</c>.</summary>
        ProcessTerminated,
    }

    /// <summary>How the element properties of an entry are read from its element object.</summary>
    private enum Shape : byte
    {
        /// <summary>The element is the element id (a string); no element type, no name.</summary>
        Id,

        /// <summary>The element is a <see cref="BpmnFlowNode"/>: its id, type and name.</summary>
        Node,

        /// <summary>The element is a <see cref="BpmnFlowNode"/>: its id and type, no name.</summary>
        NodeWithoutName,

        /// <summary>The element is a <see cref="BpmnProcess"/>: its id and name, type <c>process</c>.</summary>
        Process,

        /// <summary>The element is the process id (a string), type <c>process</c>, no name.</summary>
        ProcessWithoutName,

        /// <summary>A variable change: the element is the element id (a string), the detail the variable's name, and the
        /// value the next one in the log's values.</summary>
        Change,
    }

    /// <inheritdoc/>
    public int Count => _count;

    /// <inheritdoc/>
    public BpmnEvent this[int index] => (uint)index < (uint)_count ? Events[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The sequence number of the last event recorded, or the state's before the step when there is none.</summary>
    public long LastSequence => _before + _count;

    private BpmnEvent[] Events => _events ?? Materialize();

    /// <summary>The <see cref="BpmnEvent.Type"/> of the event at <paramref name="index"/>, without building the event.</summary>
    public string TypeAt(int index) => TypeName(At(index).Type);

    /// <summary>The <see cref="BpmnEvent.ElementId"/> of the event at <paramref name="index"/>, without building the event.</summary>
    public string? ElementIdAt(int index)
    {
        ref readonly var entry = ref At(index);
        return entry.Element switch
        {
            BpmnFlowNode node => node.Id,
            BpmnProcess process => process.Id,
            var element => (string?)element,
        };
    }

    /// <summary>The <see cref="BpmnEvent.Message"/> of the event at <paramref name="index"/>, without building the event.</summary>
    public string? MessageAt(int index)
    {
        ref readonly var entry = ref At(index);
        return entry.Shape == Shape.Change ? null : BpmnEvent.MessageOf(entry.Detail);
    }

    /// <summary>Records an event whose element properties are a node's id, type and name.</summary>
    public void Add(EventType type, BpmnFlowNode node, int executionId, object? detail = null) =>
        Add(new Entry(type, node, Shape.Node, true, executionId, detail));

    /// <summary>Records an event whose element properties are a node's id and type, without its name.</summary>
    public void AddWithoutName(EventType type, BpmnFlowNode node, int executionId, object? detail) =>
        Add(new Entry(type, node, Shape.NodeWithoutName, true, executionId, detail));

    /// <summary>Records an event with an element id only (no element type or name).</summary>
    public void Add(EventType type, string elementId, int? executionId, object? detail) =>
        Add(new Entry(type, elementId, Shape.Id, executionId.HasValue, executionId.GetValueOrDefault(), detail));

    /// <summary>Records a <c>variableChanged</c> event of the scope at <paramref name="elementId"/>.</summary>
    public void AddChange(string elementId, int executionId, string variable, JsonElement value)
    {
        if (_values is null)
        {
            _values = new JsonElement[Math.Max(_expectedChanges, 4)];
        }
        else if (_valueCount == _values.Length)
        {
            Array.Resize(ref _values, _valueCount * 2);
        }

        _values[_valueCount++] = value;
        Add(new Entry(EventType.VariableChanged, elementId, Shape.Change, true, executionId, variable));
    }

    /// <summary>Records an event of the process itself: its id and name, type <c>process</c>.</summary>
    public void Add(EventType type, BpmnProcess process, int executionId) =>
        Add(new Entry(type, process, Shape.Process, true, executionId, null));

    /// <summary>Records an event of the process with only its id (type <c>process</c>, no name, no execution).</summary>
    public void AddProcess(EventType type, string processId, object? detail) =>
        Add(new Entry(type, processId, Shape.ProcessWithoutName, false, 0, detail));

    /// <summary>The <see cref="BpmnEvent.Type"/> text of an event type.</summary>
    internal static string TypeName(EventType type) => type switch
    {
        EventType.ElementActivated => "elementActivated",
        EventType.ElementCompleted => "elementCompleted",
        EventType.ElementTerminated => "elementTerminated",
        EventType.TaskCreated => "taskCreated",
        EventType.TimerScheduled => "timerScheduled",
        EventType.TimerFired => "timerFired",
        EventType.MessageSubscribed => "messageSubscribed",
        EventType.SignalSubscribed => "signalSubscribed",
        EventType.MessageSent => "messageSent",
        EventType.SignalThrown => "signalThrown",
        EventType.ErrorThrown => "errorThrown",
        EventType.EscalationThrown => "escalationThrown",
        EventType.VariableChanged => "variableChanged",
        EventType.Incident => "incident",
        EventType.ProcessStarted => "processStarted",
        EventType.ProcessCompleted => "processCompleted",
        EventType.ProcessFailed => "processFailed",
        EventType.ProcessTerminated => "processTerminated",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public IEnumerator<BpmnEvent> GetEnumerator() => ((IEnumerable<BpmnEvent>)Events).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private ref readonly Entry At(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return ref _entries[index];
    }

    private void Add(in Entry entry)
    {
        // Events are built from the entries once; an entry added after that would be missing from them.
        Debug.Assert(_events is null, "The log is read only once its step has returned it.");
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }

        _entries[_count++] = entry;
    }

    private BpmnEvent[] Materialize()
    {
        var events = _count == 0 ? [] : new BpmnEvent[_count];
        var changes = 0;
        for (var i = 0; i < events.Length; i++)
        {
            ref readonly var entry = ref _entries[i];
            var detail = entry.Shape == Shape.Change ? BpmnEvent.ChangeOf((string)entry.Detail!, _values![changes++]) : entry.Detail;
            events[i] = entry.ToEvent(_before + i + 1, detail);
        }

        return Interlocked.CompareExchange(ref _events, events, null) ?? events;
    }

    private readonly struct Entry(EventType type, object? element, Shape shape, bool hasExecution, int executionId, object? detail)
    {
        public readonly object? Element = element;
        public readonly object? Detail = detail;
        public readonly int ExecutionId = executionId;
        public readonly EventType Type = type;
        public readonly Shape Shape = shape;
        public readonly bool HasExecution = hasExecution;

        public BpmnEvent ToEvent(long seq, object? detail)
        {
            string? id, elementType = null, name = null;
            switch (Shape)
            {
                case Shape.Node:
                    var node = (BpmnFlowNode)Element!;
                    (id, elementType, name) = (node.Id, node.Type, node.Name);
                    break;
                case Shape.NodeWithoutName:
                    var unnamed = (BpmnFlowNode)Element!;
                    (id, elementType) = (unnamed.Id, unnamed.Type);
                    break;
                case Shape.Process:
                    var process = (BpmnProcess)Element!;
                    (id, elementType, name) = (process.Id, "process", process.Name);
                    break;
                case Shape.ProcessWithoutName:
                    (id, elementType) = ((string?)Element, "process");
                    break;
                default: // Id and Change
                    id = (string?)Element;
                    break;
            }

            return new BpmnEvent
            {
                Type = TypeName(Type),
                Seq = seq,
                ElementId = id,
                ElementType = elementType,
                Name = name,
                ExecutionId = HasExecution ? ExecutionId : null,
                RawDetail = detail,
            };
        }
    }
}
