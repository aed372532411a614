using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Bpmn;

/// <summary>
/// Deploy-time checks of a read diagram. Executable processes get errors for anything the interpreter would not
/// run exactly as drawn; non-executable processes (documentation diagrams) get the same findings as warnings.
/// Codes: <c>BPMN0xx</c> reading, <c>BPMN1xx</c> reader notes, <c>BPMN2xx</c> constructs we do not execute,
/// <c>BPMN3xx</c> structure, <c>BPMN4xx</c> expressions and scripts.
/// </summary>
public sealed class BpmnValidator
{
    private static readonly HashSet<string> Executed = new(StringComparer.Ordinal)
    {
        "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
        "task", "userTask", "manualTask", "serviceTask", "sendTask", "receiveTask", "scriptTask", "businessRuleTask",
        "subProcess", "callActivity", "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway",
    };

    private readonly IBpmnScriptEvaluator? _scripts;

    /// <summary>Creates a validator.</summary>
    /// <param name="scripts">Used to check that JavaScript parses (the sandbox's prepare); without it scripts are not parsed.</param>
    public BpmnValidator(IBpmnScriptEvaluator? scripts = null) => _scripts = scripts;

    /// <summary>Every diagnostic for the file: the reader's notes, then the checks, in document order per process.</summary>
    public IReadOnlyList<BpmnDiagnostic> Validate(BpmnDefinitions definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var run = new Run(definitions, _scripts);
        run.All();
        return run.Diagnostics;
    }

    /// <summary>Validates and throws when there is any error.</summary>
    /// <exception cref="BpmnValidationException">With every diagnostic, when at least one is an error.</exception>
    public IReadOnlyList<BpmnDiagnostic> EnsureDeployable(BpmnDefinitions definitions)
    {
        var diagnostics = Validate(definitions);
        if (diagnostics.Any(d => d.Severity == BpmnSeverity.Error))
        {
            throw new BpmnValidationException(definitions.SourceName, diagnostics);
        }

        return diagnostics;
    }

    private sealed class Run(BpmnDefinitions definitions, IBpmnScriptEvaluator? scripts)
    {
        private BpmnProcess _process = null!;
        private BpmnSeverity _severity;

        public List<BpmnDiagnostic> Diagnostics { get; } = [.. definitions.ReadDiagnostics];

        public void All()
        {
            var ids = new Dictionary<string, (string Type, int Line)>(StringComparer.Ordinal);
            foreach (var process in definitions.Processes)
            {
                _process = process;
                _severity = process.IsExecutable == true ? BpmnSeverity.Error : BpmnSeverity.Warning;
                foreach (var node in Tree(process.Nodes).OrderBy(n => n.Line).ThenBy(n => n.Column))
                {
                    if (!ids.TryAdd(node.Id, (node.Type, node.Line)))
                    {
                        Add("BPMN302", $"The id '{node.Id}' is used by more than one element (also on line {ids[node.Id].Line}).", node.Id, node.Type, node.Line, node.Column);
                    }
                }

                foreach (var flow in process.Flows.Concat(Tree(process.Nodes).SelectMany(n => n.ChildFlows)))
                {
                    if (!ids.TryAdd(flow.Id, ("sequenceFlow", flow.Line)))
                    {
                        Add("BPMN302", $"The id '{flow.Id}' is used by more than one element (also on line {ids[flow.Id].Line}).", flow.Id, "sequenceFlow", flow.Line, flow.Column);
                    }
                }

                Process(process);
            }

            foreach (var task in definitions.GlobalTasks.Values)
            {
                _severity = BpmnSeverity.Error;
                if (task.Type == "scriptTask")
                {
                    Script(task);
                }
            }
        }

        /// <summary>Every node as written, duplicates included (the process index keeps only the first of an id).</summary>
        private static IEnumerable<BpmnFlowNode> Tree(IReadOnlyList<BpmnFlowNode> nodes) =>
            nodes.SelectMany(n => Tree(n.Children).Prepend(n));

        private void Process(BpmnProcess process)
        {
            var starts = process.Nodes.Where(n => n.Type == "startEvent" || n is { Type: "receiveTask", Instantiate: true }).ToList();
            if (starts.Count == 0 && process.IsExecutable == true)
            {
                Add("BPMN300", $"The executable process '{process.Id}' has no start event, so no instance can ever start.", process.Id, "process", process.Line, process.Column);
            }

            Scope(process.Id, process.Nodes, process.Flows, isProcess: true);
        }

