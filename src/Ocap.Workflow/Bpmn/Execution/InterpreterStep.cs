using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

using EventType = Ocap.Workflow.Bpmn.Execution.BpmnEventLog.EventType;

namespace Ocap.Workflow.Bpmn.Execution;

/// <summary>
/// One step of the interpreter over a private copy of the state: applies a command, then drains the agenda of
/// tokens to enter, fires inclusive joins that can no longer receive tokens, and evaluates conditional events,
/// until the instance waits or ends.
/// </summary>
/// <remarks>
/// A struct on the stack of <see cref="BpmnInterpreter.Start"/> or <see cref="BpmnInterpreter.Apply"/>, which call its
/// methods on their local (by reference), so a step allocates no object of its own. It must never be copied while it
/// runs (a copy's fields would drift from the original's); nothing takes it by value, stores it or makes a delegate of
/// its methods, and a lambda inside it cannot touch its fields (the compiler refuses).
/// </remarks>
internal struct InterpreterStep
{
    private const int MaxConditionalRounds = 1000;

    /// <summary>
    /// Most instances have a handful of executions: scanning the state's list finds one as fast as hashing and
    /// allocates nothing. A dictionary is kept only for larger instances (a wide multi-instance activity), where a
    /// scan per lookup would make a step quadratic.
    /// </summary>
    private const int IndexFrom = 16;

    /// <summary>Elements one step may enter before it stops with an incident: a diagram that loops without ever
    /// waiting would otherwise hang the host.</summary>
    internal const int MaxEntriesPerStep = 10_000;

    /// <summary>Most instances one multi-instance activity may create.</summary>
    internal const int MaxMultiInstances = 10_000;

    /// <summary>Call activities nested deeper than this are an incident (a process that calls itself).</summary>
    internal const int MaxCallDepth = 32;

    private static readonly JsonElement EmptyArray = JsonDocument.Parse("[]").RootElement.Clone();

    private readonly BpmnInterpreter _interpreter;
    private readonly BpmnInstanceState _state;
    /// <summary>Executions by id, built only once an instance has more than <see cref="IndexFrom"/> executions.</summary>
    private Dictionary<int, BpmnExecutionState>? _byId;
    private Agenda _agenda;

    // Sized by the caller for a typical step (a start reaches its first task; a task completes with its data, a gateway
    // decides, the next task or the end is reached) so the log is not regrown; BpmnStepResult hands it out as it is.
    private readonly BpmnEventLog _events;
    private HashSet<int>? _freshConditionals;

    /// <summary>Variable maps handed to evaluations as they are (<see cref="VisibleToRead"/>); see <see cref="Unlend"/>.
    /// The first in a field (a step usually lends one map, if any), the others in a list.</summary>
    private Dictionary<string, JsonElement>? _lent;
    private List<Dictionary<string, JsonElement>>? _moreLent;
    private DateTimeOffset _now;
    private bool _variablesChanged;
    private int _entries;
    private ProcessGraph? _lastGraph;
    private BpmnExecutionState? _nodeOfExecution;
    private string? _nodeOfElementId;
    private int? _nodeOfParentId;
    private BpmnFlowNode? _nodeOf;
    private BpmnProcess? _rootProcess;
    private BpmnFlowNode? _routeNode;
    private ProcessGraph? _routeGraph;
    private NodeRoute? _route;

    public InterpreterStep(BpmnInterpreter interpreter, BpmnInstanceState state, DateTimeOffset now, int expectedEvents = 16, int expectedChanges = 0)
    {
        _interpreter = interpreter;
        _events = new BpmnEventLog(state.LastSequence, expectedEvents, expectedChanges);
        _state = state;
        _now = now;
        if (state.Executions.Count > IndexFrom)
        {
            BuildIndex();
        }
    }

    private bool Active => _state.Status == BpmnInstanceStatus.Active;

    public BpmnStepResult Finish(bool handled) => new(_state, _events, handled);

    public void Start(BpmnProcess process, BpmnFlowNode start, IReadOnlyDictionary<string, JsonElement>? variables)
    {
        _rootProcess = process;
        var root = NewExecution(null, process.Id, BpmnExecutionKind.Scope);
        root.ProcessId = process.Id;
        root.Variables = variables is null ? [] : new Dictionary<string, JsonElement>(variables, StringComparer.Ordinal);
        Record();
        _events.Add(EventType.ProcessStarted, process, root.Id);
        SubscribeEventSubProcesses(root);
        var token = NewExecution(root.Id, start.Id, BpmnExecutionKind.Token);
        RememberNode(token, start);
        if (start.Kind == BpmnNodeKind.ReceiveTask)
        {
            // An instantiating receive task: its message is what started the instance.
            Emit(EventType.ElementActivated, start, token.Id);
            Leave(token, start);
        }
        else
        {
            _agenda.Enqueue(token.Id);
        }

        Run();
    }

    public bool Apply(BpmnCommand command)
    {
        bool handled;
        switch (command)
        {
            case CompleteTask complete:
                {
                    var token = WaitingTask(complete.ElementId, complete.ExecutionId);
                    Deliver(token, NodeOf(token)!, complete.Data);
                    RemoveSubscriptions(token.Id);
                    token.Phase = null;
                    Leave(token, NodeOf(token)!);
                    handled = true;
                    break;
                }

            case ThrowBpmnError error:
                {
                    var token = WaitingTask(error.ElementId, null);
                    token.Phase = null;
                    ThrowError(token, error.ErrorCode, error.ElementId, error.Message);
                    handled = true;
                    break;
                }

            case CorrelateMessage message:
                {
                    var subscription = MessageSubscription(message.Name, message.CorrelationKey);
                    handled = subscription is not null;
                    if (subscription is not null)
                    {
                        Trigger(subscription, message.Data);
                    }

                    break;
                }

            case BroadcastSignal signal:
                handled = DeliverSignal(signal.Name, signal.Data);
                break;

            case ResolveIncident resolve:
                {
                    var incident = FindIncident(resolve.IncidentId)
                        ?? throw new BpmnCommandRejectedException($"The instance has no incident {resolve.IncidentId}.", null);
                    var token = Get(incident.ExecutionId);
                    var node = NodeOf(token)!;
                    if (token.Kind != BpmnExecutionKind.Token || (resolve.Retry && node.Loop is not null))
                    {
                        throw new BpmnCommandRejectedException(
                            $"The incident at '{incident.ElementId}' stopped a {token.Kind} execution, which cannot be {(resolve.Retry ? "retried" : "resolved")}; cancel the instance instead.", incident.ElementId);
                    }

                    RemoveOf(_state.Incidents, token.Id, static i => i.ExecutionId);
                    SetVariables(token, resolve.Data);

                    // Boundary events were subscribed when the token first entered; entering again subscribes them anew.
                    RemoveSubscriptions(token.Id);
                    token.Phase = null;
                    if (resolve.Retry)
                    {
                        _agenda.Enqueue(token.Id);
                    }
                    else
                    {
                        Leave(token, node);
                    }

                    handled = true;
                    break;
                }

            case AdvanceTime advance:
                {
                    handled = false;
                    var fired = 0;

                    // An unbounded cycle (R/PT1S) advanced by a year would fire millions of times: a step fires at most
                    // MaxEntriesPerStep timers; the rest stay due and fire on the next AdvanceTime.
                    while (Active && fired++ < MaxEntriesPerStep)
                    {
                        var due = NextDueTimer(advance.At);
                        if (due is null)
                        {
                            break;
                        }

                        handled = true;
                        _now = due.DueAt!.Value;
                        Trigger(due, null);
                        Run();
                    }

                    _now = advance.At;
                    break;
                }

            default:
                throw new BpmnCommandRejectedException($"The command {command.GetType().Name} is not known to this interpreter.", null);
        }

        Run();
        return handled;
    }

    // The lookups of Apply are methods rather than lambdas: a lambda capturing a command would allocate its closure
    // on every Apply, whatever the command.
    private BpmnSubscriptionState? MessageSubscription(string name, string? correlationKey)
    {
        foreach (var s in _state.Subscriptions)
        {
            if (s.Kind == "message" && s.Name == name && (s.CorrelationKey is null || s.CorrelationKey == correlationKey))
            {
                return s;
            }
        }

        return null;
    }

    private BpmnIncidentState? FindIncident(int id)
    {
        foreach (var incident in _state.Incidents)
        {
            if (incident.Id == id)
            {
                return incident;
            }
        }

        return null;
    }

    /// <summary>The timer due first by <paramref name="at"/>; of timers due at the same time, the one with the lowest id.</summary>
    private BpmnSubscriptionState? NextDueTimer(DateTimeOffset at)
    {
        BpmnSubscriptionState? next = null;
        foreach (var s in _state.Subscriptions)
        {
            if (s.Kind == "timer" && s.DueAt is { } due && due <= at
                && (next is null || due < next.DueAt!.Value || (due == next.DueAt.Value && s.Id < next.Id)))
            {
                next = s;
            }
        }

        return next;
    }

    // ---------------------------------------------------------------- the run loop

    private void Run()
    {
        var rounds = 0;
        _entries = 0;
        while (Active)
        {
            // Conditional events are evaluated when they are subscribed (before anything else runs in their scope)
            // and again whenever variables have changed.
            if (_freshConditionals is { Count: > 0 })
            {
                FireConditionals(all: false);
                continue;
            }

            if (_agenda.TryDequeue(out var id))
            {
                if (Find(id) is { } execution)
                {
                    if (++_entries > MaxEntriesPerStep)
                    {
                        var node = NodeOf(execution)!;
                        Incident(execution, node.Id, $"The instance entered more than {MaxEntriesPerStep} elements without waiting; the diagram loops without a wait state.");
                        _agenda.Clear();
                        break;
                    }

                    Enter(execution);
                }

                continue;
            }

            if (FireInclusiveJoin())
            {
                continue;
            }

            if (!_variablesChanged || ++rounds > MaxConditionalRounds || !FireConditionals(all: true))
            {
                break;
            }
        }
    }

    private void Enter(BpmnExecutionState token)
    {
        var node = NodeOf(token)!;
        Emit(EventType.ElementActivated, node, token.Id);
        if (node.Loop is not null && !IsLoopInstance(token))
        {
            SubscribeBoundaries(token, node);
            StartLoop(token, node);
            return;
        }

        if (node.StartQuantity > 1 && !Gather(token, node, node.StartQuantity))
        {
            return;
        }

        if (HasZeebeMappings(node.Inputs) && !ApplyInputs(token, node))
        {
            return;
        }

        if (node.IsActivity && !IsLoopInstance(token))
        {
            SubscribeBoundaries(token, node);
            if (_freshConditionals is { Count: > 0 })
            {
                FireConditionals(all: false);
                if (Find(token.Id) is null)
                {
                    return;
                }
            }
        }

        Behave(token, node);
    }

