using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Tests.Forms;

/// <summary>The runner lends the request's data and context to the sandbox's input instead of copying them: they must come back unchanged.</summary>
public class SandboxFormScriptValidatorInputTests
{
    private static readonly FormDefinition Form = FormDefinition.Parse("""
        {"type":"default","id":"Expense","ocap:validator":"validators/expense.js","components":[
          {"type":"number","id":"amount","key":"amount"}]}
        """);

    private static SandboxFormScriptValidator Runner(string source)
    {
        var runner = new SandboxFormScriptValidator(new JsSandbox(new SandboxOptions()));
        runner.Prepare("validators/expense.js", source);
        return runner;
    }

    [Test]
    public async Task ValidateAsync_LeavesTheRequestsObjectsUnchangedAndWithoutAParent()
    {
        var runner = Runner("export function validate(data, ctx) { return { amount: ctx.formId + ':' + data.amount }; }");
        var data = new JsonObject { ["amount"] = 5 };
        var context = new JsonObject { ["formId"] = "Expense", ["errors"] = new JsonObject() };

        var result = await runner.ValidateAsync(new FormScriptRequest("validators/expense.js", Form, data, context), CancellationToken.None);

        Assert.That(result!.ToJsonString(), Is.EqualTo("""{"amount":"Expense:5"}"""));
        Assert.That((data.Parent, context.Parent), Is.EqualTo(((JsonNode?)null, (JsonNode?)null)));
        Assert.That((data.ToJsonString(), context.ToJsonString()), Is.EqualTo(("""{"amount":5}""", """{"formId":"Expense","errors":{}}""")));
        Assert.That(() => new JsonObject { ["again"] = data }, Throws.Nothing, "the data can be placed in another object afterwards");
    }

    [Test]
    public async Task ValidateAsync_WhenTheScriptFails_StillHandsTheObjectsBack()
    {
        var runner = Runner("export function validate() { throw new Error('no'); }");
        var data = new JsonObject { ["amount"] = 5 };
        var context = new JsonObject { ["formId"] = "Expense" };

        Assert.ThrowsAsync<FormScriptException>(async () => await runner.ValidateAsync(new FormScriptRequest("validators/expense.js", Form, data, context), CancellationToken.None));

        Assert.That((data.Parent, context.Parent), Is.EqualTo(((JsonNode?)null, (JsonNode?)null)));
        await Task.CompletedTask;
    }

    [Test]
    public async Task ValidateAsync_ObjectsThatAlreadyHaveAParent_OrAreTheSameObject_AreCopiedAndLeftWhereTheyAre()
    {
        var runner = Runner("export function validate(data, ctx) { return { amount: String(data.amount) + ctx.formId }; }");
        var holder = new JsonObject { ["data"] = new JsonObject { ["amount"] = 7, ["formId"] = "H" } };
        var held = (JsonObject)holder["data"]!;
        var same = new JsonObject { ["amount"] = 3, ["formId"] = "S" };

        var first = await runner.ValidateAsync(new FormScriptRequest("validators/expense.js", Form, held, held), CancellationToken.None);
        var second = await runner.ValidateAsync(new FormScriptRequest("validators/expense.js", Form, same, same), CancellationToken.None);

        Assert.That((first!.ToJsonString(), second!.ToJsonString()), Is.EqualTo(("""{"amount":"7H"}""", """{"amount":"3S"}""")));
        Assert.That((held.Parent, same.Parent), Is.EqualTo(((JsonNode?)holder, (JsonNode?)null)));
    }
}
