using BenchmarkDotNet.Attributes;
using Jint.Native;
using Ocap.Workflow.Benchmarks.Feel;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Benchmarks.Forms;

namespace Ocap.Workflow.Benchmarks.Sandbox;

/// <summary>
/// The sandbox and form targets of the performance pass measured in thread CPU time (see <see cref="ThreadCpuClock"/>),
/// so that the figures stay meaningful while other work loads the shared machine. Same workloads as
/// <see cref="BpmnConditionBenchmarks"/>, <see cref="SandboxBenchmarks"/>, <see cref="ApprovalFormValidationBenchmarks"/>
/// and <see cref="FormValidationBenchmarks"/>.
/// </summary>
[Config(typeof(CpuTimeConfig))]
[MemoryDiagnoser]
[MedianColumn]
public class SandboxCpuTimeBenchmarks
{
    private readonly BpmnConditionBenchmarks _condition = new();
    private readonly SandboxBenchmarks _sandbox = new();
    private readonly ApprovalFormValidationBenchmarks _approvalForm = new();
    private readonly FormValidationBenchmarks _forms = new();

    [GlobalSetup]
    public void Setup()
    {
        _condition.Setup();
        _sandbox.Setup();
        _approvalForm.Setup();
        _forms.Setup();
    }

    /// <summary>Target ≤ 0.5 µs, ≤ 300 B.</summary>
    [Benchmark]
    public BpmnScriptOutcome BpmnConditionCpuTime() => _condition.Condition();

    /// <summary>Target ≤ 1 µs.</summary>
    [Benchmark]
    public object? WarmExpressionWithThreeVariablesCpuTime() => _sandbox.WarmExpressionWithThreeVariables();

    /// <summary>Target ≤ 2 µs.</summary>
    [Benchmark]
    public JsValue HardenedCopyOfTwentyFieldObjectCpuTime() => _sandbox.HardenedCopyOfTwentyFieldObject();

    /// <summary>Target ≤ 1 µs.</summary>
    [Benchmark]
    public object ValidateApprovalFormCpuTime() => _approvalForm.ValidateApprovalForm().GetAwaiter().GetResult();

    /// <summary>Target ≤ 20 µs.</summary>
    [Benchmark]
    public object ValidateTwentyFieldsWithCustomValidatorCpuTime() => _forms.ValidateTwentyFieldsWithCustomValidator().GetAwaiter().GetResult();

    private sealed class CpuTimeConfig() : ThreadCpuTimeConfig(20);
}