    private void Behave(BpmnExecutionState token, BpmnFlowNode node)
    {
        // On the node's kind, not its type text: the switch then jumps by a byte instead of hashing a string per element.
        switch (node.Kind)
        {
            case BpmnNodeKind.StartEvent or BpmnNodeKind.BoundaryEvent or BpmnNodeKind.Task or BpmnNodeKind.ExclusiveGateway:
                Leave(token, node);
                break;
            case BpmnNodeKind.EndEvent:
                EndEvent(token, node);
                break;
            case BpmnNodeKind.IntermediateThrowEvent:
                ThrowEvent(token, node);
                break;
            case BpmnNodeKind.IntermediateCatchEvent:
                CatchEvent(token, node);
                break;
            case BpmnNodeKind.ScriptTask:
                RunScript(token, node, node.Script!);
                break;
            case BpmnNodeKind.SendTask when node.MessageName is not null:
                var sent = node.MessageName;
                if (FeelBpmnEvaluator.IsFeel(sent) && !TryFeelText(token, sent, node.Id, "message name", allowNumber: false, out sent))
                {
                    return;
                }

                Emit(EventType.MessageSent, node, token.Id, reference: sent);
                Leave(token, node);
                break;
            case BpmnNodeKind.ReceiveTask when node.MessageName is not null:
                token.Phase = "waiting";
                Subscribe(token, node, new BpmnEventDefinition { Kind = BpmnEventKind.Message, ReferenceName = node.MessageName, CorrelationKey = node.CorrelationKey });
                break;
            case BpmnNodeKind.UserTask or BpmnNodeKind.ManualTask or BpmnNodeKind.ServiceTask or BpmnNodeKind.BusinessRuleTask
                or BpmnNodeKind.SendTask or BpmnNodeKind.ReceiveTask:
                var task = node.UserTask;
                if (task is { HasExpressions: true })
                {
                    if (!TryAssignment(token, node, task, out task))
                    {
                        return;
                    }

                    token.Assignment = task;
                }

                token.Phase = "waiting";
                Emit(EventType.TaskCreated, node, token.Id, task: task, taskType: node.TaskType);
                break;
            case BpmnNodeKind.SubProcess:
                token.Kind = BpmnExecutionKind.Scope;
                StartScope(token, node.Children);
                break;
            case BpmnNodeKind.CallActivity:
                CallActivity(token, node);
                break;
            case BpmnNodeKind.ParallelGateway:
                ParallelJoin(token, node);
                break;
            case BpmnNodeKind.InclusiveGateway:
                if (Graph(token).Incoming(node.Id).Length <= 1)
                {
                    Leave(token, node);
                }
                else
                {
                    token.Phase = "joining";
                }

                break;
            case BpmnNodeKind.ComplexGateway:
                ComplexJoin(token, node);
                break;
            case BpmnNodeKind.EventBasedGateway:
                token.Phase = "waiting";
                foreach (var flow in Graph(token).Outgoing(node.Id))
                {
                    var target = ProcessOf(token).FindNode(flow.TargetRef)!;
                    var definition = target.Type == "receiveTask"
                        ? new BpmnEventDefinition { Kind = BpmnEventKind.Message, ReferenceName = target.MessageName, CorrelationKey = target.CorrelationKey }
                        : target.EventDefinitions[0];
                    Subscribe(token, target, definition);
                }

                break;
            default:
                throw new InvalidOperationException($"The validator let through an element of type '{node.Type}'.");
        }
    }

    // ---------------------------------------------------------------- leaving a node

    private void Leave(BpmnExecutionState token, BpmnFlowNode node)
    {
        // A call activity maps its outputs from the called process's variables when that scope ends (CheckScope);
        // a multi-instance or loop body has none of its own: each inner instance applied them.
        if (node.Kind != BpmnNodeKind.CallActivity && token.Kind is not (BpmnExecutionKind.MultiInstance or BpmnExecutionKind.Loop)
            && HasZeebeMappings(node.Outputs) && !ApplyOutputs(token, node, Visible(token)))
        {
            return;
        }

        if (IsLoopInstance(token))
        {
            Emit(EventType.ElementCompleted, node, token.Id);
            InstanceDone(Parent(token)!, token, node);
            return;
        }

        var graph = Graph(token);
        var route = RouteOf(graph, node);
        var flows = SelectFlows(token, node, route, out var taken);
        if (flows is null)
        {
            return;
        }

        Emit(EventType.ElementCompleted, node, token.Id);
        if (flows.Length == 1 && node.CompletionQuantity == 1 && token.Kind == BpmnExecutionKind.Token && !HasChildren(token.Id))
        {
            MoveAlong(token, flows[0], route.Targets[taken]); // one flow taken: its index in the route is known
            return;
        }

        foreach (var flow in flows)
        {
            for (var i = 0; i < node.CompletionQuantity; i++)
            {
                var next = NewExecution(token.ParentId, flow.TargetRef, BpmnExecutionKind.Token);
                next.Flow = flow.Id;
                _agenda.Enqueue(next.Id);

                // The new token is in the same process as the one leaving (same parent), at the flow's target: that
                // is the node NodeOf would look up by id when the token is entered.
                RememberNode(next, graph.TargetOf(flow));
            }
        }

        Remove(token, checkScope: true);
    }

    /// <summary>
    /// A token leaving along exactly one flow: the state ends as if a new token had been made at the flow's target and
    /// the leaving one removed (a fresh id, the last place in the list of executions, nothing of the old token's
    /// subscriptions, incidents, local variables or phase), but the leaving token's object becomes the new one. Nothing
    /// outside the step holds the step's executions (they are its private copies or its own), and within the step the
    /// old id is no longer found, exactly as after a removal; the parent keeps a child, so no scope completes here.
    /// </summary>
    private void MoveAlong(BpmnExecutionState token, BpmnSequenceFlow flow, BpmnFlowNode? target)
    {
        RemoveSubscriptions(token.Id);
        RemoveOf(_state.Incidents, token.Id, static i => i.ExecutionId);
        var executions = _state.Executions;
        if (!ReferenceEquals(executions[^1], token))
        {
            executions.Remove(token);
            executions.Add(token);
        }

        _byId?.Remove(token.Id);
        token.MoveTo(_state.NextId++, flow.TargetRef, flow.Id);
        _byId?.Add(token.Id, token);
        _agenda.Enqueue(token.Id);
        RememberNode(token, target);
    }

    // The result is only read. The graph's arrays are returned as they are when every flow is taken, and its
    // one-element arrays when exactly one is, so the usual step allocates no list here. taken: the index in the route
    // of the one flow taken (whose target the route holds), or -1 when not exactly one is.
    private BpmnSequenceFlow[]? SelectFlows(BpmnExecutionState token, BpmnFlowNode node, NodeRoute route, out int taken)
    {
        var outgoing = route.Outgoing;
        taken = outgoing.Length == 1 ? 0 : -1;
        if (node.Kind is BpmnNodeKind.ParallelGateway or BpmnNodeKind.EventBasedGateway || outgoing.Length == 0)
        {
            return outgoing;
        }

        var exclusive = node.Kind == BpmnNodeKind.ExclusiveGateway;
        var chosen = default(FlowChoice);
        var anyConditionTrue = false;
        BpmnSequenceFlow? fallback = null;
        var fallbackIndex = -1;
        for (var i = 0; i < outgoing.Length; i++)
        {
            var flow = outgoing[i];
            if (route.IsDefault[i])
            {
                fallback = flow;
                fallbackIndex = i;
                continue;
            }

            if (flow.Condition is { } condition)
            {
                if (!TryCondition(token, condition, flow.Id, out var value))
                {
                    return null;
                }

                if (!value)
                {
                    continue;
                }

                anyConditionTrue = true;
            }

            chosen.Add(flow, i);
            if (exclusive)
            {
                break;
            }
        }

        // The default flow is taken when no condition is true (unconditioned flows of an activity do not count: BPMN 13.2.1).
        if (!anyConditionTrue && fallback is not null && (chosen.Count == 0 || !node.Kind.IsGateway()))
        {
            chosen.Add(fallback, fallbackIndex);
        }

        if (chosen.Count == 0)
        {
            Incident(token, node.Id, $"No outgoing sequence flow of the {node.Type} '{node.Id}' has a true condition, and there is no default flow.");
            return null;
        }

        taken = chosen.Count == 1 ? chosen.FirstIndex : -1;
        return chosen.ToArray(route);
    }

    /// <summary>
    /// The tokens still to enter, first in first out. A step usually has one at a time (a token leaves a node, the next
    /// one is entered), so the first waits in a field and a queue is made only when a second arrives before it is taken.
    /// </summary>
    private struct Agenda
    {
        private int _first;
        private bool _hasFirst;
        private Queue<int>? _rest;

        public void Enqueue(int id)
        {
            if (!_hasFirst && (_rest is null || _rest.Count == 0))
            {
                _first = id;
                _hasFirst = true;
                return;
            }

            (_rest ??= new Queue<int>()).Enqueue(id);
        }

        public bool TryDequeue(out int id)
        {
            if (_hasFirst)
            {
                _hasFirst = false;
                id = _first;
                return true;
            }

            if (_rest is not null)
            {
                return _rest.TryDequeue(out id);
            }

            id = 0;
            return false;
        }

        public void Clear()
        {
            _hasFirst = false;
            _rest?.Clear();
        }
    }

    /// <summary>The flows a step takes, in order: one flow needs no list (the usual case).</summary>
    private struct FlowChoice
    {
        private BpmnSequenceFlow? _first;
        private List<BpmnSequenceFlow>? _all;

        public readonly int Count => _all?.Count ?? (_first is null ? 0 : 1);

        /// <summary>The route index of the first flow added.</summary>
        public int FirstIndex { readonly get; private set; }

        public void Add(BpmnSequenceFlow flow, int index)
        {
            if (_first is null)
            {
                _first = flow;
                FirstIndex = index;
                return;
            }

            (_all ??= [_first]).Add(flow);
        }

