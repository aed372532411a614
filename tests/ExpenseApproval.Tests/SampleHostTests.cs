namespace ExpenseApproval.Tests;

/// <summary>Base of fixtures whose tests share one in-process sample host on a fresh SQLite file.</summary>
public abstract class SampleHostTests
{
    private TempFolder _folder = null!;

    /// <summary>The fixture's host, started before its first test and stopped after its last.</summary>
    private protected SampleApp App { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartHost()
    {
        _folder = new TempFolder();
        App = new SampleApp(_folder.File("claims.db"));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await App.DisposeAsync();
        _folder.Dispose();
    }
}
