namespace Ocap.Workflow.Sqlite.Tests;

public class SqliteConnectionFactoryTests : TempDirectoryTests
{
    [TestCase(true, 2L)]
    [TestCase(false, 1L)]
    public void Open_SetsWalAndTheChosenSynchronousLevel(bool durable, long expectedSynchronous)
    {
        var factory = new SqliteConnectionFactory(Path.Combine(TempDirectory, "store.db"), durable);
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
        var path = Path.Combine(TempDirectory, "data", "tenants", "store.db");
        using (new SqliteConnectionFactory(path).Open())
        {
        }

        Assert.That(File.Exists(path), Is.True);
    }

    [Test]
    public void Open_CreatesTheFileWhenMissing()
    {
        var path = Path.Combine(TempDirectory, "new.db");
        using (new SqliteConnectionFactory(path).Open())
        {
        }

        Assert.That(File.Exists(path), Is.True);
    }
}
