using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Benchmarks.Feel;

namespace Ocap.Workflow.Benchmarks.Forms;

/// <summary>
/// <see cref="ApprovalFormValidationBenchmarks"/> timed in thread CPU time (see <see cref="ThreadCpuClock"/>), so that
/// the figures stay comparable while other work loads the machine.
/// </summary>
[Config(typeof(CpuTimeConfig))]
public class ApprovalFormValidationCpuTimeBenchmarks : ApprovalFormValidationBenchmarks
{
    private sealed class CpuTimeConfig() : ThreadCpuTimeConfig(20);
}

/// <summary><see cref="FormValidationBenchmarks"/> (the 20-field form) timed in thread CPU time.</summary>
[Config(typeof(CpuTimeConfig))]
public class FormValidationCpuTimeBenchmarks : FormValidationBenchmarks
{
    private sealed class CpuTimeConfig() : ThreadCpuTimeConfig(20);
}
