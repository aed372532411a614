using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace ExpenseApproval.Tests;

/// <summary>
/// The README's curl session, replayed command by command against the built sample started as a process on a free
/// loopback port: every response must match the one the README shows, and every captured id must exist.
/// </summary>
public sealed class ReadmeSessionTests
{
    private const string DocumentedOrigin = "http://localhost:5080";

    [Test]
    public void ReadmeSession_ParsesIntoTheDocumentedWalkThrough()
    {
        var session = ReadmeSession.Parse(ReadReadme());

        Assert.That(session.Steps.Select(s => s.Request.Url.Text), Has.All.StartWith(DocumentedOrigin + "/"), "every command targets the documented port");
        Assert.That(session.Steps.Count(s => s.Capture is not null), Is.GreaterThanOrEqualTo(2), "the session captures the claim and its tasks");
        Assert.That(session.Steps.Count(s => s.Expected is not null), Is.GreaterThanOrEqualTo(8), "most commands show their response");
    }

    [Test]
    public async Task ReadmeSession_RunAgainstTheStartedSample_AnswersAsDocumented()
    {
        var session = ReadmeSession.Parse(ReadReadme());
        var folder = Directory.CreateTempSubdirectory("expense-readme-");
        try
        {
            await using var sample = await SampleProcess.StartAsync(Path.Combine(folder.FullName, "claims.db"), CancellationToken.None);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            Uri Rebase(string url) => url.StartsWith(DocumentedOrigin + "/", StringComparison.Ordinal)
                ? new Uri(sample.BaseAddress, url[DocumentedOrigin.Length..])
                : throw new AssertionException($"README command targets '{url}', not {DocumentedOrigin}.");

            foreach (var step in session.Steps)
            {
                using var request = step.Request.ToMessage(variables, Rebase);
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var json = body.Length == 0 ? null : JsonNode.Parse(body);
                if (step.Capture is { } name)
                {
                    Assert.That(response.IsSuccessStatusCode, Is.True, $"{step.Text}\n→ {(int)response.StatusCode} {body}");
                    var value = Jq(json, step.JqPath!);
                    Assert.That(value, Is.Not.Null.And.Not.Empty, $"{step.Text}\n→ {body}: '{step.JqPath}' gives nothing");
                    variables[name] = value!;
                    continue;
                }

                Assert.That(step.Expected, Is.Not.Null, $"README command '{step.Text}' shows no response; show one so the session is checked.");
                var expectedStatus = step.Expected is JsonObject o && o["status"] is JsonValue s && s.TryGetValue<int>(out var code) ? code : (int?)null;
                if (expectedStatus is { } status)
                {
                    Assert.That((int)response.StatusCode, Is.EqualTo(status), $"{step.Text}\n→ {body}");
                    Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), step.Text);
                }
                else
                {
                    Assert.That(response.IsSuccessStatusCode, Is.True, $"{step.Text}\n→ {(int)response.StatusCode} {body}");
                }

                Assert.That(JsonShape.Mismatches(step.Expected, json), Is.Empty, $"{step.Text}\n→ {body}");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void JsonShape_ComparesShownFieldsOnly_ButArraysExactly()
    {
        var shown = JsonNode.Parse("""{"id":"PAY-…","items":[{"a":1}],"any":"…"}""");

        Assert.That(JsonShape.Mismatches(shown, JsonNode.Parse("""{"id":"PAY-00001","items":[{"a":1,"b":2}],"any":[1],"more":true}""")), Is.Empty);
        Assert.That(JsonShape.Mismatches(shown, JsonNode.Parse("""{"id":"PAY-1","items":[{"a":1},{"a":1}],"any":1}""")), Has.Count.EqualTo(1));
        Assert.That(JsonShape.Mismatches(shown, JsonNode.Parse("""{"id":"REF-1","items":[{"a":2}]}""")), Has.Count.EqualTo(3));
    }

    [Test]
    public void ReadmeSession_CommandThatTheReplayCannotRun_IsRefused()
    {
        const string readme = "## Sample: expense approval\n\n```bash\ncurl -s -o out.json http://localhost:5080/health\n```\n";

        Assert.That(() => ReadmeSession.Parse(readme), Throws.TypeOf<FormatException>().With.Message.Contains("-o"));
    }

    private static string ReadReadme() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));

    /// <summary>The <c>jq -r</c> paths the README uses: <c>.name</c> and <c>[N]</c> steps.</summary>
    private static string? Jq(JsonNode? node, string path)
    {
        var rest = path;
        while (rest.Length > 0 && node is not null)
        {
            if (rest.StartsWith(".[", StringComparison.Ordinal) || rest.StartsWith('['))
            {
                var open = rest.IndexOf('[', StringComparison.Ordinal);
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                node = node is JsonArray array && int.TryParse(rest[(open + 1)..close], out var index) && index < array.Count ? array[index] : null;
                rest = rest[(close + 1)..];
            }
            else if (rest.StartsWith('.'))
            {
                var end = rest.IndexOfAny(['.', '['], 1);
                var name = end < 0 ? rest[1..] : rest[1..end];
                node = node is JsonObject obj ? obj[name] : null;
                rest = end < 0 ? string.Empty : rest[end..];
            }
            else
            {
                throw new FormatException($"jq path '{path}' is not replayed (only .name and [N] steps).");
            }
        }

        return node is JsonValue v && v.TryGetValue<string>(out var text) ? text : node?.ToJsonString();
    }
}
