using System.Text;
using System.Text.Json;
using Ocap.Workflow.Access;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Expressions.Feel;
using Ocap.Workflow.Forms;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Telemetry;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

/// <summary>
/// Validates a bundle as a whole and compiles it: every BPMN process must pass the interpreter's validation, every
/// form, script module and candidate filter a process refers to must be in the bundle and valid, every service
/// task type must have a registered handler. Collects every problem before refusing.
/// </summary>
/// <remarks>
/// Scripts run in the tenant's sandbox (<see cref="TenantSandboxes"/>), shared by all of the tenant's bundles; each
/// bundle keeps its own modules: its evaluator resolves <c>ocap:scriptModule</c> only among the bundle's scripts, and
/// its form validators are prepared into a module set of its own. Without a host <see cref="IFormScriptValidator"/>,
/// custom form validators run in the tenant's sandbox through <see cref="BundleFormScripts"/>.
/// </remarks>
internal sealed class BundleCompiler(
    WorkflowEngineOptions options,
    AttributeSchema baseSchema,
    IReadOnlyDictionary<string, ServiceTaskRegistration> handlers,
    IFormScriptValidator? formScripts,
    WorkflowTelemetry telemetry,
    TenantSandboxes sandboxes,
    BundleFormScripts bundleForms,
    TimeProvider time)
{
    // FEEL in forms (now(), today()) reads the host's clock, as the runtime's commands do.
    private readonly FeelEvaluationOptions _formFeel = new() { TimeProvider = time };

    private static readonly string[] ScriptSuffixes = [".js", ".mjs", ".cjs"];
    private static readonly string[] FormSuffixes = [".form", ".json"];
    private const string CamundaDeploymentPrefix = "camunda-forms:deployment:";

    public (DeployedBundle Bundle, IReadOnlyList<ProcessDefinitionDraft> Processes) Compile(TenantId tenant, string bundleHash, IReadOnlyList<DeploymentArtifact> artifacts)
    {
        var sandbox = sandboxes.For(tenant);
        var problems = new List<DeploymentProblem>();
        var schema = baseSchema;
        foreach (var a in artifacts.Where(a => a.Kind == ArtifactKind.AttributeSchema))
        {
            schema = AddSchema(schema, a, problems);
        }

        var modules = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in artifacts.Where(a => a.Kind == ArtifactKind.Script))
        {
            var source = Text(a, problems);
            if (source is null)
            {
                continue;
            }

            modules[a.Name] = source;
            foreach (var suffix in ScriptSuffixes.Where(s => a.Name.EndsWith(s, StringComparison.Ordinal)))
            {
                modules.TryAdd(a.Name[..^suffix.Length], source);
            }
        }

        var forms = new Dictionary<string, FormPlan>(StringComparer.Ordinal);
        var validators = new FormValidators(sandbox);
        foreach (var a in artifacts.Where(a => a.Kind == ArtifactKind.Form))
        {
            AddForm(a, modules, forms, validators, problems);
        }

        var evaluator = new RecordingScriptEvaluator(new SandboxBpmnScriptEvaluator(sandbox, modules), telemetry);
        var processes = new Dictionary<string, DeployedProcess>(StringComparer.Ordinal);
        var drafts = new List<ProcessDefinitionDraft>();
        foreach (var a in artifacts.Where(a => a.Kind == ArtifactKind.Bpmn))
        {
            BpmnDefinitions definitions;
            BpmnInterpreter interpreter;
            try
            {
                definitions = new BpmnReader().Read(a.Content.Span, a.Name);
                interpreter = new BpmnInterpreter(definitions, evaluator);
            }
            catch (BpmnValidationException e)
            {
                problems.AddRange(e.Errors.Select(d => new DeploymentProblem(a.Name, d.ElementId, $"{d.Code} line {d.Line}: {d.Message}")));
                continue;
            }

            foreach (var process in definitions.Processes.Where(p => p.IsExecutable != false))
            {
                if (processes.ContainsKey(process.Id))
                {
                    problems.Add(new DeploymentProblem(a.Name, process.Id, $"process '{process.Id}' is defined by two BPMN files of the bundle."));
                    continue;
                }

                var compiled = CompileProcess(a, process, definitions, interpreter, schema, forms, validators, problems);
                if (compiled is not null)
                {
                    processes.Add(process.Id, compiled);
                    drafts.Add(new ProcessDefinitionDraft(process.Id, a.Name));
                }
            }
        }

        if (drafts.Count == 0 && problems.Count == 0)
        {
            problems.Add(new DeploymentProblem("(bundle)", null, "the bundle defines no executable process."));
        }

        if (problems.Count > 0)
        {
            throw new WorkflowDeploymentException(problems);
        }

        return (new DeployedBundle(bundleHash, schema, evaluator, modules, processes), drafts);
    }

    private DeployedProcess? CompileProcess(
        DeploymentArtifact artifact, BpmnProcess process, BpmnDefinitions definitions, BpmnInterpreter interpreter,
        AttributeSchema schema, Dictionary<string, FormPlan> forms, FormValidators validators, List<DeploymentProblem> problems)
    {
        var before = problems.Count;
        var nodes = new Dictionary<string, BpmnFlowNode>(StringComparer.Ordinal);
        foreach (var p in definitions.Processes)
        {
            foreach (var n in p.AllNodes)
            {
                nodes.TryAdd(n.Id, n);
            }
        }

        var userTasks = new Dictionary<string, UserTaskPlan>(StringComparer.Ordinal);
        var serviceTypes = new Dictionary<string, string>(StringComparer.Ordinal);
        FormPlan? startForm = null;
        foreach (var node in process.AllNodes)
        {
            switch (node.Type)
            {
                case "userTask":
                    {
                        var info = node.UserTask ?? new BpmnUserTaskInfo();
                        if (info.HasExpressions)
                        {
                            // A FEEL assignment is known when the task is created: each task row gets the filter
                            // translated from it then. An ocap:candidateFilter beside it must still be valid now.
                            var own = string.IsNullOrWhiteSpace(info.CandidateFilter) ? null : CandidateFilters.Translate(
                                new BpmnUserTaskInfo { CandidateFilter = info.CandidateFilter }, options, out _);
                            if (own is null || CompileFilter(artifact, node.Id, own, schema, problems) is not null)
                            {
                                userTasks.Add(node.Id, new UserTaskPlan(node.Name ?? node.Id, null, null,
                                    ResolveForm(artifact, node.Id, info.FormRef ?? info.FormKey, info.EmbeddedForm, forms, validators, problems)));
                            }

                            break;
                        }

                        var text = CandidateFilters.Translate(info, options, out var problem);
                        if (text is null)
                        {
                            problems.Add(new DeploymentProblem(artifact.Name, node.Id, problem!));
                            break;
                        }

                        var filter = CompileFilter(artifact, node.Id, text, schema, problems);
                        var form = ResolveForm(artifact, node.Id, info.FormRef ?? info.FormKey, info.EmbeddedForm, forms, validators, problems);
                        if (filter is not null)
                        {
                            userTasks.Add(node.Id, new UserTaskPlan(node.Name ?? node.Id, text, filter, form));
                        }

                        break;
                    }

                case "serviceTask" or "businessRuleTask" or "sendTask" when node.MessageName is null || node.Type == "serviceTask":
                    if (node.TaskType is null)
                    {
                        problems.Add(new DeploymentProblem(artifact.Name, node.Id,
                            $"the {node.Type} has no task type (zeebe:taskDefinition type or camunda:topic); only typed external tasks are supported."));
                    }
                    else if (!handlers.ContainsKey(node.TaskType))
                    {
                        problems.Add(new DeploymentProblem(artifact.Name, node.Id, $"no service task handler is registered for type '{node.TaskType}'."));
                    }
                    else
                    {
                        serviceTypes.Add(node.Id, node.TaskType);
                    }

                    break;
                case "startEvent" when node.ScopeId == process.Id && node.EventDefinitions.Count > 0:
                    if (ProcessStartEvents.Problem(node) is { } startProblem)
                    {
                        problems.Add(new DeploymentProblem(artifact.Name, node.Id, startProblem));
                    }

                    break;
                case "manualTask":
                    problems.Add(new DeploymentProblem(artifact.Name, node.Id, "manual tasks are not supported: model the work as a user task with candidates."));
                    break;
                case "startEvent" when node.ScopeId == process.Id && node.EventDefinitions.Count == 0:
                    {
                        var key = node.Extensions.GetValueOrDefault("camunda:formRef") ?? node.Extensions.GetValueOrDefault("camunda:formKey");
                        if (key is not null)
                        {
                            startForm = ResolveForm(artifact, node.Id, key, null, forms, validators, problems);
                        }

                        break;
                    }
            }
        }

        return problems.Count > before
            ? null
            : new DeployedProcess(process.Id, interpreter, artifact.Hash, nodes, userTasks, serviceTypes, startForm);
    }

    private FormPlan? ResolveForm(
        DeploymentArtifact artifact, string elementId, string? key, string? embedded, Dictionary<string, FormPlan> forms, FormValidators validators, List<DeploymentProblem> problems)
    {
        if (embedded is not null)
        {
            var embeddedArtifact = new DeploymentArtifact(elementId + ".embedded.form", ArtifactKind.Form, Encoding.UTF8.GetBytes(embedded));
            var local = new Dictionary<string, FormPlan>(StringComparer.Ordinal);
            AddForm(embeddedArtifact, new Dictionary<string, string>(), local, validators, problems);
            return local.Values.FirstOrDefault();
        }

        if (key is null)
        {
            return null;
        }

        var name = key.StartsWith(CamundaDeploymentPrefix, StringComparison.Ordinal) ? key[CamundaDeploymentPrefix.Length..] : key;
        if (forms.TryGetValue(name, out var plan))
        {
            return plan;
        }

        problems.Add(new DeploymentProblem(artifact.Name, elementId, $"the form '{key}' is not in the bundle."));
        return null;
    }

    private void AddForm(
        DeploymentArtifact a, IReadOnlyDictionary<string, string> modules, Dictionary<string, FormPlan> forms, FormValidators validators, List<DeploymentProblem> problems)
    {
        var json = Text(a, problems);
        if (json is null)
        {
            return;
        }

        FormValidator validator;
        try
        {
            validator = FormValidator.Create(FormDefinition.Parse(json), _formFeel);
        }
        catch (Exception e) when (e is FormSchemaException or FormExpressionException)
        {
            problems.Add(new DeploymentProblem(a.Name, null, $"the form is invalid: {e.Message}"));
            return;
        }

        if (validator.Form.CustomValidator is { } module)
        {
            if (!modules.TryGetValue(module, out var source))
            {
                problems.Add(new DeploymentProblem(a.Name, null, $"the form's custom validator module '{module}' is not in the bundle."));
                return;
            }

            // A host-registered validator runs the module itself; otherwise the module is prepared now (so a syntax error
            // or an ungranted capability is a deployment problem) and routed to from the form.
            if (formScripts is null)
            {
                try
                {
                    bundleForms.Register(validator.Form, validators.Prepare(module, source));
                }
                catch (FormScriptException e)
                {
                    problems.Add(new DeploymentProblem(a.Name, FormDefinition.CustomValidatorProperty, e.Message));
                    return;
                }
            }
        }

        var plan = new FormPlan(validator.Form.Id, a.Hash, validator);
        forms.TryAdd(validator.Form.Id, plan);
        forms.TryAdd(a.Name, plan);
        foreach (var suffix in FormSuffixes.Where(s => a.Name.EndsWith(s, StringComparison.Ordinal)))
        {
            forms.TryAdd(a.Name[..^suffix.Length], plan);
        }
    }

    private static AttributeSchema AddSchema(AttributeSchema schema, DeploymentArtifact a, List<DeploymentProblem> problems)
    {
        try
        {
            using var document = JsonDocument.Parse(a.Content);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new DeploymentProblem(a.Name, null, "an attribute-schema artifact must be a JSON object mapping attribute names to syntax names."));
                return schema;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String || !AttributeSchema.TryParseSyntaxName(property.Value.GetString()!, out var syntax))
                {
                    problems.Add(new DeploymentProblem(a.Name, property.Name,
                        $"attribute '{property.Name}' names no known syntax; use one of {string.Join(", ", AttributeSchema.SyntaxNameList)}."));
                    continue;
                }

                try
                {
                    schema = schema.With(property.Name, syntax);
                }
                catch (ArgumentException e)
                {
                    problems.Add(new DeploymentProblem(a.Name, property.Name, e.Message));
                }
            }
        }
        catch (JsonException e)
        {
            problems.Add(new DeploymentProblem(a.Name, null, $"the attribute schema is not JSON: {e.Message}"));
        }

        return schema;
    }

    private static string? Text(DeploymentArtifact a, List<DeploymentProblem> problems)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(a.Content.Span);
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new DeploymentProblem(a.Name, null, "the artifact is not valid UTF-8 text."));
            return null;
        }
    }

    /// <summary>
    /// The bundle's form-validator runner, created on first use: the tenant's sandbox, a module set of the bundle's own,
    /// and the host capabilities granted to the tenant. Each module is prepared once per bundle.
    /// </summary>
    private sealed class FormValidators(BpmnScriptSandbox sandbox)
    {
        private readonly HashSet<string> _prepared = new(StringComparer.Ordinal);
        private SandboxFormScriptValidator? _runner;

        public SandboxFormScriptValidator Prepare(string module, string source)
        {
            _runner ??= new SandboxFormScriptValidator(sandbox.Sandbox, sandbox.Sandbox.CreateModuleSet());
            if (_prepared.Add(module))
            {
                try
                {
                    _runner.Prepare(module, source, sandbox.HostGranted);
                }
                catch (FormScriptException)
                {
                    _prepared.Remove(module);
                    throw;
                }
            }

            return _runner;
        }
    }

    private static CompiledLdapFilter? CompileFilter(DeploymentArtifact artifact, string elementId, string text, AttributeSchema schema, List<DeploymentProblem> problems)
    {
        try
        {
            var filter = LdapFilter.Parse(text).Compile(schema);
            if (filter.IsValid)
            {
                return filter;
            }

            problems.Add(new DeploymentProblem(artifact.Name, elementId,
                $"candidate filter '{text}': {string.Join("; ", filter.Diagnostics.Select(d => d.ToString()))}"));
        }
        catch (LdapFilterParseException e)
        {
            problems.Add(new DeploymentProblem(artifact.Name, elementId, $"candidate filter '{text}' does not parse: {e.Message}"));
        }

        return null;
    }
}
