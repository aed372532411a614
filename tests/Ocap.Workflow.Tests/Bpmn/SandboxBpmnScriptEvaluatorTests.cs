using System.Text.Json;
using Ocap.Workflow.Bpmn;

namespace Ocap.Workflow.Tests.Bpmn;

/// <summary>The script port's contract, kept by the adapter over the hardened sandbox.</summary>
public class SandboxBpmnScriptEvaluatorTests
{
    private static readonly IReadOnlyDictionary<string, JsonElement> Vars = new Dictionary<string, JsonElement>
    {
        ["amount"] = FakeScripts.Json("1200"),
        ["owner"] = FakeScripts.Json("{\"name\":\"ann\"}"),
    };

    private static BpmnScriptOutcome Run(string text, BpmnScriptPurpose purpose = BpmnScriptPurpose.Script, IReadOnlyDictionary<string, string>? modules = null, string? module = null) =>
        new SandboxBpmnScriptEvaluator(modules: modules).Evaluate(new BpmnScriptRequest(purpose,
            new BpmnExpression(text, "javascript", BpmnExpressionLanguage.JavaScript, module, 1, 1), "el", Vars));

    [Test]
    public void Condition_SeesVariablesAsGlobals() =>
        Assert.That(Run("amount > 1000 && owner.name === 'ann'", BpmnScriptPurpose.Condition).Value!.Value.GetBoolean(), Is.True);

    [Test]
    public void Variables_AreReadOnly_AssigningOneIsAScriptError()
    {
        var outcome = Run("amount = 1;");
        Assert.That(outcome.Error, Does.StartWith("TypeError"));
    }

    [Test]
    public void Execution_GetAndSetVariable_CopyValuesAsJson()
    {
        var outcome = Run("const o = { ...execution.getVariable('owner'), name: 'bob' }; execution.setVariable('copy', o); execution.setVariable('orig', owner.name); 7");
        Assert.That(outcome.VariableWrites.Select(w => (w.Key, w.Value.GetRawText())), Is.EqualTo(new[] { ("copy", "{\"name\":\"bob\"}"), ("orig", "\"ann\"") }));
        Assert.That(outcome.Value!.Value.GetInt32(), Is.EqualTo(7), "the completion value (for camunda:resultVariable)");
    }

    [Test]
    public void BpmnError_IsReportedAsABusinessErrorNotAFailure()
    {
        var outcome = Run("execution.bpmnError('DECLINED'); execution.setVariable('never', 1);");
        Assert.That(outcome.BpmnErrorCode, Is.EqualTo("DECLINED"));
        Assert.That(outcome.Error, Is.Null);
        Assert.That(outcome.VariableWrites, Is.Empty);
    }

    [Test]
    public void NothingLeaksBetweenEvaluations()
    {
        var evaluator = new SandboxBpmnScriptEvaluator();
        BpmnScriptOutcome Eval(string text) => evaluator.Evaluate(new BpmnScriptRequest(BpmnScriptPurpose.Script,
            new BpmnExpression(text, "javascript", BpmnExpressionLanguage.JavaScript, null, 1, 1), "el", Vars));
        Eval("var leaked = 1; globalThis.also = 2;");
        Assert.That(Eval("typeof leaked + typeof also").Value!.Value.GetString(), Is.EqualTo("undefinedundefined"));
    }

    [Test]
    public void RunawayScript_IsStoppedByALimit() =>
        Assert.That(Run("while (true) {}").Error, Does.StartWith("the script exceeded a limit"));

    [Test]
    public void Check_ReportsSyntaxErrorsWithPosition()
    {
        var problem = new SandboxBpmnScriptEvaluator().Check(new BpmnExpression("a >", "javascript", BpmnExpressionLanguage.JavaScript, null, 1, 1), BpmnScriptPurpose.Condition);
        Assert.That(problem, Does.Contain("line"));
    }

    [Test]
    public void ScriptModule_RunsTheModuleSource()
    {
        var outcome = Run(string.Empty, modules: new Dictionary<string, string> { ["m.js"] = "execution.setVariable('x', amount * 2);" }, module: "m.js");
        Assert.That(outcome.VariableWrites.Single().Value.GetInt32(), Is.EqualTo(2400));
        Assert.That(new SandboxBpmnScriptEvaluator().Check(new BpmnExpression(string.Empty, null, BpmnExpressionLanguage.JavaScript, "missing.js", 1, 1), BpmnScriptPurpose.Script),
            Is.EqualTo("the script module 'missing.js' is not available."));
    }

    [Test]
    public void Intrinsics_AreFrozen_SoAScriptCannotPoisonTheNextOne()
    {
        var evaluator = new SandboxBpmnScriptEvaluator();
        BpmnScriptOutcome Eval(string text) => evaluator.Evaluate(new BpmnScriptRequest(BpmnScriptPurpose.Script,
            new BpmnExpression(text, "javascript", BpmnExpressionLanguage.JavaScript, null, 1, 1), "el", Vars));
        Assert.That(Eval("Array.prototype.includes = () => true; 1").Error, Does.StartWith("TypeError"));
        Assert.That(Eval("[1, 2].includes(3)").Value!.Value.GetBoolean(), Is.False);
    }

    [Test]
    public void HostAccess_IsAbsent()
    {
        Assert.That(Run("typeof System + typeof importNamespace + typeof require").Value!.Value.GetString(), Is.EqualTo("undefinedundefinedundefined"));
    }

    [Test]
    public void ConcurrentEvaluations_SeeOnlyTheirOwnVariablesAndWrites()
    {
        var evaluator = new SandboxBpmnScriptEvaluator();
        var failures = 0;
        Parallel.For(0, 200, i =>
        {
            var vars = new Dictionary<string, JsonElement> { ["n"] = FakeScripts.Json(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
            var outcome = evaluator.Evaluate(new BpmnScriptRequest(BpmnScriptPurpose.Script,
                new BpmnExpression("execution.setVariable('twice', execution.getVariable('n') * 2); n", "javascript", BpmnExpressionLanguage.JavaScript, null, 1, 1), "el", vars));
            if (outcome.Value?.GetInt32() != i || outcome.VariableWrites.Single().Value.GetInt32() != 2 * i)
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.That(failures, Is.Zero);
    }

    [Test]
    public void RegisteredButUngrantedCapability_IsRefusedAtDeployCheck()
    {
        var withMail = new SandboxBpmnScriptEvaluator(
            new Ocap.Workflow.Sandbox.SandboxOptions(),
            capabilities: [Ocap.Workflow.Sandbox.SandboxCapability.Create("mail").Method("send", _ => null).Build()]);
        Assert.That(withMail.Check(new BpmnExpression("mail.send('x')", "javascript", BpmnExpressionLanguage.JavaScript, null, 1, 1), BpmnScriptPurpose.Script),
            Does.Contain("mail"));
    }

    [Test]
    public void Execution_GetVariable_ReturnsAHardenedCopy_SoMutatingItInPlaceIsATypeError()
    {
        var outcome = Run("const o = execution.getVariable('owner'); o.name = 'bob';");
        Assert.That(outcome.Error, Does.StartWith("TypeError"));
        Assert.That(outcome.VariableWrites, Is.Empty);
    }
}