        private void Scope(string scopeId, IReadOnlyList<BpmnFlowNode> nodes, IReadOnlyList<BpmnSequenceFlow> flows, bool isProcess)
        {
            var local = new Dictionary<string, BpmnFlowNode>(StringComparer.Ordinal);
            foreach (var node in nodes)
            {
                local.TryAdd(node.Id, node);
            }

            var pairs = new HashSet<(string, string)>();
            foreach (var flow in flows)
            {
                if (!local.ContainsKey(flow.SourceRef))
                {
                    Add("BPMN301", $"The sequence flow's source '{flow.SourceRef}' is not a flow node in the same process or sub-process.", flow.Id, "sequenceFlow", flow.Line, flow.Column);
                }

                if (!local.ContainsKey(flow.TargetRef))
                {
                    Add("BPMN301", $"The sequence flow's target '{flow.TargetRef}' is not a flow node in the same process or sub-process.", flow.Id, "sequenceFlow", flow.Line, flow.Column);
                }

                if (!pairs.Add((flow.SourceRef, flow.TargetRef)))
                {
                    Add("BPMN303", $"A second sequence flow connects '{flow.SourceRef}' to '{flow.TargetRef}'; a duplicate flow sends two tokens.", flow.Id, "sequenceFlow", flow.Line, flow.Column);
                }

                if (flow.Condition is { } condition)
                {
                    if (local.TryGetValue(flow.SourceRef, out var source) && source.Type is "parallelGateway" or "eventBasedGateway")
                    {
                        Warn("BPMN304", $"The condition on a flow leaving the {source.Type} '{source.Id}' is ignored: every flow is taken.", flow.Id, "sequenceFlow", flow.Line, flow.Column);
                    }
                    else
                    {
                        Expression(condition, BpmnScriptPurpose.Condition, flow.Id, "sequenceFlow");
                    }
                }
            }

            var starts = nodes.Where(n => n.Type == "startEvent").ToList();
            if (!isProcess && starts.Count != 1 && nodes.Count > 0)
            {
                var owner = _process.FindNode(scopeId);
                if (owner is not null && !owner.TriggeredByEvent)
                {
                    Add("BPMN305", $"The sub-process has {starts.Count} start events; it needs exactly one none start event.", owner.Id, owner.Type, owner.Line, owner.Column);
                }
            }

            foreach (var node in nodes)
            {
                Node(node, local, flows);
            }
        }

        private void Node(BpmnFlowNode node, Dictionary<string, BpmnFlowNode> local, IReadOnlyList<BpmnSequenceFlow> flows)
        {
            if (!Executed.Contains(node.Type))
            {
                Add("BPMN200", node.Type switch
                {
                    "transaction" => "Transactions are not executed by this engine yet (compensation and cancellation are refused for now).",
                    "adHocSubProcess" => "Ad-hoc sub-processes are not executed by this engine.",
                    _ => $"The element type '{node.Type}' is not executed by this engine.",
                }, node.Id, node.Type, node.Line, node.Column);
            }

            if (node.StartQuantity < 1 || node.CompletionQuantity < 1)
            {
                Add("BPMN306", "startQuantity and completionQuantity must be at least 1.", node.Id, node.Type, node.Line, node.Column);
            }

            var outgoing = flows.Where(f => f.SourceRef == node.Id).ToList();
            if (node.DefaultFlow is { } defaultFlow && !outgoing.Any(f => f.Id == defaultFlow))
            {
                Add("BPMN307", $"The default flow '{defaultFlow}' is not an outgoing sequence flow of this element.", node.Id, node.Type, node.Line, node.Column);
            }

            if (node.Type == "complexGateway" && flows.Count(f => f.TargetRef == node.Id) > 1)
            {
                if (node.ActivationCondition is { } activation)
                {
                    Expression(activation, BpmnScriptPurpose.Condition, node.Id, node.Type);
                }
                else
                {
                    Add("BPMN325", "A converging complex gateway needs an activationCondition (for example activationCount >= 1).", node.Id, node.Type, node.Line, node.Column);
                }
            }

            if (node.Type is "exclusiveGateway" or "inclusiveGateway" or "complexGateway" && outgoing.Count > 1)
            {
                foreach (var flow in outgoing.Where(f => f.Condition is null && f.Id != node.DefaultFlow))
                {
                    Add("BPMN308", $"The flow '{flow.Id}' leaves the {node.Type} '{node.Id}' without a condition and is not its default flow.", flow.Id, "sequenceFlow", flow.Line, flow.Column);
                }
            }

            if (node.Type == "eventBasedGateway")
            {
                foreach (var flow in outgoing)
                {
                    if (!local.TryGetValue(flow.TargetRef, out var target) ||
                        !(target.Type == "receiveTask" || (target.Type == "intermediateCatchEvent" && target.EventKind is BpmnEventKind.Message or BpmnEventKind.Signal or BpmnEventKind.Timer or BpmnEventKind.Conditional)))
                    {
                        Add("BPMN309", "Every flow leaving an event-based gateway must lead to a message, signal, timer or conditional catch event or a receive task.", node.Id, node.Type, node.Line, node.Column);
                        break;
                    }
                }
            }

            if (node.Type == "boundaryEvent" && (node.AttachedTo is null || _process.FindNode(node.AttachedTo) is not { IsActivity: true }))
            {
                Add("BPMN310", $"The boundary event is attached to '{node.AttachedTo}', which is not an activity of this process.", node.Id, node.Type, node.Line, node.Column);
            }

            if (node.DataAssociations.Count > 0)
            {
                Warn("BPMN207", "Data associations are kept but not executed: the element reads and writes process variables directly.", node.Id, node.Type, node.Line, node.Column);
            }

            Events(node);
            Loop(node);
            Task(node);
            if (node.Children.Count > 0 || node.Type is "subProcess")
            {
                Scope(node.Id, node.Children, node.ChildFlows, isProcess: false);
            }
        }

