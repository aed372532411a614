// The ExpenseApproval sample host. The engine wiring, the tenant bundle and the endpoints arrive with the
// durable-store issue; until then the host only answers its health probe.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
app.Run();
