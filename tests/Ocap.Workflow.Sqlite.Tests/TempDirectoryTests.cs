using Microsoft.Data.Sqlite;

namespace Ocap.Workflow.Sqlite.Tests;

/// <summary>Base of tests that need a fresh folder for SQLite files: created before each test, deleted after it.</summary>
public abstract class TempDirectoryTests
{
    /// <summary>This test's folder.</summary>
    protected string TempDirectory { get; private set; } = null!;

    /// <summary>The store file this test uses by default, inside <see cref="TempDirectory"/> (not created).</summary>
    protected string StorePath => Path.Combine(TempDirectory, "store.db");

    [SetUp]
    public void CreateTempDirectory()
    {
        TempDirectory = Path.Combine(Path.GetTempPath(), "ocapwf-sqlite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(TempDirectory);
    }

    [TearDown]
    public void DeleteTempDirectory()
    {
        // Pooled connections keep the file open; release them before deleting.
        SqliteConnection.ClearAllPools();
        Directory.Delete(TempDirectory, recursive: true);
    }
}
