namespace Ocap.Workflow.Sqlite.Tests;

public class SqliteConnectionFactoryTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "ocapwf-sqlite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [TestCase(true, 2L)]
    [TestCase(false, 1L)]
    public void Open_SetsWalAndTheChosenSynchronousLevel(bool durable, long expectedSynchronous)
    {
        var factory = new SqliteConnectionFactory(Path.Combine(_directory, "store.db"), durable);
        using var connection = factory.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.That(command.ExecuteScalar(), Is.EqualTo("wal"));
        command.CommandText = "PRAGMA synchronous;";
        Assert.That(command.ExecuteScalar(), Is.EqualTo(expectedSynchronous)); // FULL = 2, NORMAL = 1
    }

    [Test]
    public void Open_CreatesTheFileAndItsMissingFolders()
    {
        var path = Path.Combine(_directory, "data", "tenants", "store.db");
        using (new SqliteConnectionFactory(path).Open())
        {
        }

        Assert.That(File.Exists(path), Is.True);
    }

    [Test]
    public void Open_CreatesTheFileWhenMissing()
    {
        var path = Path.Combine(_directory, "new.db");
        using (new SqliteConnectionFactory(path).Open())
        {
        }

        Assert.That(File.Exists(path), Is.True);
    }
}
