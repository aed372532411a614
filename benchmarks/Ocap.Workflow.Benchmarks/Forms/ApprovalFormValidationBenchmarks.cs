using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Benchmarks.Forms;

/// <summary>
/// The form the approval flow completes its review task with (issue 7's end-to-end benchmark): a number with required
/// and min, a text field with required and a pattern, a text area with maxLength, a checkbox and a select with static
/// values; a valid submission parsed from text, validated as the engine does (<see cref="FormValidator.ValidateAsync"/>
/// without a custom validator). Target of the performance pass: ≤ 1 µs. The parse-and-validate rows include reading
/// the request text, as the engine's private copy of a submission does: as nodes, or as one parsed element that a flat
/// form reads without building nodes (the internal <c>ValidateAsync(JsonElement, …)</c>).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ApprovalFormValidationBenchmarks
{
    private FormValidator _validator = null!;
    private JsonNode _submission = null!;
    private JsonElement _element;
    private byte[] _text = null!;

    [GlobalSetup]
    public void Setup()
    {
        _validator = FormValidator.Create(FormDefinition.Parse(Runtime.ApprovalFlowBenchmarks.Form));
        _text = """{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}"""u8.ToArray();
        _submission = JsonNode.Parse(_text)!;
        _element = JsonElement.Parse(_text);
    }

    [Benchmark]
    public Task<FormValidationResult> ValidateApprovalForm() => _validator.ValidateAsync(_submission, null, CancellationToken.None);

    [Benchmark]
    public ValueTask<FormValidationResult> ValidateApprovalFormFromElement() => _validator.ValidateAsync(_element, null, CancellationToken.None);

    [Benchmark]
    public Task<FormValidationResult> ParseAndValidateApprovalForm() => _validator.ValidateAsync(JsonNode.Parse(_text), null, CancellationToken.None);

    [Benchmark]
    public ValueTask<FormValidationResult> ParseElementAndValidateApprovalForm() => _validator.ValidateAsync(JsonElement.Parse(_text), null, CancellationToken.None);
}
