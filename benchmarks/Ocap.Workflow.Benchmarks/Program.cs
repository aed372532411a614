using BenchmarkDotNet.Running;

// Run one area with a filter, e.g.:
//   dotnet run -c Release --project benchmarks/Ocap.Workflow.Benchmarks -- --filter '*ContentHash*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