        public readonly BpmnSequenceFlow[] ToArray(NodeRoute route) =>
            _all is not null ? [.. _all] : route.Only[FirstIndex];
    }

    // ---------------------------------------------------------------- events

    private void EndEvent(BpmnExecutionState token, BpmnFlowNode node)
    {
        var definition = node.EventDefinitions.Count == 0 ? null : node.EventDefinitions[0];
        switch (definition?.Kind)
        {
            case BpmnEventKind.Message or BpmnEventKind.Signal or BpmnEventKind.Escalation:
                if (!Throw(token, node, definition))
                {
                    return;
                }

                break;
            case BpmnEventKind.Error:
                ThrowError(token, definition.ReferenceName, node.Id, null);
                return;
            case BpmnEventKind.Terminate:
                // The enclosing scope ends at once; a sub-process then completes normally, the process is terminated.
                Emit(EventType.ElementCompleted, node, token.Id);
                var scope = Parent(token)!;
                Remove(token, checkScope: false);
                if (scope.ParentId is null)
                {
                    Terminate(scope);
                    return;
                }

                foreach (var child in CollectionsMarshal.AsSpan(ChildList(scope.Id)))
                {
                    Terminate(child);
                }

                RemoveSubscriptions(scope.Id);
                CheckScope(scope);
                return;
        }

        Emit(EventType.ElementCompleted, node, token.Id);
        Remove(token, checkScope: true);
    }

    // What end and intermediate throw events share: message, signal and escalation. False when the throw ended the
    // token itself (an interrupting catcher in an enclosing scope took over).
    private bool Throw(BpmnExecutionState token, BpmnFlowNode node, BpmnEventDefinition definition)
    {
        switch (definition.Kind)
        {
            case BpmnEventKind.Message:
                var name = definition.ReferenceName;
                if (FeelBpmnEvaluator.IsFeel(name) && !TryFeelText(token, name!, node.Id, "message name", allowNumber: false, out name))
                {
                    return false;
                }

                Emit(EventType.MessageSent, node, token.Id, reference: name);
                return true;
            case BpmnEventKind.Signal:
                Emit(EventType.SignalThrown, node, token.Id, reference: definition.ReferenceName);
                DeliverSignal(definition.ReferenceName, null);
                return Find(token.Id) is not null;
            case BpmnEventKind.Escalation:
                ThrowEscalation(token, definition.ReferenceName, node);
                return Find(token.Id) is not null;
            default:
                throw new ArgumentOutOfRangeException(nameof(definition), definition.Kind, "Only message, signal and escalation events are thrown here.");
        }
    }

    private void ThrowEvent(BpmnExecutionState token, BpmnFlowNode node)
    {
        var definition = node.EventDefinitions.Count == 0 ? null : node.EventDefinitions[0];
        switch (definition?.Kind)
        {
            case BpmnEventKind.Message or BpmnEventKind.Signal or BpmnEventKind.Escalation:
                if (!Throw(token, node, definition))
                {
                    return;
                }

                break;
            case BpmnEventKind.Link:
                var target = ProcessOf(token).ChildrenOf(node.ScopeId)
                    .First(n => n.Type == "intermediateCatchEvent" && n.EventKind == BpmnEventKind.Link && n.EventDefinitions[0].LinkName == definition.LinkName);
                Emit(EventType.ElementCompleted, node, token.Id);
                var jump = NewExecution(token.ParentId, target.Id, BpmnExecutionKind.Token);
                _agenda.Enqueue(jump.Id);
                Remove(token, checkScope: true);
                return;
        }

        Leave(token, node);
    }

    private void CatchEvent(BpmnExecutionState token, BpmnFlowNode node)
    {
        var definition = node.EventDefinitions[0];
        if (definition.Kind == BpmnEventKind.Link)
        {
            Leave(token, node);
            return;
        }

        if (definition.Kind == BpmnEventKind.Conditional)
        {
            if (!TryCondition(token, definition.Expression!, node.Id, out var now))
            {
                return;
            }

            if (now)
            {
                Leave(token, node);
                return;
            }
        }

        token.Phase = "waiting";
        Subscribe(token, node, definition, fresh: false);
    }

    private void Subscribe(BpmnExecutionState execution, BpmnFlowNode catcher, BpmnEventDefinition definition, bool fresh = true)
    {
        var id = _state.NextId++;
        switch (definition.Kind)
        {
            case BpmnEventKind.Timer:
                string? timerText = definition.Expression!.Text;
                if (definition.Expression.Language == BpmnExpressionLanguage.Feel
                    && !TryFeelText(execution, timerText, catcher.Id, "timer", allowNumber: false, out timerText))
                {
                    return;
                }

                if (definition.Expression.Language == BpmnExpressionLanguage.Feel && FeelBpmnEvaluator.WithOffset(timerText) is { } withOffset)
                {
                    timerText = withOffset;
                }

                var due = IsoTimer.FirstDue(definition.TimerKind!.Value, timerText, _now, out var repetitions, out var interval, out var problem);
                if (due is null)
                {
                    Incident(execution, catcher.Id, $"The timer cannot be scheduled: {problem}");
                    return;
                }

                _state.Subscriptions.Add(new BpmnSubscriptionState(id, execution.Id, catcher.Id, "timer")
                {
                    DueAt = due,
                    Remaining = definition.TimerKind == BpmnTimerKind.Cycle ? repetitions : null,
                    Interval = interval,
                });
                Emit(EventType.TimerScheduled, catcher, execution.Id, dueAt: due);
                break;
            case BpmnEventKind.Message:
                // Camunda 8: a name or correlation key that starts with '=' is FEEL, evaluated when the subscription
                // opens; a key must come out as a string or a number (Zeebe raises an incident otherwise). Any other
                // text is a static value.
                var messageName = definition.ReferenceName;
                if (FeelBpmnEvaluator.IsFeel(messageName) && !TryFeelText(execution, messageName!, catcher.Id, "message name", allowNumber: false, out messageName))
                {
                    return;
                }

                var key = definition.CorrelationKey;
                if (FeelBpmnEvaluator.IsFeel(key) && !TryFeelText(execution, key!, catcher.Id, "correlation key", allowNumber: true, out key))
                {
                    return;
                }

                _state.Subscriptions.Add(new BpmnSubscriptionState(id, execution.Id, catcher.Id, "message") { Name = messageName, CorrelationKey = key });
                Emit(EventType.MessageSubscribed, catcher, execution.Id, reference: messageName, correlationKey: key);
                break;
            case BpmnEventKind.Signal:
                _state.Subscriptions.Add(new BpmnSubscriptionState(id, execution.Id, catcher.Id, "signal") { Name = definition.ReferenceName });
                Emit(EventType.SignalSubscribed, catcher, execution.Id, reference: definition.ReferenceName);
                break;
            case BpmnEventKind.Conditional:
                _state.Subscriptions.Add(new BpmnSubscriptionState(id, execution.Id, catcher.Id, "conditional"));
                if (fresh)
                {
                    (_freshConditionals ??= []).Add(id);
                }

                break;
        }
    }

    private void SubscribeBoundaries(BpmnExecutionState activity, BpmnFlowNode node)
    {
        foreach (var boundary in RouteOf(Graph(activity), node).Boundaries)
        {
            var definition = boundary.EventDefinitions[0];
            if (definition.Kind is BpmnEventKind.Timer or BpmnEventKind.Message or BpmnEventKind.Signal or BpmnEventKind.Conditional)
            {
                Subscribe(activity, boundary, definition);
            }
        }
    }