        private void Events(BpmnFlowNode node)
        {
            if (node.EventDefinitions.Count > 1)
            {
                Add("BPMN201", "Events with several event definitions (multiple / parallel multiple) are not executed by this engine.", node.Id, node.Type, node.Line, node.Column);
                return;
            }

            if (node.EventDefinitions.Count == 0)
            {
                if (node.Type is "boundaryEvent")
                {
                    Add("BPMN311", "A boundary event needs an event definition.", node.Id, node.Type, node.Line, node.Column);
                }

                return;
            }

            var definition = node.EventDefinitions[0];
            var allowed = node.Type switch
            {
                "startEvent" when IsEventSubProcessStart(node) => definition.Kind is BpmnEventKind.Message or BpmnEventKind.Signal or BpmnEventKind.Timer or BpmnEventKind.Error or BpmnEventKind.Escalation or BpmnEventKind.Conditional,
                "startEvent" => definition.Kind is BpmnEventKind.Message or BpmnEventKind.Signal or BpmnEventKind.Timer or BpmnEventKind.Conditional,
                "endEvent" => definition.Kind is BpmnEventKind.Message or BpmnEventKind.Signal or BpmnEventKind.Error or BpmnEventKind.Escalation or BpmnEventKind.Terminate,
                "intermediateCatchEvent" => definition.Kind is BpmnEventKind.Message or BpmnEventKind.Signal or BpmnEventKind.Timer or BpmnEventKind.Link or BpmnEventKind.Conditional,
                "intermediateThrowEvent" => definition.Kind is BpmnEventKind.Message or BpmnEventKind.Signal or BpmnEventKind.Link or BpmnEventKind.Escalation,
                "boundaryEvent" => definition.Kind is BpmnEventKind.Message or BpmnEventKind.Signal or BpmnEventKind.Timer or BpmnEventKind.Error or BpmnEventKind.Escalation or BpmnEventKind.Conditional,
                _ => false,
            };
            if (definition.Kind is BpmnEventKind.Compensate or BpmnEventKind.Cancel)
            {
                Add("BPMN202", $"{(definition.Kind == BpmnEventKind.Compensate ? "Compensation" : "Cancel")} events are refused for now: compensation and transactions are not executed by this engine.", node.Id, node.Type, definition.Line, definition.Column);
                return;
            }

            if (!allowed)
            {
                Add("BPMN203", $"A {definition.Kind.ToString().ToLowerInvariant()} event definition is not valid on a {node.Type} here.", node.Id, node.Type, definition.Line, definition.Column);
                return;
            }

            if (node.Type == "boundaryEvent" && definition.Kind == BpmnEventKind.Error && !node.CancelActivity)
            {
                Add("BPMN312", "An error boundary event always interrupts; cancelActivity=\"false\" is not allowed.", node.Id, node.Type, node.Line, node.Column);
            }

            var kind = definition.Kind switch
            {
                BpmnEventKind.Message => BpmnRootElementKind.Message,
                BpmnEventKind.Signal => BpmnRootElementKind.Signal,
                BpmnEventKind.Error => BpmnRootElementKind.Error,
                BpmnEventKind.Escalation => BpmnRootElementKind.Escalation,
                _ => (BpmnRootElementKind?)null,
            };
            if (kind is { } expected)
            {
                if (definition.Reference is null)
                {
                    var catchesAll = definition.Kind is BpmnEventKind.Error or BpmnEventKind.Escalation && node.Type is "boundaryEvent" or "startEvent";
                    if (!catchesAll)
                    {
                        Add("BPMN313", $"The {definition.Kind.ToString().ToLowerInvariant()} event definition names no {expected.ToString().ToLowerInvariant()}.", node.Id, node.Type, definition.Line, definition.Column);
                    }
                }
                else if (!definitions.RootElements.TryGetValue(definition.Reference, out var root) || root.Kind != expected)
                {
                    Add("BPMN314", $"The {expected.ToString().ToLowerInvariant()} '{definition.Reference}' is not declared in this file.", node.Id, node.Type, definition.Line, definition.Column);
                }
            }

            if (definition.Kind == BpmnEventKind.Timer)
            {
                if (definition.Expression is not { } timer || definition.TimerKind is not { } timerKind)
                {
                    Add("BPMN315", "The timer has no timeDuration, timeDate or timeCycle.", node.Id, node.Type, definition.Line, definition.Column);
                }
                else if (timer.Language is BpmnExpressionLanguage.Feel or BpmnExpressionLanguage.Juel)
                {
                    Expression(timer, BpmnScriptPurpose.Value, node.Id, node.Type);
                }
                else if (IsoTimer.FirstDue(timerKind, timer.Text, DateTimeOffset.UnixEpoch, out _, out _, out var problem) is null)
                {
                    Add("BPMN316", $"The timer value {problem}", node.Id, node.Type, timer.Line, timer.Column);
                }
            }

            if (definition.Kind == BpmnEventKind.Conditional)
            {
                if (definition.Expression is { } condition)
                {
                    Expression(condition, BpmnScriptPurpose.Condition, node.Id, node.Type);
                }
                else
                {
                    Add("BPMN317", "The conditional event has no condition.", node.Id, node.Type, definition.Line, definition.Column);
                }
            }

            if (definition.Kind == BpmnEventKind.Link && node.Type == "intermediateThrowEvent")
            {
                var targets = _process.ChildrenOf(node.ScopeId).Count(n => n.Type == "intermediateCatchEvent" && n.EventKind == BpmnEventKind.Link && n.EventDefinitions[0].LinkName == definition.LinkName);
                if (targets != 1)
                {
                    Add("BPMN318", $"The link '{definition.LinkName}' must have exactly one catching link event in the same scope; found {targets}.", node.Id, node.Type, node.Line, node.Column);
                }
            }

            // Camunda 8: a correlation key or message name that starts with '=' is FEEL; any other text is static.
            if (definition.CorrelationKey is { } key)
            {
                Feel(key, "correlation key", node.Id, node.Type, definition.Line, definition.Column);
            }

            if (definition.Kind == BpmnEventKind.Message && definition.ReferenceName is { } messageName)
            {
                Feel(messageName, "message name", node.Id, node.Type, definition.Line, definition.Column);
            }
        }

