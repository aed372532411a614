using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Forms;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Benchmarks.Forms;

/// <summary>
/// Backs the README claim that validating a 20-field form (text, number, select, checkbox, email; no custom
/// JavaScript) takes at most 10 µs: one submission through the prepared validator, clean-up and rules included,
/// building the cleaned data and the errors. Parsing the request body is not included.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FormValidationBenchmarks
{
    private FormValidator _validator = null!;
    private JsonNode _valid = null!;
    private JsonNode _invalid = null!;
    private FormValidator _withScript = null!;
    private SandboxFormScriptValidator _scripts = null!;

    [GlobalSetup]
    public void Setup()
    {
        var components = new JsonArray();
        var valid = new JsonObject();
        var invalid = new JsonObject();
        for (var i = 0; i < 4; i++)
        {
            components.Add(JsonNode.Parse($$$"""{"type":"textfield","id":"tf{{{i}}}","key":"tf{{{i}}}","validate":{"required":true,"minLength":2,"maxLength":20}}"""));
            components.Add(JsonNode.Parse($$$"""{"type":"number","id":"nb{{{i}}}","key":"nb{{{i}}}","decimalDigits":2,"validate":{"min":0,"max":1000}}"""));
            components.Add(JsonNode.Parse($$$"""{"type":"select","id":"sl{{{i}}}","key":"sl{{{i}}}","values":[{"label":"One","value":"one"},{"label":"Two","value":"two"}],"validate":{"required":true}}"""));
            components.Add(JsonNode.Parse($$$"""{"type":"checkbox","id":"cb{{{i}}}","key":"cb{{{i}}}"}"""));
            components.Add(JsonNode.Parse($$$"""{"type":"textfield","id":"em{{{i}}}","key":"em{{{i}}}","validate":{"validationType":"email"}}"""));
            valid[$"tf{i}"] = "hello";
            valid[$"nb{i}"] = 10.5 * i;
            valid[$"sl{i}"] = "one";
            valid[$"cb{i}"] = true;
            valid[$"em{i}"] = "someone@example.org";
            invalid[$"tf{i}"] = "h";
            invalid[$"nb{i}"] = "1.234";
            invalid[$"sl{i}"] = "three";
            invalid[$"cb{i}"] = "yes";
            invalid[$"em{i}"] = "not-an-email";
        }

        var schema = new JsonObject { ["type"] = "default", ["id"] = "Bench", ["schemaVersion"] = 19, ["components"] = components };
        _validator = FormValidator.Create(FormDefinition.FromJson(schema));
        var scripted = (JsonObject)schema.DeepClone();
        scripted["ocap:validator"] = "validators/bench.js";
        _withScript = FormValidator.Create(FormDefinition.FromJson(scripted));
        _scripts = new SandboxFormScriptValidator(new JsSandbox(new SandboxOptions()));
        _scripts.Prepare("validators/bench.js", "export function validate(data, ctx) { return data.nb1 > data.nb2 ? { nb1: 'nb1 must not exceed nb2.' } : null; }");
        // Parsed from text, as a request body is: string values are then decoded from UTF-8 when first read.
        _valid = JsonNode.Parse(valid.ToJsonString())!;
        _invalid = JsonNode.Parse(invalid.ToJsonString())!;
    }

    [Benchmark(Baseline = true)]
    public FormValidationResult ValidateTwentyFieldsValid() => _validator.Validate(_valid);

    [Benchmark]
    public FormValidationResult ValidateTwentyFieldsInvalid() => _validator.Validate(_invalid);

    /// <summary>The same valid submission, then a small custom validator in the hardened sandbox (target ≤ 20 µs).</summary>
    [Benchmark]
    public Task<FormValidationResult> ValidateTwentyFieldsWithCustomValidator() => _withScript.ValidateAsync(_valid, _scripts, CancellationToken.None);
}
