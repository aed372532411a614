using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Benchmarks;

/// <summary>Content addressing is paid once per deployed artifact and per script prepare-cache lookup.</summary>
[MemoryDiagnoser]
public class ContentHashBenchmarks
{
    private string _script = string.Empty;

    [GlobalSetup]
    public void Setup() => _script = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"  if (ctx.f{i} > {i}) score += {i};"));

    [Benchmark]
    public string HashTwentyLineScript() => ContentHash.Of(_script);
}