        private bool IsEventSubProcessStart(BpmnFlowNode node) => _process.FindNode(node.ScopeId) is { TriggeredByEvent: true };

        private void Loop(BpmnFlowNode node)
        {
            if (node.Loop is not { } loop)
            {
                return;
            }

            if (loop.IsMultiInstance)
            {
                if (!string.Equals(loop.Behavior, "All", StringComparison.Ordinal))
                {
                    Add("BPMN204", $"Multi-instance behavior '{loop.Behavior}' (throwing events per instance) is not executed by this engine; only 'All' is.", node.Id, node.Type, loop.Line, loop.Column);
                }

                if (loop.LoopCardinality is null && loop.Collection is null)
                {
                    Add("BPMN319", "A multi-instance activity needs a loop cardinality or a collection.", node.Id, node.Type, loop.Line, loop.Column);
                }

                if (loop.LoopCardinality is { } cardinality)
                {
                    if (int.TryParse(cardinality.Text, out var literal) && literal < 0)
                    {
                        Add("BPMN320", $"The loop cardinality {literal} is negative.", node.Id, node.Type, cardinality.Line, cardinality.Column);
                    }

                    Expression(cardinality, BpmnScriptPurpose.Value, node.Id, node.Type);
                }

                if (loop.Collection is { } collection)
                {
                    Expression(collection, BpmnScriptPurpose.Value, node.Id, node.Type);
                }

                if (loop.CompletionCondition is { } completion)
                {
                    Expression(completion, BpmnScriptPurpose.Condition, node.Id, node.Type);
                }

                if (loop.OutputElement is { } output)
                {
                    Expression(output, BpmnScriptPurpose.Value, node.Id, node.Type);
                }
            }
            else
            {
                if (loop.LoopMaximum is < 0)
                {
                    Add("BPMN321", $"The loop maximum {loop.LoopMaximum} is negative.", node.Id, node.Type, loop.Line, loop.Column);
                }

                if (loop.LoopCondition is { } condition)
                {
                    Expression(condition, BpmnScriptPurpose.Condition, node.Id, node.Type);
                }
                else if (loop.LoopMaximum is null)
                {
                    Add("BPMN322", "A standard loop needs a loop condition or a loop maximum, or it never ends.", node.Id, node.Type, loop.Line, loop.Column);
                }
            }
        }

