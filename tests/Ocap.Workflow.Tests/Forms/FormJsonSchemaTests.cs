using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Tests.Forms;

public class FormJsonSchemaTests
{
    [Test]
    public void Export_DescribesTheShapeOfTheSubmittedData()
    {
        var form = FormDefinition.Parse("""
            {"type":"default","id":"Expense","components":[
              {"type":"textfield","id":"name","key":"applicant.name","label":"Name"},
              {"type":"number","id":"amount","key":"amount"},
              {"type":"number","id":"code","key":"code","serializeToString":true},
              {"type":"checkbox","id":"ok","key":"ok","disabled":true},
              {"type":"select","id":"cat","key":"category","values":[{"label":"Travel","value":"travel"},{"label":"Hotel","value":"hotel"}]},
              {"type":"taglist","id":"tags","key":"tags","valuesKey":"allTags"},
              {"type":"group","id":"g","path":"address","components":[{"type":"datetime","id":"d","key":"since","subtype":"date"}]},
              {"type":"dynamiclist","id":"l","path":"lines","isRepeating":true,"components":[{"type":"textfield","id":"item","key":"item"}]},
              {"type":"text","id":"t","text":"Hello"}]}
            """);
        var schema = FormJsonSchema.Export(form);
        Assert.That(schema.ToJsonString(), Is.EqualTo(JsonNode.Parse("""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Expense","type":"object","properties":{
              "applicant":{"type":"object","properties":{"name":{"title":"Name","type":"string"}},"required":["name"]},
              "amount":{"type":["number","null"]},
              "code":{"type":["string","null"]},
              "ok":{"type":"boolean"},
              "category":{"enum":["travel","hotel",null]},
              "tags":{"type":"array","items":{}},
              "address":{"type":"object","properties":{"since":{"type":["string","null"],"description":"A date as the form-js date/time picker writes it."}},"required":["since"]},
              "lines":{"type":"array","items":{"type":"object","properties":{"item":{"type":"string"}},"required":["item"]}}},
             "required":["applicant","amount","code","category","tags","address"]}
            """)!.ToJsonString()));
    }

    [Test]
    public void Export_ConditionallyHiddenFields_AreNotRequired()
    {
        var form = FormDefinition.Parse("""{"type":"default","components":[{"type":"group","id":"g","conditional":{"hide":"=x"},"components":[{"type":"textfield","id":"t","key":"t"}]},{"type":"textfield","id":"u","key":"u"}]}""");
        var schema = FormJsonSchema.Export(form);
        Assert.That(schema["required"]!.ToJsonString(), Is.EqualTo("""["u"]"""));
        Assert.That(schema["properties"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "t", "u" }));
    }
}
