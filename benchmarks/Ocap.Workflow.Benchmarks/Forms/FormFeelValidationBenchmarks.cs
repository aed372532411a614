using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Benchmarks.Forms;

/// <summary>
/// The cost of FEEL in a form: the 20-field form of <see cref="FormValidationBenchmarks"/> with four FEEL hide
/// conditions, four FEEL <c>max</c> bounds and four <c>valuesExpression</c> selects, validated through the FEEL
/// path (initialise, filter hidden data, render, validate). Compare with <c>ValidateTwentyFieldsValid</c>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FormFeelValidationBenchmarks
{
    private FormValidator _validator = null!;
    private JsonNode _valid = null!;

    [GlobalSetup]
    public void Setup()
    {
        var components = new JsonArray();
        var valid = new JsonObject { ["limit"] = 1000, ["options"] = new JsonArray("one", "two") };
        for (var i = 0; i < 4; i++)
        {
            components.Add(JsonNode.Parse($$$"""{"type":"textfield","id":"tf{{{i}}}","key":"tf{{{i}}}","validate":{"required":true,"minLength":2,"maxLength":20}}"""));
            components.Add(JsonNode.Parse($$$"""{"type":"number","id":"nb{{{i}}}","key":"nb{{{i}}}","decimalDigits":2,"validate":{"min":0,"max":"=limit"}}"""));
            components.Add(JsonNode.Parse($$$"""{"type":"select","id":"sl{{{i}}}","key":"sl{{{i}}}","valuesExpression":"=options","validate":{"required":true}}"""));
            components.Add(JsonNode.Parse($$$"""{"type":"checkbox","id":"cb{{{i}}}","key":"cb{{{i}}}"}"""));
            components.Add(JsonNode.Parse($$$"""{"type":"textfield","id":"em{{{i}}}","key":"em{{{i}}}","validate":{"validationType":"email"},"conditional":{"hide":"=not(cb{{{i}}})"}}"""));
            valid[$"tf{i}"] = "hello";
            valid[$"nb{i}"] = 10.5 * i;
            valid[$"sl{i}"] = "one";
            valid[$"cb{i}"] = i % 2 == 0;
            valid[$"em{i}"] = "someone@example.org";
        }

        var schema = new JsonObject { ["type"] = "default", ["id"] = "BenchFeel", ["schemaVersion"] = 19, ["components"] = components };
        _validator = FormValidator.Create(FormDefinition.FromJson(schema));
        _valid = JsonNode.Parse(valid.ToJsonString())!;
    }

    [Benchmark]
    public FormValidationResult ValidateTwentyFieldsWithFeel() => _validator.Validate(_valid);
}