    private void SubscribeEventSubProcesses(BpmnExecutionState scope)
    {
        var children = ChildNodes(scope);
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            if (!child.TriggeredByEvent)
            {
                continue;
            }

            foreach (var start in child.Children.Where(n => n.Type == "startEvent" && n.EventDefinitions.Count > 0))
            {
                var definition = start.EventDefinitions[0];
                if (definition.Kind is BpmnEventKind.Timer or BpmnEventKind.Message or BpmnEventKind.Signal or BpmnEventKind.Conditional)
                {
                    Subscribe(scope, start, definition);
                }
            }
        }
    }

    private void Trigger(BpmnSubscriptionState subscription, IReadOnlyDictionary<string, JsonElement>? data)
    {
        var execution = Get(subscription.ExecutionId);
        var catcher = FindNear(execution, subscription.ElementId);
        var keep = false;
        if (subscription.Kind == "timer")
        {
            Emit(EventType.TimerFired, catcher, execution.Id);
            if (subscription.Interval is not null && subscription.Remaining is not 1 && IsoTimer.TryNext(subscription.Interval, subscription.DueAt!.Value, out var nextDue))
            {
                keep = true;
                var next = subscription with { DueAt = nextDue, Remaining = subscription.Remaining - 1 };
                _state.Subscriptions[_state.Subscriptions.IndexOf(subscription)] = next;
                subscription = next;
                Emit(EventType.TimerScheduled, catcher, execution.Id, dueAt: nextDue);
            }
        }

        if (catcher.Type is "intermediateCatchEvent" or "receiveTask")
        {
            Deliver(execution, catcher, data);
        }
        else
        {
            SetVariables(execution, data);
        }

        if (catcher.Type == "boundaryEvent")
        {
            if (!keep && !(subscription.Kind is "message" or "signal" or "conditional" && !catcher.CancelActivity))
            {
                _state.Subscriptions.Remove(subscription);
            }

            var host = execution;
            var parentId = host.ParentId;
            if (catcher.CancelActivity)
            {
                Terminate(host);
            }

            var token = NewExecution(parentId, catcher.Id, BpmnExecutionKind.Token);
            _agenda.Enqueue(token.Id);
            return;
        }

        if (catcher.Type == "startEvent")
        {
            if (!keep && !(subscription.Kind is "message" or "signal" or "conditional" && !catcher.IsInterrupting))
            {
                _state.Subscriptions.Remove(subscription);
            }

            StartEventSubProcess(execution, catcher);
            return;
        }

        // A catch event, a receive task, or a target of an event-based gateway.
        RemoveSubscriptions(execution.Id);
        execution.Phase = null;
        var at = NodeOf(execution)!;
        if (at.Type == "eventBasedGateway")
        {
            Emit(EventType.ElementCompleted, at, execution.Id);
            execution.ElementId = catcher.Id;
            execution.Flow = Graph(execution).Outgoing(at.Id).First(f => f.TargetRef == catcher.Id).Id;
            Emit(EventType.ElementActivated, catcher, execution.Id);
        }

        Leave(execution, catcher);
    }

    /// <summary>A signal reaches every catcher of this instance at once (the host delivers it to other instances).</summary>
    private bool DeliverSignal(string? name, IReadOnlyDictionary<string, JsonElement>? data)
    {
        var matching = _state.Subscriptions.Where(s => s.Kind == "signal" && s.Name == name).ToList();
        foreach (var subscription in matching)
        {
            if (Active && _state.Subscriptions.Contains(subscription))
            {
                Trigger(subscription, data);
            }
        }

        return matching.Count > 0;
    }

    private void StartEventSubProcess(BpmnExecutionState scope, BpmnFlowNode start)
    {
        var process = InnerProcess(scope);
        var eventSubProcess = process.FindNode(start.ScopeId)!;
        if (start.IsInterrupting)
        {
            foreach (var child in CollectionsMarshal.AsSpan(ChildList(scope.Id)))
            {
                Terminate(child);
            }

            RemoveSubscriptions(scope.Id);
        }

        var instance = NewExecution(scope.Id, eventSubProcess.Id, BpmnExecutionKind.Scope);
        Emit(EventType.ElementActivated, eventSubProcess, instance.Id);
        SubscribeEventSubProcesses(instance);
        var token = NewExecution(instance.Id, start.Id, BpmnExecutionKind.Token);
        _agenda.Enqueue(token.Id);
    }

    // ---------------------------------------------------------------- errors and escalations

    private void ThrowError(BpmnExecutionState from, string? code, string elementId, string? message)
    {
        Record();
        _events.Add(EventType.ErrorThrown, elementId, from.Id, BpmnEvent.DetailOf(code, null, null, message, null, null));
        if (Catch(from, code, BpmnEventKind.Error, out _))
        {
            return;
        }

        var root = _state.Executions.First(e => e.ParentId is null);
        _state.FinalVariables = root.Variables ?? [];
        _state.Status = BpmnInstanceStatus.Failed;
        var sentence = $"The BPMN error '{code ?? "(no code)"}' thrown at '{elementId}' was not caught.";
        _state.Failure = new BpmnFailureState(code, elementId, message is null ? sentence : $"{sentence} {message}");
        TerminateAll(root);
        Record();
        _events.AddProcess(EventType.ProcessFailed, _state.ProcessId, BpmnEvent.DetailOf(code, null, null, _state.Failure.Message, null, null));
    }

    private void ThrowEscalation(BpmnExecutionState from, string? code, BpmnFlowNode node)
    {
        Record();
        _events.AddWithoutName(EventType.EscalationThrown, node, from.Id, BpmnEvent.DetailOf(code, null, null, null, null, null));
        Catch(from, code, BpmnEventKind.Escalation, out _);
    }

    /// <summary>Whether a child of <paramref name="scopeId"/> at <paramref name="elementId"/> is <paramref name="from"/> or
    /// one of its ancestors (an event sub-process does not catch what is thrown inside itself).</summary>
    private bool RunsAround(int scopeId, string elementId, BpmnExecutionState from)
    {
        foreach (var child in Children(scopeId))
        {
            if (child.ElementId == elementId && IsAncestorOrSelf(child, from))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Walks from the thrower outwards: each scope's event sub-processes, then the boundary events of the
    /// activity that scope (or token) is; the first match handles it.</summary>
    private bool Catch(BpmnExecutionState from, string? code, BpmnEventKind kind, out bool interrupted)
    {
        interrupted = false;
        var current = from;
        while (current is not null)
        {
            if (current.Kind == BpmnExecutionKind.Scope)
            {
                foreach (var child in ChildNodes(current).Where(n => n.TriggeredByEvent))
                {
                    if (RunsAround(current.Id, child.Id, from))
                    {
                        continue;
                    }

                    var start = child.Children.FirstOrDefault(n => n.Type == "startEvent" && Matches(n, kind, code));
                    if (start is not null)
                    {
                        interrupted = start.IsInterrupting;
                        SetCodeVariable(current, start, code);
                        StartEventSubProcess(current, start);
                        return true;
                    }
                }
            }

            var node = current.ParentId is null ? null : NodeOf(current);
            if (node is { IsActivity: true } && !node.TriggeredByEvent)
            {
                var outer = Outermost(current);
                var boundary = ProcessOf(outer).BoundaryEventsOf(node.Id).FirstOrDefault(b => Matches(b, kind, code));
                if (boundary is not null)
                {
                    var parentId = outer.ParentId;
                    SetCodeVariable(Parent(outer)!, boundary, code);
                    if (boundary.CancelActivity || kind == BpmnEventKind.Error)
                    {
                        interrupted = true;
                        Terminate(outer);
                    }

                    var token = NewExecution(parentId, boundary.Id, BpmnExecutionKind.Token);
                    _agenda.Enqueue(token.Id);
                    return true;
                }

                current = Parent(outer);
                continue;
            }

            current = Parent(current);
        }

        return false;
    }

    private static bool Matches(BpmnFlowNode catcher, BpmnEventKind kind, string? code) =>
        catcher.EventDefinitions.Count == 1 && catcher.EventDefinitions[0].Kind == kind
        && (catcher.EventDefinitions[0].Reference is null || catcher.EventDefinitions[0].ReferenceName == code);

    private void SetCodeVariable(BpmnExecutionState scope, BpmnFlowNode catcher, string? code)
    {
        if (catcher.EventDefinitions[0].CodeVariable is { } variable && code is not null)
        {
            SetVariable(scope, variable, JsonSerializer.SerializeToElement(code));
        }
    }

    // ---------------------------------------------------------------- scopes, call activities, scripts

    private void StartScope(BpmnExecutionState scope, IReadOnlyList<BpmnFlowNode> nodes)
    {
        SubscribeEventSubProcesses(scope);
        BpmnFlowNode? start = null;
        BpmnFlowNode? firstStart = null;
        for (var i = 0; i < nodes.Count && start is null; i++)
        {
            if (nodes[i].Type == "startEvent")
            {
                firstStart ??= nodes[i];
                start = nodes[i].EventDefinitions.Count == 0 ? nodes[i] : null;
            }
        }

        start ??= firstStart;
        if (start is null)
        {
            CheckScope(scope);
            return;
        }

        var token = NewExecution(scope.Id, start.Id, BpmnExecutionKind.Token);
        _agenda.Enqueue(token.Id);
    }

    private void CallActivity(BpmnExecutionState token, BpmnFlowNode node)
    {
        string? called = node.CalledElement!;
        if (FeelBpmnEvaluator.IsFeel(called) && !TryFeelText(token, called, node.Id, "called process id", allowNumber: false, out called))
        {
            return;
        }

        if (_interpreter.Definitions.GlobalTasks.TryGetValue(called, out var global))
        {
            if (global.Type == "scriptTask" && global.Script is { } script)
            {
                RunScript(token, node, script);
            }
            else
            {
                token.Phase = "waiting";
                Emit(EventType.TaskCreated, node, token.Id, task: global.UserTask);
            }

            return;
        }

        var depth = 0;
        for (var current = Parent(token); current is not null; current = Parent(current))
        {
            depth += current.ProcessId is null ? 0 : 1;
        }

        if (depth > MaxCallDepth)
        {
            Incident(token, node.Id, $"Call activities are nested more than {MaxCallDepth} deep; the process probably calls itself.");
            return;
        }

        var process = _interpreter.Resolver.Resolve(called, node.CalledElementVersion);
        if (process is null)
        {
            Incident(token, node.Id, $"The called process '{called}' is not deployed.");
            return;
        }

        var visible = Visible(token);
        var variables = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var zeebe = HasZeebeMappings(node.Inputs);
        if (zeebe)
        {
            // Camunda 8: the input mappings are already local variables of the call activity (Enter); the called
            // process sees them, plus every visible variable unless propagateAllParentVariables="false".
            foreach (var (name, value) in node.PropagateAllParentVariables ? visible : token.Variables ?? [])
            {
                variables[name] = value;
            }
        }
        else if (node.Inputs.Count == 0 || node.Inputs.Any(m => m.Source == "*"))
        {
            foreach (var (name, value) in visible)
            {
                variables[name] = value;
            }
        }

        foreach (var mapping in node.Inputs.Where(m => m.Source != "*" && !m.IsZeebe))
        {
            if (visible.TryGetValue(mapping.Source, out var value))
            {
                variables[mapping.Target] = value;
            }
        }

        token.Kind = BpmnExecutionKind.Scope;
        token.ProcessId = process.Id;
        token.ProcessVersion = node.CalledElementVersion;
        token.Variables = variables;
        var start = process.Nodes.FirstOrDefault(n => n.Type == "startEvent" && n.EventDefinitions.Count == 0);
        if (start is null)
        {
            Incident(token, node.Id, $"The called process '{process.Id}' has no none start event.");
            return;
        }

        StartScope(token, [start]);
    }

    private void RunScript(BpmnExecutionState token, BpmnFlowNode node, BpmnExpression script)
    {
        var outcome = Evaluate(BpmnScriptPurpose.Script, script, node.Id, Visible(token));
        if (outcome.Error is { } error)
        {
            Incident(token, node.Id, $"The script of '{node.Id}' failed: {error}");
            return;
        }

        foreach (var (name, value) in outcome.VariableWrites)
        {
            SetVariable(token, name, value);
        }

        if (node.ResultVariable is { } result && outcome.BpmnErrorCode is null)
        {
            SetVariable(token, result, outcome.Value ?? JsonSerializer.SerializeToElement<object?>(null));
        }

        if (outcome.BpmnErrorCode is { } code)
        {
            ThrowError(token, code, node.Id, null);
            return;
        }

        Leave(token, node);
    }

    private void CheckScope(BpmnExecutionState scope)
    {
        if (!Active || scope.Kind != BpmnExecutionKind.Scope || HasChildren(scope.Id))
        {
            return;
        }

        if (scope.ParentId is null)
        {
            _state.FinalVariables = scope.Variables ?? [];
            _state.Status = BpmnInstanceStatus.Completed;
            Remove(scope, checkScope: false);
            _state.Subscriptions.Clear();
            Record();
            _events.AddProcess(EventType.ProcessCompleted, _state.ProcessId, null);
            return;
        }

        var node = NodeOf(scope)!;
        if (node.TriggeredByEvent)
        {
            Emit(EventType.ElementCompleted, node, scope.Id);
            Remove(scope, checkScope: true);
            return;
        }

        if (scope.ProcessId is not null)
        {
            var parent = Parent(scope)!;
            var values = scope.Variables ?? [];
            if (HasZeebeMappings(node.Outputs))
            {
                // Camunda 8: the called process's variables act as the call activity's locals; the output mappings
                // read them (and whatever the caller sees) and only their results go back.
                var context = Visible(parent);
                foreach (var (name, value) in values)
                {
                    context[name] = value;
                }

                if (!ApplyOutputs(scope, node, context))
                {
                    return;
                }

                values = [];
            }
            else if ((node.Outputs.Count == 0 && node.PropagateAllChildVariables) || node.Outputs.Any(m => m.Source == "*"))
            {
                foreach (var (name, value) in values)
                {
                    SetVariable(parent, name, value);
                }
            }

            foreach (var mapping in node.Outputs.Where(m => m.Source != "*"))
            {
                if (values.TryGetValue(mapping.Source, out var value))
                {
                    SetVariable(parent, mapping.Target, value);
                }
            }

            scope.Variables = null;
        }

        RemoveSubscriptions(scope.Id);
        Leave(scope, node);
    }

    // ---------------------------------------------------------------- gateways

    private void ParallelJoin(BpmnExecutionState token, BpmnFlowNode node)
    {
        var incoming = Graph(token).Incoming(node.Id);
        if (incoming.Length <= 1)
        {
            Leave(token, node);
            return;
        }

        token.Phase = "joining";
        var waiting = Children(token.ParentId!.Value).Where(e => e.ElementId == node.Id && e.Phase == "joining").ToList();
        var firstPerFlow = new List<BpmnExecutionState>();
        foreach (var flow in incoming)
        {
            var arrived = waiting.FirstOrDefault(e => e.Flow == flow.Id);
            if (arrived is null)
            {
                return;
            }

            firstPerFlow.Add(arrived);
        }

        Merge(firstPerFlow, node);
    }

    /// <summary>
    /// A converging complex gateway fires once its activation condition holds for the tokens that have arrived
    /// (<c>activationCount</c>); it then swallows the rest of that wave, and resets when no more tokens can arrive.
    /// </summary>
    private void ComplexJoin(BpmnExecutionState token, BpmnFlowNode node)
    {
        if (Graph(token).Incoming(node.Id).Length <= 1)
        {
            Leave(token, node);
            return;
        }

        var scopeId = token.ParentId!.Value;
        if (Children(scopeId).Any(e => e.ElementId == node.Id && e.Phase == "activated"))
        {
            Emit(EventType.ElementCompleted, node, token.Id);
            Remove(token, checkScope: false);
            return;
        }

        token.Phase = "joining";
        var arrived = Children(scopeId).Where(e => e.ElementId == node.Id && e.Phase == "joining").ToList();
        var count = JsonSerializer.SerializeToElement(arrived.Count);
        if (!TryCondition(token, node.ActivationCondition!, node.Id, out var fire, ("activationCount", count)))
        {
            return;
        }

        if (!fire)
        {
            return;
        }

        foreach (var waiting in arrived)
        {
            Remove(waiting, checkScope: false);
        }

        var marker = NewExecution(scopeId, node.Id, BpmnExecutionKind.Token);
        marker.Phase = "activated";
        var merged = NewExecution(scopeId, node.Id, BpmnExecutionKind.Token);
        Leave(merged, node);
    }

    private bool FireInclusiveJoin()
    {
        // Called whenever the agenda runs dry: usually no token is joining and nothing needs to be built.
        if (!AnyPhase("activated", "joining"))
        {
            return false;
        }

        foreach (var marker in _state.Executions.Where(e => e.Phase == "activated").ToList())
        {
            var reached = false;
            foreach (var other in Children(marker.ParentId!.Value))
            {
                if (other.Id != marker.Id && Graph(marker).CanReach(other.ElementId, marker.ElementId))
                {
                    reached = true;
                    break;
                }
            }

            if (!reached)
            {
                Remove(marker, checkScope: true);
                return true;
            }
        }

        foreach (var token in _state.Executions.Where(e => e.Phase == "joining").ToList())
        {
            var node = NodeOf(token)!;
            if (node.Type != "inclusiveGateway")
            {
                continue;
            }

            var graph = Graph(token);
            var others = Children(token.ParentId!.Value).Where(e => !(e.ElementId == node.Id && e.Phase == "joining"));
            if (others.Any(o => graph.CanReach(o.ElementId, node.Id)))
            {
                continue;
            }

            var arrived = Children(token.ParentId!.Value).Where(e => e.ElementId == node.Id && e.Phase == "joining")
                .GroupBy(e => e.Flow).Select(g => g.First()).ToList();
            Merge(arrived, node);
            return true;
        }

        return false;
    }

    private void Merge(List<BpmnExecutionState> arrived, BpmnFlowNode node)
    {
        var parentId = arrived[0].ParentId;
        foreach (var token in arrived)
        {
            Remove(token, checkScope: false);
        }

        var merged = NewExecution(parentId, node.Id, BpmnExecutionKind.Token);
        Leave(merged, node);
    }

    private bool AnyPhase(string phase, string orPhase)
    {
        var executions = _state.Executions;
        for (var i = 0; i < executions.Count; i++)
        {
            if (executions[i].Phase is { } current && (current == phase || current == orPhase))
            {
                return true;
            }
        }

        return false;
    }

    private bool Gather(BpmnExecutionState token, BpmnFlowNode node, int count)
    {
        token.Phase = "joining";
        var waiting = Children(token.ParentId!.Value).Where(e => e.ElementId == node.Id && e.Phase == "joining").Take(count).ToList();
        if (waiting.Count < count)
        {
            return false;
        }

        foreach (var other in waiting.Where(w => w.Id != token.Id))
        {
            Remove(other, checkScope: false);
        }

        token.Phase = null;
        return true;
    }

    private bool FireConditionals(bool all)
    {
        var fresh = _freshConditionals;
        var candidates = _state.Subscriptions.Where(s => s.Kind == "conditional" && (all || fresh?.Contains(s.Id) == true)).ToList();
        if (all)
        {
            _variablesChanged = false;
        }

        _freshConditionals?.Clear();
        foreach (var subscription in candidates)
        {
            if (!Active || !_state.Subscriptions.Contains(subscription) || Find(subscription.ExecutionId) is not { } execution)
            {
                continue;
            }

            var catcher = FindNear(execution, subscription.ElementId);
            if (!TryCondition(execution, catcher.EventDefinitions[0].Expression!, catcher.Id, out var value))
            {
                return true;
            }

            if (value)
            {
                Trigger(subscription, null);
                return true;
            }
        }

        return false;
    }

    // ---------------------------------------------------------------- loops and multi-instance

    private void StartLoop(BpmnExecutionState body, BpmnFlowNode node)
    {
        var loop = node.Loop!;
        body.Counter = 0;
        if (!loop.IsMultiInstance)
        {
            body.Kind = BpmnExecutionKind.Loop;
            if (loop.TestBefore && !ContinueLoop(body, node))
            {
                return;
            }

            if (Find(body.Id) is not null)
            {
                SpawnInstance(body, node);
            }

            return;
        }

        body.Kind = BpmnExecutionKind.MultiInstance;
        int count;
        if (loop.Collection is { } collectionExpression)
        {
            if (!TryValue(body, collectionExpression, node.Id, out var items))
            {
                return;
            }

            if (items.ValueKind != JsonValueKind.Array)
            {
                Incident(body, node.Id, $"The multi-instance collection of '{node.Id}' is {items.ValueKind.ToString().ToLowerInvariant()}, not an array.");
                return;
            }

            body.Items = items;
            count = items.GetArrayLength();
        }
        else
        {
            if (!TryValue(body, loop.LoopCardinality!, node.Id, out var cardinality))
            {
                return;
            }

            if (cardinality.ValueKind != JsonValueKind.Number || !cardinality.TryGetInt32(out count) || count < 0)
            {
                Incident(body, node.Id, $"The loop cardinality of '{node.Id}' is {cardinality.GetRawText()}, not a whole number of zero or more.");
                return;
            }
        }

        if (count > MaxMultiInstances)
        {
            Incident(body, node.Id, $"The multi-instance activity '{node.Id}' asks for {count} instances; the limit is {MaxMultiInstances}.");
            return;
        }

        body.Instances = count;
        body.Completed = 0;
        body.Variables = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["nrOfInstances"] = JsonSerializer.SerializeToElement(count),
            ["nrOfCompletedInstances"] = JsonSerializer.SerializeToElement(0),
            ["nrOfActiveInstances"] = JsonSerializer.SerializeToElement(loop.IsSequential ? Math.Min(1, count) : count),
        };
        if (loop.OutputCollection is { } outputName)
        {
            // As in Zeebe, the output collection starts with one null per instance, so an instance that never
            // completes (a completion condition ended the others) leaves its place null and the indexes stay aligned.
            body.Variables[outputName] = JsonSerializer.SerializeToElement(new object?[count]);
        }

        if (IsZeebeLoop(loop))
        {
            // Camunda 8 names the counters differently; its completion conditions read these.
            body.Variables["numberOfInstances"] = body.Variables["nrOfInstances"];
            body.Variables["numberOfCompletedInstances"] = body.Variables["nrOfCompletedInstances"];
            body.Variables["numberOfActiveInstances"] = body.Variables["nrOfActiveInstances"];
        }

        if (count == 0)
        {
            LeaveBody(body, node);
            return;
        }

        for (var i = 0; i < (loop.IsSequential ? 1 : count); i++)
        {
            SpawnInstance(body, node);
        }
    }

    private void SpawnInstance(BpmnExecutionState body, BpmnFlowNode node)
    {
        var index = body.Counter!.Value;
        body.Counter = index + 1;
        var instance = NewExecution(body.Id, node.Id, BpmnExecutionKind.Token);
        instance.Variables = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["loopCounter"] = JsonSerializer.SerializeToElement(index) };
        if (node.Loop!.ElementVariable is { } element && body.Items is { } items)
        {
            instance.Variables[element] = items[index];
        }

        _agenda.Enqueue(instance.Id);
    }

    private void InstanceDone(BpmnExecutionState body, BpmnExecutionState instance, BpmnFlowNode node)
    {
        var loop = node.Loop!;
        if (!loop.IsMultiInstance)
        {
            Remove(instance, checkScope: false);
            if (loop.LoopMaximum is { } maximum && body.Counter >= maximum)
            {
                LeaveBody(body, node);
                return;
            }

            if (!ContinueLoop(body, node))
            {
                return;
            }

            SpawnInstance(body, node);
            return;
        }

        if (loop.OutputCollection is { } outputName && loop.OutputElement is { } outputExpression)
        {
            if (!TryValue(instance, outputExpression, node.Id, out var output))
            {
                return;
            }

            var index = instance.Variables!["loopCounter"].GetInt32();
            var current = body.Variables!.TryGetValue(outputName, out var existing) ? existing : EmptyArray;
            var list = current.EnumerateArray().ToList();
            while (list.Count <= index)
            {
                list.Add(JsonSerializer.SerializeToElement<object?>(null));
            }

            list[index] = output;
            Unlend(body);
            body.Variables[outputName] = JsonSerializer.SerializeToElement(list);
        }

        Remove(instance, checkScope: false);
        body.Completed++;
        var active = Children(body.Id).Count();
        Unlend(body);
        body.Variables!["nrOfCompletedInstances"] = JsonSerializer.SerializeToElement(body.Completed);
        body.Variables["nrOfActiveInstances"] = JsonSerializer.SerializeToElement(active);
        if (IsZeebeLoop(loop))
        {
            body.Variables["numberOfCompletedInstances"] = body.Variables["nrOfCompletedInstances"];
            body.Variables["numberOfActiveInstances"] = body.Variables["nrOfActiveInstances"];
        }

        var done = body.Completed >= body.Instances;
        if (!done && loop.CompletionCondition is { } completion)
        {
            if (!TryCondition(body, completion, node.Id, out var stop))
            {
                return;
            }

            done = stop;
        }

        if (done)
        {
            foreach (var child in CollectionsMarshal.AsSpan(ChildList(body.Id)))
            {
                Terminate(child);
            }

            LeaveBody(body, node);
        }
        else if (loop.IsSequential)
        {
            SpawnInstance(body, node);
        }
    }

    private static bool IsZeebeLoop(BpmnLoopCharacteristics loop) =>
        loop.Collection?.Language == BpmnExpressionLanguage.Feel || loop.CompletionCondition?.Language == BpmnExpressionLanguage.Feel;

    private bool ContinueLoop(BpmnExecutionState body, BpmnFlowNode node)
    {
        var loop = node.Loop!;
        var proceed = true;
        if (loop.LoopCondition is { } condition && !TryCondition(body, condition, node.Id, out proceed))
        {
            return false;
        }

        if (!proceed)
        {
            LeaveBody(body, node);
        }

        return proceed;
    }

    private void LeaveBody(BpmnExecutionState body, BpmnFlowNode node)
    {
        if (node.Loop!.OutputCollection is { } outputName && body.Variables is not null)
        {
            var value = body.Variables.TryGetValue(outputName, out var collected) ? collected : EmptyArray;
            SetVariable(Parent(body)!, outputName, value);
        }

        Leave(body, node);
    }

    // ---------------------------------------------------------------- conditions and values

    private bool TryCondition(BpmnExecutionState execution, BpmnExpression expression, string elementId, out bool value, (string Name, JsonElement Value)? extra = null)
    {
        value = false;
        Dictionary<string, JsonElement> visible;
        if (extra is { } binding)
        {
            visible = Visible(execution);
            visible[binding.Name] = binding.Value;
        }
        else
        {
            visible = VisibleToRead(execution);
        }

        var outcome = Evaluate(BpmnScriptPurpose.Condition, expression, elementId, visible);
        if (outcome.Error is { } error)
        {
            Incident(execution, elementId, $"The condition of '{elementId}' failed: {error}");
            return false;
        }

        if (outcome.Value is not { } result || result.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            var shown = outcome.Value is { } v ? v.GetRawText() : "undefined";
            Incident(execution, elementId, $"The condition of '{elementId}' returned {shown}, not a boolean.");
            return false;
        }

        value = result.ValueKind == JsonValueKind.True;
        return true;
    }

    private bool TryValue(BpmnExecutionState execution, BpmnExpression expression, string elementId, out JsonElement value)
    {
        value = default;
        var outcome = Evaluate(BpmnScriptPurpose.Value, expression, elementId, Visible(execution));
        if (outcome.Error is { } error)
        {
            Incident(execution, elementId, $"The expression '{expression.Text}' of '{elementId}' failed: {error}");
            return false;
        }

        value = outcome.Value ?? JsonSerializer.SerializeToElement<object?>(null);
        return true;
    }

    /// <summary>FEEL goes to the interpreter's FEEL evaluator at the command's time; everything else to the script port.</summary>
    private BpmnScriptOutcome Evaluate(BpmnScriptPurpose purpose, BpmnExpression expression, string elementId, Dictionary<string, JsonElement> visible) =>
        expression.Language == BpmnExpressionLanguage.Feel
            ? _interpreter.Feel.Evaluate(expression.Text, visible, _now)
            : _interpreter.Scripts.Evaluate(new BpmnScriptRequest(purpose, expression, elementId, visible));

    /// <summary>Evaluates a FEEL text that must give a string (or, for a correlation key, a number); anything else is an incident.</summary>
    private bool TryFeelText(BpmnExecutionState execution, string text, string elementId, string what, bool allowNumber, [NotNullWhen(true)] out string? result)
    {
        result = null;
        var outcome = _interpreter.Feel.Evaluate(text, Visible(execution), _now);
        if (outcome.Error is { } error)
        {
            Incident(execution, elementId, $"The {what} '{text}' of '{elementId}' failed: {error}");
            return false;
        }

        var value = outcome.Value!.Value;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                result = value.GetString()!;
                return true;
            case JsonValueKind.Number when allowNumber:
                result = value.GetRawText();
                return true;
            default:
                Incident(execution, elementId,
                    $"The {what} '{text}' of '{elementId}' evaluated to {value.GetRawText()}; it must be a string{(allowNumber ? " or a number" : string.Empty)}.");
                return false;
        }
    }

    // ---------------------------------------------------------------- Camunda 8 variable mappings and assignments

    private static bool HasZeebeMappings(IReadOnlyList<BpmnVariableMapping> mappings)
    {
        for (var i = 0; i < mappings.Count; i++)
        {
            if (mappings[i].IsZeebe)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Zeebe input mappings: each source (FEEL when it starts with '=', else a static string) is evaluated in the
    /// scope the element is entered in; the targets become local variables of the element, a path <c>a.b</c>
    /// building a new context <c>a</c> (not merged with a variable <c>a</c> of an outer scope). As in Zeebe, where
    /// the mappings form one FEEL context, a later source may read an earlier target.
    /// </summary>
    private bool ApplyInputs(BpmnExecutionState token, BpmnFlowNode node)
    {
        var values = MapTargets(token, node, node.Inputs, Visible(token), "input");
        if (values is null)
        {
            return false;
        }

        Unlend(token);
        token.Variables ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            var element = JsonSerializer.SerializeToElement(value);
            token.Variables[name] = element;
            _variablesChanged = true;
            Record();
            _events.AddChange(node.Id, token.Id, name, element);
        }

        return true;
    }

    /// <summary>
    /// Zeebe output mappings, evaluated in the element's scope when it completes. A path target <c>a.b</c> merges
    /// into the variable <c>a</c> one level deep (Zeebe's <c>context merge(a, {b: ...})</c>); the results are then
    /// propagated from the enclosing scope: an existing variable is updated where it lives, a new one is created
    /// in the process scope.
    /// </summary>
    private bool ApplyOutputs(BpmnExecutionState token, BpmnFlowNode node, Dictionary<string, JsonElement> context)
    {
        // The variables a path target merges into, as they were before any mapping ran.
        var originals = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var mapping in node.Outputs)
        {
            var dot = mapping.Target.IndexOf('.', StringComparison.Ordinal);
            if (mapping.IsZeebe && dot > 0 && context.TryGetValue(mapping.Target[..dot], out var original))
            {
                originals.TryAdd(mapping.Target[..dot], original);
            }
        }

        var values = MapTargets(token, node, node.Outputs, context, "output");
        if (values is null)
        {
            return false;
        }

        var results = new List<KeyValuePair<string, JsonElement>>(values.Count);
        foreach (var (name, fresh) in values)
        {
            if (originals.TryGetValue(name, out var existing) && existing.ValueKind != JsonValueKind.Null && fresh is JsonObject)
            {
                if (existing.ValueKind != JsonValueKind.Object)
                {
                    Incident(token, node.Id, $"The output mapping of '{node.Id}' writes into '{name}', which is {existing.ValueKind.ToString().ToLowerInvariant()}, not a context.");
                    return false;
                }

                var merged = JsonNode.Parse(existing.GetRawText())!.AsObject();
                foreach (var (key, child) in fresh!.AsObject().ToList())
                {
                    fresh.AsObject().Remove(key);
                    merged[key] = child;
                }

                results.Add(new(name, JsonSerializer.SerializeToElement(merged)));
            }
            else
            {
                results.Add(new(name, JsonSerializer.SerializeToElement(fresh)));
            }
        }

        var target = Parent(token) ?? token;
        foreach (var (name, value) in results)
        {
            SetVariable(target, name, value);
        }

        return true;
    }

    /// <summary>Evaluates the Zeebe mappings of a list into top-level values (paths built into nested objects), or null after an incident.</summary>
    private Dictionary<string, JsonNode?>? MapTargets(
        BpmnExecutionState token, BpmnFlowNode node, IReadOnlyList<BpmnVariableMapping> mappings, Dictionary<string, JsonElement> context, string kind)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var mapping in mappings)
        {
            if (!mapping.IsZeebe)
            {
                continue;
            }

            JsonNode? value;
            if (FeelBpmnEvaluator.IsFeel(mapping.Source))
            {
                var outcome = _interpreter.Feel.Evaluate(mapping.Source, context, _now);
                if (outcome.Error is { } error)
                {
                    Incident(token, node.Id, $"The {kind} mapping '{mapping.Source}' -> '{mapping.Target}' of '{node.Id}' failed: {error}");
                    return null;
                }

                value = JsonNode.Parse(outcome.Value!.Value.GetRawText());
            }
            else
            {
                value = JsonValue.Create(mapping.Source);
            }

            var path = mapping.Target.Split('.');
            if (path.Length == 1)
            {
                values[path[0]] = value;
            }
            else
            {
                if (!values.TryGetValue(path[0], out var top) || top is not JsonObject)
                {
                    values[path[0]] = top = new JsonObject();
                }

                var current = top.AsObject();
                for (var i = 1; i < path.Length - 1; i++)
                {
                    if (current[path[i]] is not JsonObject next)
                    {
                        current[path[i]] = next = new JsonObject();
                    }

                    current = next;
                }

                current[path[^1]] = value;
            }

            // A later mapping may read what an earlier one produced (the mappings form one FEEL context in Zeebe).
            context[path[0]] = JsonSerializer.SerializeToElement(values[path[0]]);
        }

        return values;
    }

    /// <summary>Data that completes a task or a catch event: with Zeebe output mappings it becomes local to the
    /// element and only the mappings' results leave it; otherwise it is propagated as usual.</summary>
    private void Deliver(BpmnExecutionState token, BpmnFlowNode node, IReadOnlyDictionary<string, JsonElement>? data)
    {
        if (data is null || !HasZeebeMappings(node.Outputs))
        {
            SetVariables(token, data);
            return;
        }

        Unlend(token);
        token.Variables ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in data)
        {
            var copy = value.Clone();
            token.Variables[name] = copy;
            _variablesChanged = true;
            Record();
            _events.AddChange(node.Id, token.Id, name, copy);
        }
    }

    /// <summary>
    /// Evaluates a Camunda 8 assignment written as FEEL when the user task is created: the assignee must be a
    /// string (or null for none); candidate users and groups a list of strings or a comma-separated string (null
    /// for none). The event carries the evaluated assignment; a wrong type is an incident.
    /// </summary>
    private bool TryAssignment(BpmnExecutionState token, BpmnFlowNode node, BpmnUserTaskInfo info, out BpmnUserTaskInfo resolved)
    {
        resolved = info;
        var visible = Visible(token);
        string? assignee = info.Assignee;
        if (info.AssigneeExpression is { } assigneeExpression)
        {
            if (!TryFeelValue(token, node, assigneeExpression, "assignee", visible, out var value))
            {
                return false;
            }

            if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                Incident(token, node.Id, $"The assignee '{assigneeExpression.Text}' of '{node.Id}' evaluated to {value.GetRawText()}; it must be a string.");
                return false;
            }

            assignee = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }

        var users = info.CandidateUsers;
        if (info.CandidateUsersExpression is { } usersExpression && !TryNames(token, node, usersExpression, "candidate users", visible, out users))
        {
            return false;
        }

        var groups = info.CandidateGroups;
        if (info.CandidateGroupsExpression is { } groupsExpression && !TryNames(token, node, groupsExpression, "candidate groups", visible, out groups))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(assignee) && users.Count == 0 && groups.Count == 0 && string.IsNullOrWhiteSpace(info.CandidateFilter))
        {
            // Zeebe would create a task only an administrator can see; a task nobody may act on is an incident here.
            Incident(token, node.Id, $"The assignment of '{node.Id}' evaluated to no assignee, candidate users or groups, so nobody could act on the task.");
            return false;
        }

        resolved = info with
        {
            Assignee = assignee,
            CandidateUsers = users,
            CandidateGroups = groups,
            AssigneeExpression = null,
            CandidateUsersExpression = null,
            CandidateGroupsExpression = null,
        };
        return true;
    }

    private bool TryNames(BpmnExecutionState token, BpmnFlowNode node, BpmnExpression expression, string what, Dictionary<string, JsonElement> visible, out IReadOnlyList<string> names)
    {
        names = [];
        if (!TryFeelValue(token, node, expression, what, visible, out var value))
        {
            return false;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.String:
                names = value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return true;
            case JsonValueKind.Array when value.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String):
                names = [.. value.EnumerateArray().Select(i => i.GetString()!.Trim()).Where(n => n.Length > 0)];
                return true;
            default:
                Incident(token, node.Id, $"The {what} '{expression.Text}' of '{node.Id}' evaluated to {value.GetRawText()}; it must be a list of strings or a comma-separated string.");
                return false;
        }
    }

    private bool TryFeelValue(BpmnExecutionState token, BpmnFlowNode node, BpmnExpression expression, string what, Dictionary<string, JsonElement> visible, out JsonElement value)
    {
        value = default;
        var outcome = _interpreter.Feel.Evaluate(expression.Text, visible, _now);
        if (outcome.Error is { } error)
        {
            Incident(token, node.Id, $"The {what} '{expression.Text}' of '{node.Id}' failed: {error}");
            return false;
        }

        value = outcome.Value!.Value;
        return true;
    }

    private void Incident(BpmnExecutionState execution, string elementId, string message)
    {
        execution.Phase = "incident";
        var incident = new BpmnIncidentState(_state.NextId++, execution.Id, elementId, message);
        _state.Incidents.Add(incident);
        Record();
        _events.Add(EventType.Incident, elementId, execution.Id, BpmnEvent.DetailOf(null, null, null, message, null, null));
    }

    // ---------------------------------------------------------------- variables

    private Dictionary<string, JsonElement> Visible(BpmnExecutionState execution)
    {
        // Sized for every variable on the chain (an upper bound: inner ones may shadow outer ones), so it never regrows.
        var count = 0;
        for (var current = execution; current is not null; current = current.ProcessId is null ? Parent(current) : null)
        {
            count += current.Variables?.Count ?? 0;
        }

        var visible = new Dictionary<string, JsonElement>(count, StringComparer.Ordinal);
        AddVisible(execution, visible);
        return visible;
    }

    /// <summary>
    /// The variables visible at <paramref name="execution"/> for an evaluation that only reads them. When one scope of
    /// the chain holds every one of them (the usual case: a token in the process scope), that scope's own map is lent
    /// rather than copied: same names, same values, same order. A lent map is never written again during the step: the
    /// write sites call <see cref="Unlend"/> first, which gives the scope a copy to write to, so what the evaluator was
    /// handed (and a recorder may keep) stays as it was when it was evaluated.
    /// </summary>
    private Dictionary<string, JsonElement> VisibleToRead(BpmnExecutionState execution)
    {
        Dictionary<string, JsonElement>? only = null;
        for (var current = execution; current is not null; current = current.ProcessId is null ? Parent(current) : null)
        {
            if (current.Variables is { Count: > 0 } variables)
            {
                if (only is not null)
                {
                    return Visible(execution);
                }

                only = variables;
            }
        }

        if (only is null)
        {
            return new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        }

        if (_lent is null)
        {
            _lent = only;
        }
        else if (!IsLent(only))
        {
            (_moreLent ??= []).Add(only);
        }

        return only;
    }

    private bool IsLent(Dictionary<string, JsonElement> variables)
    {
        if (_lent is null)
        {
            return false;
        }

        if (ReferenceEquals(_lent, variables))
        {
            return true;
        }

        if (_moreLent is not null)
        {
            foreach (var lent in _moreLent)
            {
                if (ReferenceEquals(lent, variables))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Before <paramref name="execution"/>'s variables are written: if they were lent to an evaluation
    /// (<see cref="VisibleToRead"/>), the execution gets a copy in the same order, with room for <paramref name="room"/>
    /// more, and the lent map is left as it was.</summary>
    private void Unlend(BpmnExecutionState execution, int room = 1)
    {
        if (_lent is null || execution.Variables is not { } variables || !IsLent(variables))
        {
            return;
        }

        var copy = new Dictionary<string, JsonElement>(variables.Count + room, StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            copy.Add(name, value);
        }

        execution.Variables = copy;
    }

    // Outermost scope first, so an inner variable shadows an outer one of the same name; the chain stops at a
    // called process's scope. Recursion instead of a list of the chain: it is a few levels deep and allocates nothing.
    private void AddVisible(BpmnExecutionState execution, Dictionary<string, JsonElement> visible)
    {
        if (execution.ProcessId is null && Parent(execution) is { } parent)
        {
            AddVisible(parent, visible);
        }

        if (execution.Variables is { } variables)
        {
            foreach (var (name, value) in variables)
            {
                visible[name] = value;
            }
        }
    }

    private void SetVariables(BpmnExecutionState execution, IReadOnlyDictionary<string, JsonElement>? data)
    {
        if (data is null)
        {
            return;
        }

        // New variables are created in the outermost scope of the chain (SetVariable): make room there for all of
        // them at once rather than growing the map step by step. Capacity does not change a map's order.
        var outermost = execution;
        while (outermost.ProcessId is null && Parent(outermost) is { } parent)
        {
            outermost = parent;
        }

        Unlend(outermost, data.Count);
        outermost.Variables?.EnsureCapacity(outermost.Variables.Count + data.Count);

        // When no scope below the outermost holds a variable (a task's token in the process scope, the usual case),
        // every name lands in the outermost: the search starts there instead of at each scope below it, name by name.
        var from = outermost;
        for (var current = execution; !ReferenceEquals(current, outermost); current = Parent(current)!)
        {
            if (current.Variables is { Count: > 0 })
            {
                from = execution;
                break;
            }
        }

        // The usual data is a Dictionary: walking it as one avoids boxing its enumerator.
        if (data is Dictionary<string, JsonElement> dictionary)
        {
            foreach (var (name, value) in dictionary)
            {
                SetVariable(from, name, value);
            }

            return;
        }

        foreach (var (name, value) in data)
        {
            SetVariable(from, name, value);
        }
    }

    private void SetVariable(BpmnExecutionState execution, string name, JsonElement value)
    {
        // JsonElement is immutable: one detached copy serves both the state and the event.
        var copy = value.Clone();

        // The innermost scope of the chain that has the variable gets it; failing that, the outermost. The value is
        // stored through the reference the lookup found, so a name is hashed once per scope it is looked for in (the
        // outermost scope, where most variables live, is not asked first whether it has the name and then given it).
        var target = execution;
        while (true)
        {
            var outer = target.ProcessId is null ? Parent(target) : null;
            if (outer is null)
            {
                Unlend(target);
                target.Variables ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                CollectionsMarshal.GetValueRefOrAddDefault(target.Variables, name, out _) = copy;
                break;
            }

            if (target.Variables is not null)
            {
                ref var existing = ref CollectionsMarshal.GetValueRefOrNullRef(target.Variables, name);
                if (!Unsafe.IsNullRef(ref existing))
                {
                    if (IsLent(target.Variables))
                    {
                        Unlend(target);
                        target.Variables[name] = copy;
                    }
                    else
                    {
                        existing = copy;
                    }

                    break;
                }
            }

            target = outer;
        }

        _variablesChanged = true;
        Record();
        _events.AddChange(target.ElementId, target.Id, name, copy);
    }

    // ---------------------------------------------------------------- executions

    private BpmnExecutionState NewExecution(int? parentId, string elementId, string kind)
    {
        var execution = new BpmnExecutionState { Id = _state.NextId++, ParentId = parentId, ElementId = elementId, Kind = kind };
        _state.Executions.Add(execution);
        if (_byId is not null)
        {
            _byId[execution.Id] = execution;
        }
        else if (_state.Executions.Count > IndexFrom)
        {
            BuildIndex();
        }
        return execution;
    }

    private void Remove(BpmnExecutionState execution, bool checkScope)
    {
        foreach (var child in CollectionsMarshal.AsSpan(ChildList(execution.Id)))
        {
            Remove(child, checkScope: false);
        }

        _state.Executions.Remove(execution);
        _byId?.Remove(execution.Id);
        RemoveSubscriptions(execution.Id);
        RemoveOf(_state.Incidents, execution.Id, static i => i.ExecutionId);
        if (checkScope && execution.ParentId is { } parentId && Find(parentId) is { } parent)
        {
            CheckScope(parent);
        }
    }

    private void Terminate(BpmnExecutionState execution)
    {
        if (execution.ParentId is null)
        {
            _state.FinalVariables = execution.Variables ?? [];
            _state.Status = BpmnInstanceStatus.Terminated;
            TerminateAll(execution);
            Record();
            _events.AddProcess(EventType.ProcessTerminated, _state.ProcessId, null);
            return;
        }

        TerminateTree(execution);
        Remove(execution, checkScope: false);
    }

    /// <summary>Emits <c>elementTerminated</c> for an execution and everything inside it, innermost first.</summary>
    private void TerminateTree(BpmnExecutionState execution)
    {
        foreach (var child in CollectionsMarshal.AsSpan(ChildList(execution.Id)))
        {
            TerminateTree(child);
        }

        if (NodeOf(execution) is { } node)
        {
            Emit(EventType.ElementTerminated, node, execution.Id);
        }
    }

    private void TerminateAll(BpmnExecutionState root)
    {
        foreach (var child in CollectionsMarshal.AsSpan(ChildList(root.Id)))
        {
            TerminateTree(child);
        }

        _state.Executions.Clear();
        _byId?.Clear();
        _state.Subscriptions.Clear();
        _state.Incidents.Clear();
        _agenda.Clear();
    }

    private void RemoveSubscriptions(int executionId) => RemoveOf(_state.Subscriptions, executionId, static s => s.ExecutionId);

    /// <summary>Removes the items that belong to an execution, in place and keeping the order; allocates nothing
    /// (a capturing <c>RemoveAll</c> lambda would allocate on every call, and most calls remove nothing).</summary>
    private static void RemoveOf<T>(List<T> items, int executionId, Func<T, int> executionOf)
    {
        var kept = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (executionOf(items[i]) != executionId)
            {
                if (kept != i)
                {
                    items[kept] = items[i];
                }

                kept++;
            }
        }

        if (kept < items.Count)
        {
            items.RemoveRange(kept, items.Count - kept);
        }
    }

    private BpmnExecutionState WaitingTask(string elementId, int? executionId)
    {
        foreach (var e in _state.Executions)
        {
            if (e.ElementId == elementId && e.Phase == "waiting" && (executionId is null || e.Id == executionId)
                && NodeOf(e) is { IsActivity: true, Kind: not (BpmnNodeKind.SubProcess or BpmnNodeKind.ScriptTask) })
            {
                return e;
            }
        }

        throw new BpmnCommandRejectedException($"No task '{elementId}' is waiting in this instance.", elementId);
    }

    private IEnumerable<BpmnExecutionState> Children(int id)
    {
        foreach (var execution in _state.Executions)
        {
            if (execution.ParentId == id)
            {
                yield return execution;
            }
        }
    }

    /// <summary>A snapshot of the children of <paramref name="id"/> (safe to change the state while walking it), or
    /// <see langword="null"/> when it has none: most executions are leaves, and they then cost nothing. Callers walk it
    /// as <c>CollectionsMarshal.AsSpan(ChildList(id))</c>, which is empty for <see langword="null"/>.</summary>
    private List<BpmnExecutionState>? ChildList(int id)
    {
        List<BpmnExecutionState>? children = null;
        var executions = _state.Executions;
        for (var i = 0; i < executions.Count; i++)
        {
            if (executions[i].ParentId == id)
            {
                (children ??= []).Add(executions[i]);
            }
        }

        return children;
    }

    private bool HasChildren(int id)
    {
        var executions = _state.Executions;
        for (var i = 0; i < executions.Count; i++)
        {
            if (executions[i].ParentId == id)
            {
                return true;
            }
        }

        return false;
    }

    private BpmnExecutionState? Parent(BpmnExecutionState execution) =>
        execution.ParentId is { } id ? Find(id) : null;

    private BpmnExecutionState? Find(int id)
    {
        if (_byId is not null)
        {
            return _byId.GetValueOrDefault(id);
        }

        var executions = _state.Executions;
        for (var i = 0; i < executions.Count; i++)
        {
            if (executions[i].Id == id)
            {
                return executions[i];
            }
        }

        return null;
    }

    private BpmnExecutionState Get(int id) =>
        Find(id) ?? throw new KeyNotFoundException($"The instance has no execution {id}.");

    private void BuildIndex()
    {
        _byId = new Dictionary<int, BpmnExecutionState>(_state.Executions.Count * 2);
        foreach (var execution in _state.Executions)
        {
            _byId[execution.Id] = execution;
        }
    }

    private bool IsLoopInstance(BpmnExecutionState execution) =>
        Parent(execution) is { Kind: BpmnExecutionKind.MultiInstance or BpmnExecutionKind.Loop } parent && parent.ElementId == execution.ElementId;

    private BpmnExecutionState Outermost(BpmnExecutionState execution)
    {
        var outer = execution;
        while (Parent(outer) is { } parent && parent.ElementId == outer.ElementId && parent.ProcessId is null)
        {
            outer = parent;
        }

        return outer;
    }

    private bool IsAncestorOrSelf(BpmnExecutionState candidate, BpmnExecutionState execution)
    {
        for (var current = execution; current is not null; current = Parent(current))
        {
            if (current.Id == candidate.Id)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The process in which the execution's element is a node.</summary>
    private BpmnProcess ProcessOf(BpmnExecutionState execution)
    {
        for (var current = Parent(execution); current is not null; current = Parent(current))
        {
            if (current.ProcessId is not null)
            {
                return Resolve(current);
            }
        }

        return Resolve(execution);
    }

    /// <summary>The process whose nodes run inside this execution.</summary>
    private BpmnProcess InnerProcess(BpmnExecutionState execution) =>
        execution.ProcessId is not null ? Resolve(execution) : ProcessOf(execution);

    private BpmnProcess Resolve(BpmnExecutionState scope) =>
        scope.ParentId is null
            ? RootProcess(scope.ProcessId!)
            : _interpreter.Resolver.Resolve(scope.ProcessId!, scope.ProcessVersion)
              ?? throw new InvalidOperationException($"The called process '{scope.ProcessId}' is no longer resolvable.");

    // Nearly every node lookup of a step ends at the process scope: remember its process.
    private BpmnProcess RootProcess(string processId)
    {
        // The state's process id is usually the very string the process was started with: compare references first.
        if (_rootProcess is null || (!ReferenceEquals(_rootProcess.Id, processId) && !string.Equals(_rootProcess.Id, processId, StringComparison.Ordinal)))
        {
            _rootProcess = _interpreter.FindProcess(processId)!;
        }

        return _rootProcess;
    }

    // A step asks for the node of the execution it is working on several times in a row (find the waiting task, deliver
    // its data, leave it; enter a token, then behave): the last answer is kept, for as long as the execution still has
    // the element id and parent it had when it was asked (an event-based gateway's token moves to the catch event).
    private BpmnFlowNode? NodeOf(BpmnExecutionState execution)
    {
        if (ReferenceEquals(execution, _nodeOfExecution) && ReferenceEquals(execution.ElementId, _nodeOfElementId) && execution.ParentId == _nodeOfParentId)
        {
            return _nodeOf;
        }

        var node = execution.ParentId is null ? null : ProcessOf(execution).FindNode(execution.ElementId);
        RememberNode(execution, node);
        return node;
    }

    private void RememberNode(BpmnExecutionState execution, BpmnFlowNode? node)
    {
        _nodeOfExecution = execution;
        _nodeOfElementId = execution.ElementId;
        _nodeOfParentId = execution.ParentId;
        _nodeOf = node;
    }

    private IReadOnlyList<BpmnFlowNode> ChildNodes(BpmnExecutionState scope) =>
        scope.ProcessId is not null ? Resolve(scope).Nodes : ProcessOf(scope).FindNode(scope.ElementId)?.Children ?? [];

    private BpmnFlowNode FindNear(BpmnExecutionState execution, string elementId) =>
        (execution.Kind == BpmnExecutionKind.Scope ? InnerProcess(execution).FindNode(elementId) : null)
        ?? ProcessOf(execution).FindNode(elementId)
        ?? throw new InvalidOperationException($"The element '{elementId}' is not in the instance's processes.");

    /// <summary>The node's route in its graph; the last one is kept, since a step enters a node (its boundary events)
    /// and then leaves it (its flows).</summary>
    private NodeRoute RouteOf(ProcessGraph graph, BpmnFlowNode node)
    {
        if (!ReferenceEquals(node, _routeNode) || !ReferenceEquals(graph, _routeGraph))
        {
            _route = graph.Route(node);
            _routeNode = node;
            _routeGraph = graph;
        }

        return _route!;
    }

    private ProcessGraph Graph(BpmnExecutionState execution)
    {
        var process = ProcessOf(execution);
        if (_lastGraph is null || !ReferenceEquals(_lastGraph.Process, process))
        {
            _lastGraph = _interpreter.Graph(process);
        }

        return _lastGraph;
    }

    // ---------------------------------------------------------------- events

    private void Emit(EventType type, BpmnFlowNode node, int executionId, string? reference = null, string? correlationKey = null,
        DateTimeOffset? dueAt = null, BpmnUserTaskInfo? task = null, string? taskType = null)
    {
        Record();
        _events.Add(type, node, executionId, BpmnEvent.DetailOf(reference, correlationKey, dueAt, null, task, taskType));
    }

    /// <summary>Every event of a step takes the state's next sequence number, which is how the log numbers them.</summary>
    private void Record() => ++_state.LastSequence;
}
