using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ocap.Workflow.Runtime;

namespace ExpenseApproval.Tests;

/// <summary>
/// The sample hosted in-process on its SQLite file (a path of the test's own), optionally on a fake clock that
/// replaces the host's <see cref="TimeProvider"/> for the engine, the store and the job runner alike, and optionally on
/// a tenants folder of the test's own.
/// </summary>
internal sealed class SampleApp(string dataPath, FakeTimeProvider? clock = null, string? tenantsPath = null) : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public WorkflowEngine Engine => Services.GetRequiredService<WorkflowEngine>();

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? tenant, string? user, string? body = null, string contentType = "application/json")
    {
        using var client = CreateClient();
        using var request = new HttpRequestMessage(method, path);
        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant", tenant);
        }

        if (user is not null)
        {
            request.Headers.Add("X-User", user);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text.Length == 0 ? null : JsonNode.Parse(text), text, response.Headers.Location);
    }

    public Task<Reply> GetAsync(string path, string tenant, string user) => SendAsync(HttpMethod.Get, path, tenant, user);

    public Task<Reply> PostAsync(string path, string tenant, string user, JsonObject? body = null) =>
        SendAsync(HttpMethod.Post, path, tenant, user, body?.ToJsonString());

    /// <summary>Starts an Acme claim as Erin and returns its id.</summary>
    public async Task<string> StartAcmeClaimAsync(decimal amount = 1250, string costCentre = "CC-410")
    {
        var reply = await PostAsync("/claims", "acme", "erin", AcmeClaim(amount, costCentre));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Created), reply.Text);
        return reply.Json!["instanceId"]!.GetValue<string>();
    }

    /// <summary>The single task of the claim the user may act on.</summary>
    public async Task<string> SingleTaskAsync(string tenant, string user, string claim)
    {
        var reply = await GetAsync($"/tasks?claim={claim}", tenant, user);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Text);
        Assert.That(reply.Json!.AsArray(), Has.Count.EqualTo(1), $"{user} should have exactly one task of claim {claim}: {reply.Text}");
        return reply.Json![0]!["taskId"]!.GetValue<string>();
    }

    public static JsonObject AcmeClaim(decimal amount = 1250, string costCentre = "CC-410", string? receipt = "R-2291") => new()
    {
        ["amount"] = amount,
        ["costCentre"] = costCentre,
        ["category"] = "travel",
        ["expenseDate"] = "2026-11-02",
        ["description"] = "Client visit in Lyon",
        ["receiptRef"] = receipt,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ExpenseApproval:DataPath", dataPath);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (tenantsPath is not null)
        {
            builder.UseSetting("ExpenseApproval:TenantsPath", tenantsPath);
        }

        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        }
    }
}

/// <summary>An HTTP answer: status, media type, the body as JSON and as text, and the Location header.</summary>
internal sealed record Reply(HttpStatusCode Status, string? MediaType, JsonNode? Json, string Text, Uri? Location = null)
{
    public bool IsProblem(HttpStatusCode status) => Status == status && MediaType == "application/problem+json" && Json?["status"]?.GetValue<int>() == (int)status;
}

/// <summary>A temporary folder for a test's SQLite file, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("expense-approval-");

    public string File(string name) => Path.Combine(_folder.FullName, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