        private void Task(BpmnFlowNode node)
        {
            if (node.Type == "scriptTask")
            {
                Script(node);
            }

            if (node.Type == "callActivity")
            {
                if (node.CalledElement is null)
                {
                    Add("BPMN323", "The call activity names no called process (calledElement).", node.Id, node.Type, node.Line, node.Column);
                }
                else if (FeelBpmnEvaluator.IsFeel(node.CalledElement))
                {
                    Feel(node.CalledElement, "called process id", node.Id, node.Type, node.Line, node.Column);
                }
                else if (definitions.FindProcess(node.CalledElement) is null && !definitions.GlobalTasks.ContainsKey(node.CalledElement))
                {
                    Warn("BPMN324", $"The called process '{node.CalledElement}' is not in this file; it must be deployed before this activity runs.", node.Id, node.Type, node.Line, node.Column);
                }

                foreach (var mapping in node.Inputs.Concat(node.Outputs).Where(m => !m.IsZeebe && m.Source != "*" && !IsIdentifier(m.Source)))
                {
                    Add("BPMN402", $"The variable mapping source '{mapping.Source}' is an expression; Camunda 7 call activities map variables by name only.", node.Id, node.Type, node.Line, node.Column);
                }
            }
            else if (node.Inputs.Concat(node.Outputs).Any(m => !m.IsZeebe))
            {
                Add("BPMN205", "Camunda 7 input/output mappings (camunda:inputOutput) are not executed; use zeebe:ioMapping with FEEL, or set variables in a script task.", node.Id, node.Type, node.Line, node.Column);
            }

            foreach (var mapping in node.Inputs.Concat(node.Outputs).Where(m => m.IsZeebe))
            {
                if (!IsTargetPath(mapping.Target))
                {
                    Add("BPMN408", $"The mapping target '{mapping.Target}' is not a variable name or a path of names such as 'order.total'.", node.Id, node.Type, mapping.Line, mapping.Column);
                }

                Feel(mapping.Source, "mapping source", node.Id, node.Type, mapping.Line, mapping.Column);
            }

            if (FeelBpmnEvaluator.IsFeel(node.TaskType))
            {
                Add("BPMN409", $"The task type '{Short(node.TaskType!)}' is a FEEL expression; task types must be literal, because handlers are bound to them at deployment.", node.Id, node.Type, node.Line, node.Column);
            }

            if (node.CorrelationKey is { } key)
            {
                Feel(key, "correlation key", node.Id, node.Type, node.Line, node.Column);
            }

            if (node.Type is "receiveTask" or "sendTask" && node.MessageName is { } messageName)
            {
                Feel(messageName, "message name", node.Id, node.Type, node.Line, node.Column);
            }

            if (node.UserTask is { } task)
            {
                foreach (var expression in new[] { task.AssigneeExpression, task.CandidateUsersExpression, task.CandidateGroupsExpression })
                {
                    if (expression is not null)
                    {
                        Expression(expression, BpmnScriptPurpose.Value, node.Id, node.Type);
                    }
                }
            }

            if (node.Extensions.ContainsKey("camunda:class") || node.Extensions.ContainsKey("camunda:expression") || node.Extensions.ContainsKey("camunda:delegateExpression"))
            {
                Add("BPMN206", "Java delegates and expressions (camunda:class, camunda:expression, camunda:delegateExpression) cannot run here; the host handles service tasks by type.", node.Id, node.Type, node.Line, node.Column);
            }
        }

