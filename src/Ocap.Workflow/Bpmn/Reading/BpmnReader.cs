using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Ocap.Workflow.Bpmn;

/// <summary>
/// Reads BPMN 2.0 XML (as bpmn.io, Camunda Modeler 7/8 and the OMG MIWG tools write it) into an immutable
/// <see cref="BpmnDefinitions"/>. Hostile input is bounded: no DTDs, no external entities or resolver, size,
/// depth and element-count limits. A file that is not well-formed BPMN raises <see cref="BpmnValidationException"/>
/// with the located problem; constructs that are kept but not understood become <see cref="BpmnDefinitions.ReadDiagnostics"/>.
/// The reader holds no mutable state and may be shared.
/// </summary>
public sealed class BpmnReader
{
    private static readonly HashSet<string> FlowNodeTypes = new(StringComparer.Ordinal)
    {
        "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent", "implicitThrowEvent",
        "task", "userTask", "manualTask", "serviceTask", "sendTask", "receiveTask", "scriptTask", "businessRuleTask",
        "subProcess", "transaction", "adHocSubProcess", "callActivity", "callChoreography", "subChoreography", "choreographyTask",
        "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway",
    };

    // Children of a process or sub-process that carry no execution semantics for us; kept out of diagnostics.
    private static readonly HashSet<string> QuietChildren = new(StringComparer.Ordinal)
    {
        "documentation", "extensionElements", "laneSet", "dataObject", "dataObjectReference", "dataStoreReference",
        "textAnnotation", "association", "group", "property", "ioSpecification", "ioBinding", "incoming", "outgoing",
        "auditing", "monitoring", "category", "dataInputAssociation", "dataOutputAssociation", "supports", "resourceRole",
        "performer", "humanPerformer", "potentialOwner", "correlationSubscription", "multiInstanceLoopCharacteristics",
        "standardLoopCharacteristics", "script", "rendering", "completionCondition",
    };

    private readonly BpmnReaderOptions _options;
    private readonly XmlSourceDecoder _decoder = new();

    /// <summary>Creates a reader with the given limits (or the defaults).</summary>
    public BpmnReader(BpmnReaderOptions? options = null) => _options = options ?? new BpmnReaderOptions();

    /// <summary>Reads a diagram from its bytes, honouring the BOM or declared encoding.</summary>
    /// <param name="xml">The file's bytes.</param>
    /// <param name="sourceName">A file name or label for diagnostics.</param>
    /// <exception cref="BpmnValidationException">The bytes are not a readable BPMN 2.0 document.</exception>
    public BpmnDefinitions Read(ReadOnlySpan<byte> xml, string? sourceName = null)
    {
        if (xml.Length > _options.MaxBytes)
        {
            throw Refuse(sourceName, "BPMN001", $"The file is {xml.Length} bytes; the limit is {_options.MaxBytes}.", 0, 0);
        }

        var text = _decoder.Decode(xml, out var problem);
        if (text is null)
        {
            throw new BpmnValidationException(sourceName, [problem!]);
        }

        return ReadText(text, sourceName);
    }

    /// <summary>Reads a diagram from text that is already decoded.</summary>
    /// <param name="xml">The XML text.</param>
    /// <param name="sourceName">A file name or label for diagnostics.</param>
    /// <exception cref="BpmnValidationException">The text is not a readable BPMN 2.0 document.</exception>
    public BpmnDefinitions Read(string xml, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (xml.Length > _options.MaxBytes)
        {
            throw Refuse(sourceName, "BPMN001", $"The document has {xml.Length} characters; the limit is {_options.MaxBytes}.", 0, 0);
        }

        return ReadText(xml, sourceName);
    }

    private BpmnDefinitions ReadText(string text, string? sourceName)
    {
        XDocument document;
        try
        {
            CheckShape(text, sourceName);
            using var reader = XmlReader.Create(new StringReader(text), Settings());
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw Refuse(sourceName, "BPMN004", $"The file is not well-formed XML: {Sentence(e.Message)}", e.LineNumber, e.LinePosition);
        }

        var root = document.Root!;
        if (root.Name != BpmnNamespaces.ModelNs + "definitions")
        {
            var (line, column) = Where(root);
            throw Refuse(sourceName, "BPMN005",
                $"The root element is '{root.Name.LocalName}' in namespace '{root.Name.NamespaceName}', not BPMN 2.0 'definitions' ({BpmnNamespaces.Model}).",
                line, column);
        }

        return new Mapper(sourceName).Map(root);
    }

