using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Ocap.Workflow.Benchmarks.Feel;

/// <summary>
/// One in-process job timed with the benchmark thread's CPU time (<see cref="ThreadCpuClock"/>), for figures that
/// must stay meaningful while other work loads the machine. Derive with the iteration count the workload needs.
/// </summary>
internal abstract class ThreadCpuTimeConfig : ManualConfig
{
    /// <summary>Adds the job.</summary>
    /// <param name="iterations">Measured iterations.</param>
    protected ThreadCpuTimeConfig(int iterations) =>
        AddJob(Job.Default.WithClock(new ThreadCpuClock()).WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(iterations).WithId("ThreadCpuTime"));
}
