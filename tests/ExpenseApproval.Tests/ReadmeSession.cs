using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExpenseApproval.Tests;

/// <summary>
/// The curl session of the README's "Sample: expense approval" section, parsed into steps: its first <c>bash</c>
/// block, with backslash continuations joined. A step is a curl command, optionally piped into <c>jq -r PATH</c> and
/// captured as <c>NAME=$(...)</c>; the comment lines right after a command that start with <c>{</c> or <c>[</c>
/// are the response the README shows for it. Anything else in the block (other than narrative comments) is refused,
/// so the README cannot grow a command this replay would silently skip.
/// </summary>
internal sealed partial class ReadmeSession
{
    public const string SectionHeading = "## Sample: expense approval";

    private ReadmeSession(IReadOnlyList<SessionStep> steps) => Steps = steps;

    public IReadOnlyList<SessionStep> Steps { get; }

    public static ReadmeSession Parse(string readme)
    {
        var section = readme.IndexOf(SectionHeading, StringComparison.Ordinal);
        if (section < 0)
        {
            throw new FormatException($"The README has no section '{SectionHeading}'.");
        }

        var open = readme.IndexOf("```bash\n", section, StringComparison.Ordinal);
        var close = open < 0 ? -1 : readme.IndexOf("\n```", open + 8, StringComparison.Ordinal);
        if (open < 0 || close < 0)
        {
            throw new FormatException($"The section '{SectionHeading}' has no bash block.");
        }

        var lines = readme[(open + 8)..close].Replace("\\\n", " ", StringComparison.Ordinal).Split('\n');
        var steps = new List<SessionStep>();
        StringBuilder? expected = null;
        foreach (var raw in lines.Append(string.Empty))
        {
            var line = raw.Trim();
            var comment = line.StartsWith('#') ? line[1..].Trim() : null;
            if (expected is not null && comment is not null)
            {
                expected.Append(comment).Append('\n');
                continue;
            }

            if (expected is not null)
            {
                steps[^1] = steps[^1] with { Expected = ParseExpected(expected.ToString(), steps[^1].Text) };
                expected = null;
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (comment is not null)
            {
                if (steps.Count > 0 && steps[^1].Expected is null && steps[^1].Capture is null && comment.Length > 0 && comment[0] is '{' or '[')
                {
                    expected = new StringBuilder(comment).Append('\n');
                }

                continue;
            }

            steps.Add(ParseCommand(line));
        }

        return new ReadmeSession(steps);
    }

    private static JsonNode ParseExpected(string text, string command)
    {
        try
        {
            return JsonNode.Parse(text) ?? throw new FormatException($"The response shown after '{command}' is null.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"The response shown after '{command}' is not JSON: {e.Message}\n{text}", e);
        }
    }

    private static SessionStep ParseCommand(string line)
    {
        string? capture = null;
        var pipeline = line;
        if (Capture().Match(line) is { Success: true } m)
        {
            capture = m.Groups["name"].Value;
            pipeline = m.Groups["pipeline"].Value;
        }

        var stages = Split(ShellWords.Split(pipeline), "|");
        if (stages.Count is < 1 or > 2 || stages[0].Count == 0 || stages[0][0].Text != "curl")
        {
            throw new FormatException($"README command '{line}' is not 'curl ...' or 'curl ... | jq -r PATH'.");
        }

        var request = CurlRequest.Parse(stages[0].Skip(1).ToList(), line);
        string? jqPath = null;
        if (stages.Count == 2)
        {
            var jq = stages[1];
            if (jq.Count != 3 || jq[0].Text != "jq" || jq[1].Text != "-r")
            {
                throw new FormatException($"README command '{line}' pipes into something other than 'jq -r PATH'.");
            }

            jqPath = jq[2].Text;
        }

        if ((capture is null) != (jqPath is null))
        {
            throw new FormatException($"README command '{line}': a jq path is only replayed inside NAME=$(...), and a capture needs one.");
        }

        return new SessionStep(line, request, capture, jqPath, null);
    }

    private static List<List<ShellWord>> Split(IReadOnlyList<ShellWord> words, string separator)
    {
        var stages = new List<List<ShellWord>> { new() };
        foreach (var word in words)
        {
            if (word.IsOperator && word.Text == separator)
            {
                stages.Add([]);
            }
            else
            {
                stages[^1].Add(word);
            }
        }

        return stages;
    }

    [GeneratedRegex(@"^(?<name>[A-Z_][A-Z0-9_]*)=\$\((?<pipeline>.*)\)$")]
    private static partial Regex Capture();
}

/// <summary>One command of the session.</summary>
/// <param name="Text">The command as written (continuations joined).</param>
/// <param name="Request">The curl request, with <c>$NAME</c> references still unexpanded.</param>
/// <param name="Capture">The shell variable the command's jq output is assigned to, or <see langword="null"/>.</param>
/// <param name="JqPath">The <c>jq -r</c> path, or <see langword="null"/>.</param>
/// <param name="Expected">The response the README shows, or <see langword="null"/>.</param>
internal sealed record SessionStep(string Text, CurlRequest Request, string? Capture, string? JqPath, JsonNode? Expected);
