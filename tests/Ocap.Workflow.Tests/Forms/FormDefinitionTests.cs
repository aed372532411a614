using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Tests.Forms;

public class FormDefinitionTests
{
    // Shaped like a form saved by Camunda Modeler 5 / form-js editor: layout, exporter, FEEL, templates,
    // properties and a component type this build does not know.
    internal const string ModelerForm = """
        {
          "components": [
            {"label": "Applicant", "type": "textfield", "layout": {"row": "Row_1", "columns": null}, "id": "Field_applicant", "key": "applicant.name", "validate": {"required": true, "minLength": 2}},
            {"subtype": "date", "dateLabel": "Date", "type": "datetime", "layout": {"row": "Row_1"}, "id": "Field_date", "key": "date"},
            {"label": "Amount", "type": "number", "id": "Field_amount", "key": "amount", "decimalDigits": 2, "increment": "0.01", "appearance": {"prefixAdorner": "EUR"}, "validate": {"min": 0, "max": "=limit"}},
            {"values": [{"label": "Travel", "value": "travel"}, {"label": "Hotel", "value": "hotel"}], "label": "Category", "type": "select", "id": "Field_cat", "key": "category", "searchable": true},
            {"text": "Total: {{amount}}", "type": "text", "id": "Field_text", "conditional": {"hide": "=amount = null"}},
            {"components": [{"label": "Item", "type": "textfield", "id": "Field_item", "key": "item"}], "showOutline": true, "isRepeating": true, "allowAddRemove": true, "defaultRepetitions": 1, "label": "Lines", "type": "dynamiclist", "id": "Field_lines", "path": "lines"},
            {"type": "signaturepad", "id": "Field_sig", "key": "signature", "penColor": "blue"}
          ],
          "type": "default",
          "id": "ExpenseForm",
          "executionPlatform": "Camunda Cloud",
          "executionPlatformVersion": "8.6.0",
          "exporter": {"name": "Camunda Modeler", "version": "5.31.0"},
          "schemaVersion": 18,
          "versionTag": "v3",
          "properties": {"owner": "finance"}
        }
        """;

    [Test]
    public void Parse_ModelerForm_ExportsEveryPropertyUnchangedAndInOrder()
    {
        var form = FormDefinition.Parse(ModelerForm);
        Assert.That(form.ToJson(), Is.EqualTo(JsonNode.Parse(ModelerForm)!.ToJsonString()));
        Assert.That(FormDefinition.Parse(form.ToJson()).ToJson(), Is.EqualTo(form.ToJson()));
    }

    [Test]
    public void Parse_ModelerForm_ReadsTheTypedModel()
    {
        var form = FormDefinition.Parse(ModelerForm);
        Assert.That(form.Id, Is.EqualTo("ExpenseForm"));
        Assert.That(form.SchemaVersion, Is.EqualTo(18));
        Assert.That(form.ExporterName, Is.EqualTo("Camunda Modeler"));
        Assert.That(form.VersionTag, Is.EqualTo("v3"));
        Assert.That(form.Components.Select(c => c.Type), Is.EqualTo(new[] { "textfield", "datetime", "number", "select", "text", "dynamiclist", "signaturepad" }));
        Assert.That(form.AllComponents.Select(c => c.Id), Does.Contain("Field_item"));
        var item = form.FindComponent("Field_item")!;
        Assert.That(item.ParentId, Is.EqualTo("Field_lines"));
        Assert.That(item.Kind, Is.EqualTo(FormComponentKind.Input));
        Assert.That(form.FindComponent("Field_lines")!.Path, Is.EqualTo("lines"));
        Assert.That(form.FindComponent("Field_sig")!.Kind, Is.EqualTo(FormComponentKind.Unknown));
        Assert.That(form.FindComponent("Field_text")!.Kind, Is.EqualTo(FormComponentKind.Display));
        Assert.That(form.FindComponent("Field_sig")!.GetProperty("penColor")!.GetValue<string>(), Is.EqualTo("blue"));
    }

    [Test]
    public void Parse_ModelerForm_ListsEveryExpressionWithItsComponentAndProperty()
    {
        var form = FormDefinition.Parse(ModelerForm);
        Assert.That(form.Expressions, Is.EqualTo(new[]
        {
            new FormExpressionUse("Field_amount", "validate.max", "=limit", false),
            new FormExpressionUse("Field_text", "text", "Total: {{amount}}", true),
            new FormExpressionUse("Field_text", "conditional.hide", "=amount = null", false),
        }));
    }

    [Test]
    public void GetProperty_ReturnsACopy_SoTheModelStaysImmutable()
    {
        var form = FormDefinition.Parse(ModelerForm);
        var validate = form.FindComponent("Field_applicant")!.GetProperty("validate")!.AsObject();
        validate["required"] = false;
        form.ToJsonObject()["id"] = "changed";
        Assert.That(form.ToJson(), Is.EqualTo(JsonNode.Parse(ModelerForm)!.ToJsonString()));
    }

    [Test]
    public void Parse_UnknownComponentType_SurvivesButCannotBeValidated()
    {
        var form = FormDefinition.Parse("""{"type":"default","components":[{"type":"signaturepad","id":"Field_sig","key":"signature"}]}""");
        Assert.That(form.ToJson(), Does.Contain("signaturepad"));
        var e = Assert.Throws<FormSchemaException>(() => FormValidator.Create(form));
        Assert.That(e!.Message, Is.EqualTo("form field of type <signaturepad> not supported"));
        Assert.That(e.ComponentId, Is.EqualTo("Field_sig"));
    }

