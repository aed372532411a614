// Fixtures are independent (each has its own SQLite file, clock and host; the end-to-end test its own port), so
// they run side by side: the sample's start-up is mostly waiting and JIT, which overlaps well.
[assembly: Parallelizable(ParallelScope.Fixtures)]
