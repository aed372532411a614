using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Benchmarks.Forms;

/// <summary>
/// The form the approval flow completes its review task with (issue 7's end-to-end benchmark): a number with required
/// and min, a text field with required and a pattern, a text area with maxLength, a checkbox and a select with static
/// values; a valid submission parsed from text, validated as the engine does (<see cref="FormValidator.ValidateAsync"/>
/// without a custom validator). Target of the performance pass: ≤ 1 µs.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ApprovalFormValidationBenchmarks
{
    private FormValidator _validator = null!;
    private JsonNode _submission = null!;

    [GlobalSetup]
    public void Setup()
    {
        _validator = FormValidator.Create(FormDefinition.Parse("""
            { "id": "approval-form", "type": "default", "schemaVersion": 16, "components": [
              { "id": "amount", "key": "amount", "type": "number", "label": "Amount", "validate": { "required": true, "min": 0 } },
              { "id": "costCentre", "key": "costCentre", "type": "textfield", "label": "Cost centre", "validate": { "required": true, "pattern": "^[A-Z]{2}[0-9]{3}$" } },
              { "id": "reason", "key": "reason", "type": "textarea", "label": "Reason", "validate": { "maxLength": 200 } },
              { "id": "approved", "key": "approved", "type": "checkbox", "label": "Approved" },
              { "id": "category", "key": "category", "type": "select", "label": "Category",
                "values": [ { "label": "Travel", "value": "travel" }, { "label": "Equipment", "value": "equipment" } ] } ] }
            """));
        _submission = JsonNode.Parse("""{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}""")!;
    }

    [Benchmark]
    public Task<FormValidationResult> ValidateApprovalForm() => _validator.ValidateAsync(_submission, null, CancellationToken.None);
}