    private static FormSchemaException Refused(string components, string extraRoot = "") =>
        Assert.Throws<FormSchemaException>(() => FormDefinition.Parse($$"""{"type":"default","id":"F"{{extraRoot}},"components":[{{components}}]}"""))!;

    [Test]
    public void Parse_DuplicateId_IsRefusedNamingTheId()
    {
        var e = Refused("""{"type":"textfield","id":"a","key":"x"},{"type":"group","id":"g","components":[{"type":"number","id":"a","key":"y"}]}""");
        Assert.That(e.Message, Is.EqualTo("form field with id <a> already exists"));
        Assert.That((e.ComponentId, e.Property), Is.EqualTo(("a", "id")));
    }

    [TestCase("""{"type":"textfield","id":"a","key":"x"},{"type":"number","id":"b","key":"x"}""", "b", "binding path 'x' is already claimed")]
    [TestCase("""{"type":"group","id":"g","path":"p","components":[{"type":"textfield","id":"a","key":"x"}]},{"type":"textfield","id":"b","key":"p.x"}""", "b", "binding path 'p.x' is already claimed")]
    [TestCase("""{"type":"dynamiclist","id":"l","path":"items","isRepeating":true,"components":[]},{"type":"group","id":"g","path":"items","components":[]}""", "g", "binding path 'items' is already claimed")]
    public void Parse_KeysClaimingTheSameData_AreRefusedNamingTheComponent(string components, string id, string message)
    {
        var e = Refused(components);
        Assert.That(e.Message, Is.EqualTo(message));
        Assert.That(e.ComponentId, Is.EqualTo(id));
    }

    [TestCase("first name", "must be a variable or a dot separated path")]
    [TestCase(".a", "must be a variable or a dot separated path")]
    [TestCase("a..b", "must be a variable or a dot separated path")]
    [TestCase("a.0", "must not contain numerical path segments")]
    [TestCase("a.1e3", "must not contain numerical path segments")]
    [TestCase("__proto__.x", "must not be a prohibited path")]
    [TestCase("", "needs a 'key'")]
    public void Parse_BadKeySyntax_IsRefusedNamingTheComponent(string key, string reason)
    {
        var e = Refused($$"""{"type":"textfield","id":"t","key":"{{key}}"}""");
        Assert.That(e.Message, Does.Contain(reason));
        Assert.That((e.ComponentId, e.Property), Is.EqualTo(("t", "key")));
    }

    [Test]
    public void Parse_InputWithoutKey_IsRefused_BecauseFormJsWouldInventARandomOne()
    {
        var e = Refused("""{"type":"number","id":"n"}""");
        Assert.That(e.Message, Does.Contain("form-js would invent a random one"));
    }

    [Test]
    public void Parse_DynamicListWithoutPath_IsRefused()
    {
        var e = Refused("""{"type":"dynamiclist","id":"l","isRepeating":true,"components":[]}""");
        Assert.That((e.ComponentId, e.Property), Is.EqualTo(("l", "path")));
    }

    [TestCase("""{"type":"textfield","id":"t","key":"k","validate":"yes"}""", "validate")]
    [TestCase("""{"type":"textfield","id":"t","key":"k","validate":{"required":"true"}}""", "validate.required")]
    [TestCase("""{"type":"textfield","id":"t","key":"k","validate":{"minLength":[1]}}""", "validate.minLength")]
    [TestCase("""{"type":"textfield","id":"t","key":"k","disabled":"no"}""", "disabled")]
    [TestCase("""{"type":"select","id":"t","key":"k","values":{"a":1}}""", "values")]
    [TestCase("""{"type":"group","id":"t","components":{}}""", "components")]
    [TestCase("""{"type":"datetime","id":"t","key":"k","subtype":"week"}""", "subtype")]
    [TestCase("""{"type":"dynamiclist","id":"t","path":"p","defaultRepetitions":-1}""", "defaultRepetitions")]
    [TestCase("""{"type":"textfield","id":"a b","key":"k"}""", "id")]
    public void Parse_WrongPropertyType_IsRefusedNamingComponentAndProperty(string component, string property)
    {
        var e = Refused(component);
        Assert.That(e.Property, Is.EqualTo(property));
        Assert.That(e.Message, Does.Contain(property));
    }

    [Test]
    public void Parse_ComponentWithoutId_IsRefusedWithItsPosition()
    {
        var e = Refused("""{"type":"textfield","id":"a","key":"a"},{"type":"textfield","key":"b"}""");
        Assert.That(e.Message, Does.Contain("component 1 of the form"));
    }

    [Test]
    public void Parse_NewerSchemaVersion_IsRefused()
    {
        var e = Refused("", ""","schemaVersion":20""");
        Assert.That(e.Message, Does.Contain("schemaVersion 20"));
        Assert.That(e.Property, Is.EqualTo("schemaVersion"));
    }

    [TestCase("[]")]
    [TestCase("""{"type":"group","components":[]}""")]
    [TestCase("{")]
    public void Parse_NotAFormRoot_IsRefused(string json)
    {
        Assert.Throws<FormSchemaException>(() => FormDefinition.Parse(json));
    }

    [Test]
    public void Parse_SharedGroupPaths_AreAllowedAsInFormJs()
    {
        var form = FormDefinition.Parse("""{"type":"default","components":[{"type":"group","id":"g1","path":"a","components":[{"type":"textfield","id":"x","key":"x"}]},{"type":"group","id":"g2","path":"a","components":[{"type":"textfield","id":"y","key":"y"}]}]}""");
        Assert.That(form.AllComponents, Has.Count.EqualTo(4));
    }
}
