// The ExpenseApproval sample host: an ASP.NET minimal API over Ocap.Workflow on a SQLite file. At start-up it
// deploys each tenant's bundle from Tenants/ (idempotently: unchanged files keep their version), then serves the
// JSON API described in the README ("Sample: expense approval").
using ExpenseApproval.Access;
using ExpenseApproval.Api;
using ExpenseApproval.CostCentres;
using ExpenseApproval.Hosting;
using ExpenseApproval.Payments;
using Ocap.Workflow.Access;
using Ocap.Workflow.DependencyInjection;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Sqlite;

var builder = WebApplication.CreateBuilder(args);
var options = SampleOptions.From(builder.Configuration);
var dataPath = options.ResolveDataPath(builder.Environment.ContentRootPath);
Directory.CreateDirectory(Path.GetDirectoryName(dataPath)!);
var tenants = TenantCatalog.Load(options.ResolveTenantsPath());

builder.Services.AddProblemDetails();
builder.Services.AddSingleton(tenants);
builder.Services.AddPrincipalResolver<DirectoryPrincipalResolver>(ServiceLifetime.Singleton);
builder.Services.AddSingleton<CostCentreDirectory>();
builder.Services.AddSingleton<PaymentsLedger>();
builder.Services.AddSingleton<BundleDeployer>();
builder.Services.AddSingleton<JobSettler>();
builder.Services.AddOcapWorkflow()
    .AddSqliteStore(o => o.Path = dataPath)
    .AddCapability(sp => CostCentresCapability.Create(sp.GetRequiredService<CostCentreDirectory>()), "acme")
    .AddServiceTaskHandler<PayExpenseHandler>(PayExpenseHandler.TaskType, new ServiceTaskRetryOptions { MaxAttempts = 5, InitialBackoff = TimeSpan.FromSeconds(30) })
    .AddJobRunner();

var app = builder.Build();
await app.Services.GetRequiredService<BundleDeployer>().DeployAllAsync(app.Lifetime.ApplicationStopping);

// Anything the endpoints do not map themselves still answers as problem+json: an unexpected failure is a 500
// without details, an unknown route a 404.
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
ClaimEndpoints.Map(app);
await app.RunAsync();
