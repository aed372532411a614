using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace Ocap.Workflow.Benchmarks.Feel;

/// <summary>
/// A BenchmarkDotNet clock that reads the calling thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>)
/// instead of wall time. On a machine shared with other builds, wall-clock medians mostly measure how often
/// the benchmark thread was descheduled; CPU time measures the work itself. Used only with the in-process
/// toolchain, where the clock is read on the thread that runs the workload.
/// </summary>
internal sealed class ThreadCpuClock : IClock
{
    private const int ClockThreadCpuTimeId = 3;

    public string Title => "ThreadCpuTime";

    public bool IsAvailable => OperatingSystem.IsLinux() && clock_gettime(ClockThreadCpuTimeId, out _) == 0;

    public Frequency Frequency => Frequency.GHz;

    public long GetTimestamp()
    {
        clock_gettime(ClockThreadCpuTimeId, out var time);
        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
#pragma warning disable SYSLIB1054 // A blittable out struct needs no generated marshalling.
    private static extern int clock_gettime(int clockId, out TimeSpec time);
#pragma warning restore SYSLIB1054

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
