using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace ExpenseApproval.Tests;

/// <summary>The verify endpoint recomputes the claim's hash chain from the file: a hand-edited row is reported, not trusted.</summary>
public sealed class TamperEvidenceTests
{
    [Test]
    public async Task Verify_AfterAHistoryRowIsEditedInTheFile_ReportsTheBrokenLink()
    {
        using var folder = new TempFolder();
        var path = folder.File("claims.db");
        await using var app = new SampleApp(path);
        var claim = await app.StartAcmeClaimAsync(amount: 300);
        var task = await app.SingleTaskAsync("acme", "mia", claim);
        await app.PostAsync($"/tasks/{task}/complete", "acme", "mia", new JsonObject { ["managerDecision"] = "approve" });
        var before = await app.GetAsync($"/claims/{claim}/verify", "acme", "erin");

        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var edit = connection.CreateCommand();
            edit.CommandText = "UPDATE history SET actor = 'mallory' WHERE tenant = 'acme' AND instance_id = $id AND sequence = 2";
            edit.Parameters.AddWithValue("$id", claim);
            Assert.That(await edit.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }

        var after = await app.GetAsync($"/claims/{claim}/verify", "acme", "erin");

        Assert.That(before.Json!["intact"]!.GetValue<bool>(), Is.True, before.Text);
        Assert.That(after.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(after.Json!["intact"]!.GetValue<bool>(), Is.False, after.Text);
        var first = after.Json["brokenLinks"]![0]!;
        Assert.That(first["position"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(first["kind"]!.GetValue<string>(), Is.EqualTo("hash-mismatch"));
    }
}