        private void Script(BpmnFlowNode node)
        {
            if (node.Script is not { } script)
            {
                Add("BPMN403", "The script task has no script.", node.Id, node.Type, node.Line, node.Column);
                return;
            }

            if (script.LanguageAttribute is null && script.ModuleReference is null)
            {
                Add("BPMN404", "The script task has no scriptFormat; write scriptFormat=\"javascript\".", node.Id, node.Type, node.Line, node.Column);
                return;
            }

            Expression(script, BpmnScriptPurpose.Script, node.Id, node.Type);
        }

        private void Expression(BpmnExpression expression, BpmnScriptPurpose purpose, string elementId, string elementType)
        {
            switch (expression.Language)
            {
                case BpmnExpressionLanguage.Feel:
                    if (expression.Text.TrimStart().TrimStart('=').Trim().Length == 0)
                    {
                        Add("BPMN405", "The expression is empty.", elementId, elementType, expression.Line, expression.Column);
                    }
                    else
                    {
                        Feel(expression.Text, purpose == BpmnScriptPurpose.Condition ? "condition" : "expression", elementId, elementType, expression.Line, expression.Column, always: true);
                    }

                    return;
                case BpmnExpressionLanguage.Juel:
                    Add("BPMN400", $"JUEL expressions are not supported: '{Short(expression.Text)}'; write JavaScript instead.", elementId, elementType, expression.Line, expression.Column);
                    return;
                case BpmnExpressionLanguage.Other:
                    Add("BPMN400", $"The language '{expression.LanguageAttribute}' is not supported; write JavaScript.", elementId, elementType, expression.Line, expression.Column);
                    return;
            }

            if (expression.Text.Length == 0 && expression.ModuleReference is null)
            {
                Add("BPMN405", "The expression is empty.", elementId, elementType, expression.Line, expression.Column);
                return;
            }

            if (scripts is not null && _severity == BpmnSeverity.Error && scripts.Check(expression, purpose) is { } problem)
            {
                Add("BPMN406", $"The JavaScript does not parse: {problem.TrimEnd().TrimEnd('.')}.", elementId, elementType, expression.Line, expression.Column);
            }
        }

        /// <summary>Parses a FEEL text (one that starts with '=', or any text when <paramref name="always"/>); a problem
        /// is BPMN407 naming the element, its XML position and the position inside the expression.</summary>
        private void Feel(string text, string what, string elementId, string elementType, int line, int column, bool always = false)
        {
            if (!always && !FeelBpmnEvaluator.IsFeel(text))
            {
                return;
            }

            if (FeelBpmnEvaluator.Check(text) is { } problem)
            {
                Add("BPMN407", $"The FEEL {what} '{Short(text)}' does not parse at line {problem.Line}, column {problem.Column} of the expression (offset {problem.Position}): {problem.Reason.TrimEnd('.')}.",
                    elementId, elementType, line, column);
            }
        }

        /// <summary>A mapping target: names separated by dots. A name may contain spaces between words (our FEEL reads
        /// <c>Current Vacation Status</c> as one name, see ADR 0006), but no operator characters.</summary>
        private static bool IsTargetPath(string text) =>
            text.Length > 0 && text.Split('.').All(part => part.Length > 0 && part == part.Trim()
                && IsIdentifier(part.Replace(' ', '_')) && !part.Contains("  ", StringComparison.Ordinal));

        private static string Short(string text) => text.Length > 60 ? text[..57] + "..." : text;

        internal static bool IsIdentifier(string text) =>
            text.Length > 0 && (char.IsLetter(text[0]) || text[0] is '_' or '$') && text.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');

        private void Add(string code, string message, string? id, string? type, int line, int column) =>
            Diagnostics.Add(new BpmnDiagnostic(_severity, code, message, id, type, line, column));

        private void Warn(string code, string message, string? id, string? type, int line, int column) =>
            Diagnostics.Add(new BpmnDiagnostic(BpmnSeverity.Warning, code, message, id, type, line, column));
    }
}
