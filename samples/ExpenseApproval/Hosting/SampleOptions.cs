namespace ExpenseApproval.Hosting;

/// <summary>
/// The sample's own settings, from the <c>ExpenseApproval</c> configuration section (appsettings.json, environment
/// variables such as <c>ExpenseApproval__DataPath</c>, or command-line arguments such as
/// <c>--ExpenseApproval:DataPath=/tmp/claims.db</c>).
/// </summary>
internal sealed class SampleOptions
{
    public const string Section = "ExpenseApproval";

    /// <summary>The SQLite file; relative paths are under the content root. Created, with its folder, on first run.</summary>
    public string DataPath { get; set; } = "data/expense-approval.db";

    /// <summary>The folder with one sub-folder per tenant; the copy next to the binaries when empty.</summary>
    public string? TenantsPath { get; set; }

    public static SampleOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<SampleOptions>() ?? new SampleOptions();

    public string ResolveDataPath(string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(DataPath))
        {
            throw new InvalidOperationException($"{Section}:DataPath is empty; name the SQLite file the claims are kept in.");
        }

        return Path.GetFullPath(Path.IsPathRooted(DataPath) ? DataPath : Path.Combine(contentRoot, DataPath));
    }

    public string ResolveTenantsPath() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(TenantsPath) ? Path.Combine(AppContext.BaseDirectory, "Tenants") : TenantsPath);
}
