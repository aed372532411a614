namespace Ocap.Workflow.Tests.Bpmn.Conformance;

/// <summary>Finds <c>../shared/conformance</c> next to the repository (the folder that holds Ocap.Workflow.sln),
/// or the nearest <c>shared/conformance</c> further up.</summary>
internal static class ConformanceCorpus
{
    public static string Root { get; } = Locate();

    /// <summary>The repository root (the folder that holds Ocap.Workflow.sln).</summary>
    public static string Repository { get; } = FindRepository().FullName;

    private static DirectoryInfo FindRepository()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ocap.Workflow.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.Parent is null
            ? throw new DirectoryNotFoundException("Ocap.Workflow.sln was not found above the test assembly directory.")
            : directory;
    }

    private static string Locate()
    {
        var directory = FindRepository();

        // CI keeps the corpus at ../shared next to the repository; a git worktree sits one level deeper,
        // so the search continues upwards from there.
        for (var parent = directory.Parent; parent is not null; parent = parent.Parent)
        {
            var root = Path.Combine(parent.FullName, "shared", "conformance");
            if (Directory.Exists(root))
            {
                return root;
            }
        }

        throw new DirectoryNotFoundException($"The conformance corpus is expected at {Path.Combine(directory.FullName, "..", "shared", "conformance")}.");
    }
}