    private XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = _options.MaxBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private void CheckShape(string text, string? sourceName)
    {
        using var reader = XmlReader.Create(new StringReader(text), Settings());
        var elements = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            var info = (IXmlLineInfo)reader;
            if (reader.Depth >= _options.MaxDepth)
            {
                throw Refuse(sourceName, "BPMN001", $"Elements are nested deeper than the limit of {_options.MaxDepth}.", info.LineNumber, info.LinePosition);
            }

            if (++elements > _options.MaxElements)
            {
                throw Refuse(sourceName, "BPMN001", $"The file has more than {_options.MaxElements} elements.", info.LineNumber, info.LinePosition);
            }
        }
    }

    private static string Sentence(string message)
    {
        var trimmed = message.Trim();
        return trimmed.EndsWith('.') ? trimmed : trimmed + ".";
    }

    private static BpmnValidationException Refuse(string? sourceName, string code, string message, int line, int column) =>
        new(sourceName, [new BpmnDiagnostic(BpmnSeverity.Error, code, message, null, null, line, column)]);

    internal static (int Line, int Column) Where(XObject element) =>
        element is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);

    /// <summary>One mapping pass; holds the per-document lookups.</summary>
    private sealed class Mapper(string? sourceName)
    {
        private readonly List<BpmnDiagnostic> _diagnostics = [];
        private readonly Dictionary<string, BpmnRootElement> _roots = new(StringComparer.Ordinal);
        private readonly Dictionary<string, XElement> _globalEventDefinitions = new(StringComparer.Ordinal);
        private readonly Dictionary<string, XElement> _messages = new(StringComparer.Ordinal);

        public BpmnDefinitions Map(XElement root)
        {
            foreach (var child in root.Elements())
            {
                if (child.Name.Namespace != BpmnNamespaces.ModelNs)
                {
                    continue;
                }

                var (line, column) = Where(child);
                var id = (string?)child.Attribute("id");
                var name = (string?)child.Attribute("name");
                switch (child.Name.LocalName)
                {
                    case "message" when id is not null:
                        _roots.TryAdd(id, new BpmnRootElement(id, BpmnRootElementKind.Message, name, null, line, column));
                        _messages.TryAdd(id, child);
                        break;
                    case "signal" when id is not null:
                        _roots.TryAdd(id, new BpmnRootElement(id, BpmnRootElementKind.Signal, name, null, line, column));
                        break;
                    case "error" when id is not null:
                        _roots.TryAdd(id, new BpmnRootElement(id, BpmnRootElementKind.Error, name, (string?)child.Attribute("errorCode"), line, column));
                        break;
                    case "escalation" when id is not null:
                        _roots.TryAdd(id, new BpmnRootElement(id, BpmnRootElementKind.Escalation, name, (string?)child.Attribute("escalationCode"), line, column));
                        break;
                    default:
                        if (id is not null && child.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal))
                        {
                            _globalEventDefinitions.TryAdd(id, child);
                        }

                        break;
                }
            }

            var processes = new List<BpmnProcess>();
            var participants = new List<BpmnParticipant>();
            var messageFlows = new List<BpmnMessageFlow>();
            var globalTasks = new Dictionary<string, BpmnFlowNode>(StringComparer.Ordinal);
            foreach (var child in root.Elements())
            {
                if (child.Name.Namespace != BpmnNamespaces.ModelNs)
                {
                    continue;
                }

                switch (child.Name.LocalName)
                {
                    case "process":
                        processes.Add(MapProcess(child));
                        break;
                    case "collaboration":
                        foreach (var p in child.Elements(BpmnNamespaces.ModelNs + "participant"))
                        {
                            participants.Add(new BpmnParticipant((string?)p.Attribute("id") ?? string.Empty, (string?)p.Attribute("name"), (string?)p.Attribute("processRef")));
                        }

                        foreach (var f in child.Elements(BpmnNamespaces.ModelNs + "messageFlow"))
                        {
                            messageFlows.Add(new BpmnMessageFlow((string?)f.Attribute("id") ?? string.Empty,
                                (string?)f.Attribute("sourceRef") ?? string.Empty, (string?)f.Attribute("targetRef") ?? string.Empty, (string?)f.Attribute("messageRef")));
                        }

                        break;
                    case "globalScriptTask" or "globalUserTask" or "globalManualTask" or "globalBusinessRuleTask" or "globalTask":
                        var id = (string?)child.Attribute("id");
                        if (id is not null)
                        {
                            var type = child.Name.LocalName switch
                            {
                                "globalScriptTask" => "scriptTask",
                                "globalUserTask" => "userTask",
                                "globalManualTask" => "manualTask",
                                "globalBusinessRuleTask" => "businessRuleTask",
                                _ => "task",
                            };
                            globalTasks.TryAdd(id, MapNode(child, type, id));
                        }

                        break;
                    case "choreography":
                        Note(child, "BPMN100", "Choreographies are kept out of the model: they describe message exchanges, not something this engine executes.");
                        break;
                }
            }

            return new BpmnDefinitions(sourceName, (string?)root.Attribute("id"), (string?)root.Attribute("targetNamespace"),
                processes, _roots, participants, messageFlows, _diagnostics, globalTasks);
        }

        private BpmnProcess MapProcess(XElement element)
        {
            var id = (string?)element.Attribute("id") ?? string.Empty;
            var (line, column) = Where(element);
            if (id.Length == 0)
            {
                Note(element, "BPMN101", "A process has no id.", BpmnSeverity.Error);
            }

            var executableText = (string?)element.Attribute("isExecutable");
            bool? executable = executableText is null ? null : string.Equals(executableText.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            var (nodes, flows) = MapScope(element, id);
            var lanes = new List<BpmnLane>();
            foreach (var lane in element.Descendants(BpmnNamespaces.ModelNs + "lane"))
            {
                lanes.Add(new BpmnLane((string?)lane.Attribute("id") ?? string.Empty, (string?)lane.Attribute("name"),
                    lane.Elements(BpmnNamespaces.ModelNs + "flowNodeRef").Select(r => r.Value.Trim()).ToList()));
            }

            var properties = element.Elements(BpmnNamespaces.ModelNs + "property")
                .Select(p => (string?)p.Attribute("id") ?? (string?)p.Attribute("name"))
                .Where(p => p is not null)
                .Select(p => new BpmnVariableMapping(p!, p!))
                .ToList();
            return new BpmnProcess(id, (string?)element.Attribute("name"), executable, line, column, nodes, flows, lanes, properties);
        }

        private (List<BpmnFlowNode> Nodes, List<BpmnSequenceFlow> Flows) MapScope(XElement scope, string scopeId)
        {
            var nodes = new List<BpmnFlowNode>();
            var flows = new List<BpmnSequenceFlow>();
            foreach (var child in scope.Elements())
            {
                if (child.Name.Namespace != BpmnNamespaces.ModelNs)
                {
                    continue;
                }

                var local = child.Name.LocalName;
                if (local == "sequenceFlow")
                {
                    var (line, column) = Where(child);
                    var conditionElement = child.Element(BpmnNamespaces.ModelNs + "conditionExpression");
                    flows.Add(new BpmnSequenceFlow(
                        (string?)child.Attribute("id") ?? string.Empty,
                        ((string?)child.Attribute("sourceRef") ?? string.Empty).Trim(),
                        ((string?)child.Attribute("targetRef") ?? string.Empty).Trim(),
                        conditionElement is null ? null : Expression(conditionElement, (string?)conditionElement.Attribute("language")),
                        scopeId, line, column) { Name = (string?)child.Attribute("name") });
                }
                else if (FlowNodeTypes.Contains(local))
                {
                    var id = (string?)child.Attribute("id");
                    if (id is null)
                    {
                        Note(child, "BPMN102", $"A {local} has no id and cannot be referenced.", BpmnSeverity.Error);
                        continue;
                    }

                    nodes.Add(MapNode(child, local, scopeId));
                }
                else if (!QuietChildren.Contains(local))
                {
                    Note(child, "BPMN103", $"The element '{local}' is not part of what this engine reads inside a process; it was kept out of the model.");
                }
            }

            return (nodes, flows);
        }

        private BpmnFlowNode MapNode(XElement element, string type, string scopeId)
        {
            var (line, column) = Where(element);
            var id = (string?)element.Attribute("id") ?? string.Empty;
            var extensions = ExtensionAttributes(element);
            List<BpmnFlowNode> children = [];
            List<BpmnSequenceFlow> childFlows = [];
            if (type is "subProcess" or "transaction" or "adHocSubProcess")
            {
                (children, childFlows) = MapScope(element, id);
            }

            var script = type == "scriptTask" ? ScriptOf(element, extensions) : null;
            return new BpmnFlowNode
            {
                Id = id,
                Type = type,
                Name = (string?)element.Attribute("name"),
                ScopeId = scopeId,
                Line = line,
                Column = column,
                Incoming = element.Elements(BpmnNamespaces.ModelNs + "incoming").Select(e => e.Value.Trim()).ToList(),
                Outgoing = element.Elements(BpmnNamespaces.ModelNs + "outgoing").Select(e => e.Value.Trim()).ToList(),
                DefaultFlow = ((string?)element.Attribute("default"))?.Trim(),
                EventDefinitions = EventDefinitions(element),
                AttachedTo = ((string?)element.Attribute("attachedToRef"))?.Trim(),
                CancelActivity = Bool(element, "cancelActivity", true),
                IsInterrupting = Bool(element, "isInterrupting", true),
                ParallelMultiple = Bool(element, "parallelMultiple", false),
                TriggeredByEvent = Bool(element, "triggeredByEvent", false),
                Instantiate = Bool(element, "instantiate", false),
                StartQuantity = Int(element, "startQuantity") ?? 1,
                CompletionQuantity = Int(element, "completionQuantity") ?? 1,
                Script = script,
                ResultVariable = extensions.GetValueOrDefault("camunda:resultVariable")
                    ?? (string?)Zeebe(element, "script")?.Attribute("resultVariable"),
                CalledElement = ((string?)element.Attribute("calledElement"))?.Trim()
                    ?? (string?)Zeebe(element, "calledElement")?.Attribute("processId"),
                PropagateAllParentVariables = !string.Equals(((string?)Zeebe(element, "calledElement")?.Attribute("propagateAllParentVariables"))?.Trim(), "false", StringComparison.OrdinalIgnoreCase),
                PropagateAllChildVariables = !string.Equals(((string?)Zeebe(element, "calledElement")?.Attribute("propagateAllChildVariables"))?.Trim(), "false", StringComparison.OrdinalIgnoreCase),
                CalledElementVersion = extensions.GetValueOrDefault("camunda:calledElementBinding") == "version"
                    ? extensions.GetValueOrDefault("camunda:calledElementVersion")
                    : null,
                MessageName = ResolveName((string?)element.Attribute("messageRef")),
                CorrelationKey = SubscriptionKey(((string?)element.Attribute("messageRef"))?.Trim()),
                Loop = LoopOf(element),
                UserTask = type == "userTask" ? UserTaskOf(element, extensions) : null,
                TaskType = extensions.GetValueOrDefault("camunda:topic") ?? (string?)Zeebe(element, "taskDefinition")?.Attribute("type"),
                Inputs = Mappings(element, input: true),
                Outputs = Mappings(element, input: false),
                AsyncBefore = extensions.GetValueOrDefault("camunda:asyncBefore") == "true" || extensions.GetValueOrDefault("camunda:async") == "true",
                AsyncAfter = extensions.GetValueOrDefault("camunda:asyncAfter") == "true",
                ActivationCondition = element.Element(BpmnNamespaces.ModelNs + "activationCondition") is { } activation
                    ? Expression(activation, (string?)activation.Attribute("language"))
                    : null,
                Children = children,
                ChildFlows = childFlows,
                DataAssociations = element.Elements()
                    .Where(e => e.Name == BpmnNamespaces.ModelNs + "dataInputAssociation" || e.Name == BpmnNamespaces.ModelNs + "dataOutputAssociation")
                    .Select(e => new BpmnDataAssociation(
                        e.Name.LocalName == "dataInputAssociation",
                        e.Elements(BpmnNamespaces.ModelNs + "sourceRef").Select(r => r.Value.Trim()).ToList(),
                        e.Element(BpmnNamespaces.ModelNs + "targetRef")?.Value.Trim()))
                    .ToList(),
                Extensions = extensions,
            };
        }

        private BpmnExpression? ScriptOf(XElement element, Dictionary<string, string> extensions)
        {
            var (line, column) = Where(element);
            if (Zeebe(element, "script") is { } zeebeScript)
            {
                var text = ((string?)zeebeScript.Attribute("expression") ?? string.Empty).Trim();
                return new BpmnExpression(text, "feel", BpmnExpressionLanguage.Feel, null, line, column);
            }

            var format = (string?)element.Attribute("scriptFormat");
            var module = extensions.GetValueOrDefault("ocap:scriptModule");
            var body = element.Element(BpmnNamespaces.ModelNs + "script")?.Value.Trim() ?? string.Empty;
            if (body.Length == 0 && module is null && format is null)
            {
                return null;
            }

            var language = format is null && module is not null ? BpmnExpressionLanguage.JavaScript : BpmnExpression.Classify(format ?? "?", body);
            return new BpmnExpression(body, format, language, module, line, column);
        }

        private BpmnExpression Expression(XElement element, string? language)
        {
            var (line, column) = Where(element);
            var text = element.Value.Trim();
            var module = (string?)element.Attribute(BpmnNamespaces.OcapNs + "scriptModule");
            return new BpmnExpression(text, language, BpmnExpression.Classify(language, text), module, line, column);
        }

        private List<BpmnEventDefinition> EventDefinitions(XElement element)
        {
            var list = new List<BpmnEventDefinition>();
            foreach (var child in element.Elements())
            {
                if (child.Name.Namespace != BpmnNamespaces.ModelNs)
                {
                    continue;
                }

                if (child.Name.LocalName == "eventDefinitionRef")
                {
                    var reference = child.Value.Trim();
                    if (_globalEventDefinitions.TryGetValue(reference, out var global))
                    {
                        list.Add(EventDefinition(global));
                    }
                    else
                    {
                        Note(child, "BPMN104", $"The event definition reference '{reference}' names no event definition of this file.", BpmnSeverity.Error, (string?)element.Attribute("id"), element.Name.LocalName);
                    }
                }
                else if (child.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal))
                {
                    list.Add(EventDefinition(child));
                }
            }

            return list;
        }

        private BpmnEventDefinition EventDefinition(XElement definition)
        {
            var (line, column) = Where(definition);
            var kind = definition.Name.LocalName switch
            {
                "messageEventDefinition" => BpmnEventKind.Message,
                "signalEventDefinition" => BpmnEventKind.Signal,
                "timerEventDefinition" => BpmnEventKind.Timer,
                "errorEventDefinition" => BpmnEventKind.Error,
                "escalationEventDefinition" => BpmnEventKind.Escalation,
                "conditionalEventDefinition" => BpmnEventKind.Conditional,
                "linkEventDefinition" => BpmnEventKind.Link,
                "terminateEventDefinition" => BpmnEventKind.Terminate,
                "compensateEventDefinition" => BpmnEventKind.Compensate,
                "cancelEventDefinition" => BpmnEventKind.Cancel,
                _ => BpmnEventKind.None,
            };
            var reference = ((string?)definition.Attribute(kind switch
            {
                BpmnEventKind.Message => "messageRef",
                BpmnEventKind.Signal => "signalRef",
                BpmnEventKind.Error => "errorRef",
                BpmnEventKind.Escalation => "escalationRef",
                _ => "none",
            }))?.Trim();
            BpmnTimerKind? timerKind = null;
            BpmnExpression? expression = null;
            if (kind == BpmnEventKind.Timer)
            {
                foreach (var (name, timer) in new[] { ("timeDuration", BpmnTimerKind.Duration), ("timeDate", BpmnTimerKind.Date), ("timeCycle", BpmnTimerKind.Cycle) })
                {
                    if (definition.Element(BpmnNamespaces.ModelNs + name) is { } value)
                    {
                        timerKind = timer;
                        expression = Expression(value, (string?)value.Attribute("language"));
                    }
                }
            }
            else if (kind == BpmnEventKind.Conditional && definition.Element(BpmnNamespaces.ModelNs + "condition") is { } condition)
            {
                expression = Expression(condition, (string?)condition.Attribute("language"));
            }

            var correlationKey = kind == BpmnEventKind.Message ? SubscriptionKey(reference) : null;

            return new BpmnEventDefinition
            {
                Kind = kind,
                Reference = reference,
                ReferenceName = ResolveName(reference),
                TimerKind = timerKind,
                Expression = expression,
                LinkName = (string?)definition.Attribute("name"),
                CorrelationKey = correlationKey,
                CodeVariable = (string?)definition.Attribute(BpmnNamespaces.CamundaNs + "errorCodeVariable")
                    ?? (string?)definition.Attribute(BpmnNamespaces.CamundaNs + "escalationCodeVariable"),
                Line = line,
                Column = column,
            };
        }

        /// <summary>The correlation key of a message's <c>zeebe:subscription</c>, if the message has one.</summary>
        private string? SubscriptionKey(string? messageId) =>
            messageId is not null && _messages.TryGetValue(messageId, out var message)
                ? (string?)message.Descendants(BpmnNamespaces.ZeebeNs + "subscription").FirstOrDefault()?.Attribute("correlationKey")
                : null;

        private string? ResolveName(string? reference)
        {
            if (reference is null)
            {
                return null;
            }

            return _roots.TryGetValue(reference, out var root) ? root.MatchName : null;
        }

        private BpmnLoopCharacteristics? LoopOf(XElement element)
        {
            if (element.Element(BpmnNamespaces.ModelNs + "multiInstanceLoopCharacteristics") is { } mi)
            {
                var (line, column) = Where(mi);
                var zeebe = mi.Descendants(BpmnNamespaces.ZeebeNs + "loopCharacteristics").FirstOrDefault();
                var collection = (string?)mi.Attribute(BpmnNamespaces.CamundaNs + "collection") ?? (string?)zeebe?.Attribute("inputCollection");
                var outputElement = (string?)zeebe?.Attribute("outputElement");
                return new BpmnLoopCharacteristics
                {
                    IsMultiInstance = true,
                    IsSequential = Bool(mi, "isSequential", false),
                    LoopCardinality = mi.Element(BpmnNamespaces.ModelNs + "loopCardinality") is { } cardinality ? Expression(cardinality, (string?)cardinality.Attribute("language")) : null,
                    Collection = collection is null ? null : new BpmnExpression(collection.Trim(), null, BpmnExpression.Classify(null, collection), null, line, column),
                    ElementVariable = (string?)mi.Attribute(BpmnNamespaces.CamundaNs + "elementVariable") ?? (string?)zeebe?.Attribute("inputElement"),
                    CompletionCondition = mi.Element(BpmnNamespaces.ModelNs + "completionCondition") is { } completion ? Expression(completion, (string?)completion.Attribute("language")) : null,
                    OutputCollection = (string?)zeebe?.Attribute("outputCollection"),
                    OutputElement = outputElement is null ? null : new BpmnExpression(outputElement.Trim(), null, BpmnExpression.Classify(null, outputElement), null, line, column),
                    Behavior = (string?)mi.Attribute("behavior") ?? "All",
                    Line = line,
                    Column = column,
                };
            }

            if (element.Element(BpmnNamespaces.ModelNs + "standardLoopCharacteristics") is { } loop)
            {
                var (line, column) = Where(loop);
                return new BpmnLoopCharacteristics
                {
                    IsMultiInstance = false,
                    LoopCondition = loop.Element(BpmnNamespaces.ModelNs + "loopCondition") is { } condition ? Expression(condition, (string?)condition.Attribute("language")) : null,
                    TestBefore = Bool(loop, "testBefore", false),
                    LoopMaximum = Int(loop, "loopMaximum"),
                    Line = line,
                    Column = column,
                };
            }

            return null;
        }

        private static BpmnUserTaskInfo UserTaskOf(XElement element, Dictionary<string, string> extensions)
        {
            var assignment = Zeebe(element, "assignmentDefinition");
            var formDefinition = Zeebe(element, "formDefinition");
            var assignee = extensions.GetValueOrDefault("camunda:assignee") ?? (string?)assignment?.Attribute("assignee");
            var users = extensions.GetValueOrDefault("camunda:candidateUsers") ?? (string?)assignment?.Attribute("candidateUsers");
            var groups = extensions.GetValueOrDefault("camunda:candidateGroups") ?? (string?)assignment?.Attribute("candidateGroups");

            // Camunda 8 writes assignments as FEEL when they start with '=' (zeebe:assignmentDefinition); the value is
            // known only when the task is created, so it is kept whole rather than split at commas.
            BpmnExpression? Feel(string? text)
            {
                if (assignment is null || text is null || !text.TrimStart().StartsWith('='))
                {
                    return null;
                }

                var (line, column) = Where(assignment);
                return new BpmnExpression(text.Trim(), null, BpmnExpressionLanguage.Feel, null, line, column);
            }

            var assigneeExpression = Feel(assignee);
            var usersExpression = Feel(users);
            var groupsExpression = Feel(groups);
            return new BpmnUserTaskInfo
            {
                Assignee = assigneeExpression is null ? assignee : null,
                AssigneeExpression = assigneeExpression,
                CandidateUsers = usersExpression is null ? SplitList(users) : [],
                CandidateUsersExpression = usersExpression,
                CandidateGroups = groupsExpression is null ? SplitList(groups) : [],
                CandidateGroupsExpression = groupsExpression,
                CandidateFilter = extensions.GetValueOrDefault("ocap:candidateFilter"),
                AssignmentModule = extensions.GetValueOrDefault("ocap:assignmentModule"),
                FormKey = extensions.GetValueOrDefault("camunda:formKey") ?? (string?)formDefinition?.Attribute("formKey")
                    ?? (string?)Zeebe(element, "formDefinition")?.Attribute("externalReference"),
                FormRef = extensions.GetValueOrDefault("camunda:formRef") ?? (string?)formDefinition?.Attribute("formId"),
                EmbeddedForm = Zeebe(element, "userTaskForm")?.Value,
            };
        }

        private static List<BpmnVariableMapping> Mappings(XElement element, bool input)
        {
            var list = new List<BpmnVariableMapping>();
            var extension = element.Element(BpmnNamespaces.ModelNs + "extensionElements");
            if (extension is null)
            {
                return list;
            }

            foreach (var child in extension.Descendants())
            {
                var ns = child.Name.Namespace;
                var local = child.Name.LocalName;
                if (ns == BpmnNamespaces.CamundaNs && local == (input ? "inputParameter" : "outputParameter"))
                {
                    list.Add(new BpmnVariableMapping(child.Value.Trim(), (string?)child.Attribute("name") ?? string.Empty));
                }
                else if (ns == BpmnNamespaces.CamundaNs && local == (input ? "in" : "out"))
                {
                    if ((string?)child.Attribute("variables") == "all")
                    {
                        list.Add(new BpmnVariableMapping("*", "*"));
                    }
                    else
                    {
                        var source = (string?)child.Attribute("source") ?? (string?)child.Attribute("sourceExpression") ?? string.Empty;
                        list.Add(new BpmnVariableMapping(source, (string?)child.Attribute("target") ?? source));
                    }
                }
                else if (ns == BpmnNamespaces.ZeebeNs && local == (input ? "input" : "output"))
                {
                    var (line, column) = Where(child);
                    list.Add(new BpmnVariableMapping(((string?)child.Attribute("source") ?? string.Empty).Trim(), ((string?)child.Attribute("target") ?? string.Empty).Trim())
                    {
                        IsZeebe = true,
                        Line = line,
                        Column = column,
                    });
                }
            }

            return list;
        }

        private static XElement? Zeebe(XElement element, string local) =>
            element.Element(BpmnNamespaces.ModelNs + "extensionElements")?.Element(BpmnNamespaces.ZeebeNs + local);

        private static Dictionary<string, string> ExtensionAttributes(XElement element)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var attribute in element.Attributes())
            {
                var ns = attribute.Name.Namespace;
                var prefix = ns == BpmnNamespaces.CamundaNs ? "camunda:" : ns == BpmnNamespaces.ZeebeNs ? "zeebe:" : ns == BpmnNamespaces.OcapNs ? "ocap:" : null;
                if (prefix is not null)
                {
                    map[prefix + attribute.Name.LocalName] = attribute.Value;
                }
            }

            return map;
        }

        private static IReadOnlyList<string> SplitList(string? text) =>
            text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        private static bool Bool(XElement element, string name, bool fallback)
        {
            var text = (string?)element.Attribute(name);
            return text is null ? fallback : string.Equals(text.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        }

        private int? Int(XElement element, string name)
        {
            var text = (string?)element.Attribute(name);
            if (text is null)
            {
                return null;
            }

            if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            Note(element, "BPMN105", $"The attribute '{name}' must be a whole number, not '{text}'.", BpmnSeverity.Error, (string?)element.Attribute("id"), element.Name.LocalName);
            return null;
        }

        private void Note(XElement element, string code, string message, BpmnSeverity severity = BpmnSeverity.Warning, string? elementId = null, string? elementType = null)
        {
            var (line, column) = Where(element);
            _diagnostics.Add(new BpmnDiagnostic(severity, code, message,
                elementId ?? (string?)element.Attribute("id"), elementType ?? element.Name.LocalName, line, column));
        }
    }
}
