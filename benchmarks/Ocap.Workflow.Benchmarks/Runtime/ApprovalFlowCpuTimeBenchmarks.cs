using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Benchmarks.Feel;

namespace Ocap.Workflow.Benchmarks.Runtime;

/// <summary>
/// The approval flow of <see cref="ApprovalFlowBenchmarks"/> (same engine, bundle and operation), timed with the
/// benchmark thread's CPU time (<see cref="ThreadCpuClock"/>). On the shared 2-core machine the wall-clock median
/// mostly measures how long the thread waited for a core; CPU time measures the work. The in-memory store completes
/// every call synchronously, so the whole instance runs on the benchmark thread.
/// </summary>
[Config(typeof(CpuTimeConfig))]
[MemoryDiagnoser]
[MedianColumn]
public class ApprovalFlowCpuTimeBenchmarks
{
    private readonly ApprovalFlowBenchmarks _flow = new();

    [GlobalSetup]
    public void Setup() => _flow.Setup();

    [GlobalCleanup]
    public void Cleanup() => _flow.Cleanup();

    [Benchmark(Description = "approval instance end to end (CPU time)")]
    public Task Instance() => _flow.Instance();

    private sealed class CpuTimeConfig() : ThreadCpuTimeConfig(15);
}
