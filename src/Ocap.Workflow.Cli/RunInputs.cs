using System.Text.Json;
using Ocap.Workflow.Bpmn.Execution;

namespace Ocap.Workflow.Cli;

/// <summary>Reads the inputs of <c>ocapwf run</c>: start variables, tenant modules and the events file.</summary>
internal static class RunInputs
{
    private static readonly string[] ModuleExtensions = [".js", ".mjs", ".cjs"];

    public static Dictionary<string, JsonElement> ReadVariables(string path)
    {
        var text = CommandLine.ReadFile(path, "variables file");
        try
        {
            using var document = JsonDocument.Parse(text);
            CliJson.Check(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CliUsageException($"the variables file '{path}' must hold one JSON object.");
            }

            return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"the variables file '{path}' is not valid JSON: {e.Message}");
        }
    }

    /// <summary>Every .js/.mjs/.cjs file under the folder, keyed by its path relative to it with '/' separators.</summary>
    public static Dictionary<string, string> ReadModules(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new CliUsageException($"the modules folder '{directory}' does not exist.");
        }

        var modules = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            if (ModuleExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
            {
                modules[Path.GetRelativePath(directory, file).Replace('\\', '/')] = CommandLine.ReadFile(file, "module");
            }
        }

        return modules;
    }

    /// <summary>The events file: one JSON object per non-blank line, each with its "FILE:line" label.</summary>
    public static List<(string Source, JsonElement Json)> ReadEvents(string path)
    {
        var lines = CommandLine.ReadFile(path, "events file").Split('\n');
        var events = new List<(string, JsonElement)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var source = $"{path}:{i + 1}";
            try
            {
                using var document = JsonDocument.Parse(text);
                CliJson.Check(text);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new CliUsageException($"{source}: each line must be one JSON object.");
                }

                events.Add((source, document.RootElement.Clone()));
            }
            catch (JsonException e)
            {
                throw new CliUsageException($"{source}: not valid JSON: {e.Message}");
            }
        }

        return events;
    }

    /// <summary>Turns one events-file line into a command; <c>advanceTime</c> moves <paramref name="now"/>.</summary>
    public static BpmnCommand ToCommand(JsonElement line, string source, ref DateTimeOffset now)
    {
        var keys = line.EnumerateObject().Select(p => p.Name).ToList();
        if (line.TryGetProperty("complete", out var complete))
        {
            Allow(keys, source, "complete", "data");
            return new CompleteTask(Text(complete, source, "complete"), Data(line, source)) { At = now };
        }

        if (line.TryGetProperty("message", out var message))
        {
            Allow(keys, source, "message", "correlationKey", "data");
            var key = line.TryGetProperty("correlationKey", out var k) ? Text(k, source, "correlationKey") : null;
            return new CorrelateMessage(Text(message, source, "message"), key, Data(line, source)) { At = now };
        }

        if (line.TryGetProperty("signal", out var signal))
        {
            Allow(keys, source, "signal", "data");
            return new BroadcastSignal(Text(signal, source, "signal"), Data(line, source)) { At = now };
        }

        if (line.TryGetProperty("advanceTime", out var advance))
        {
            Allow(keys, source, "advanceTime");
            var duration = Text(advance, source, "advanceTime");
            TimeSpan span;
            try
            {
                span = System.Xml.XmlConvert.ToTimeSpan(duration);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new CliUsageException($"{source}: advanceTime needs an ISO 8601 duration such as PT1H, not '{duration}'.");
            }

            if (span < TimeSpan.Zero)
            {
                throw new CliUsageException($"{source}: advanceTime cannot move the clock backwards ('{duration}').");
            }

            now += span;
            return new AdvanceTime { At = now };
        }

        if (line.TryGetProperty("throwError", out var thrown))
        {
            Allow(keys, source, "throwError", "code", "message");
            var code = line.TryGetProperty("code", out var c) ? Text(c, source, "code") : throw new CliUsageException($"{source}: throwError needs a \"code\".");
            var text = line.TryGetProperty("message", out var m) ? Text(m, source, "message") : null;
            return new ThrowBpmnError(Text(thrown, source, "throwError"), code, text) { At = now };
        }

        throw new CliUsageException($"{source}: expected one of complete, message, signal, advanceTime, throwError.");
    }

    private static void Allow(List<string> keys, string source, params string[] allowed)
    {
        var unknown = keys.FirstOrDefault(k => !allowed.Contains(k));
        if (unknown is not null)
        {
            throw new CliUsageException($"{source}: unknown property \"{unknown}\".");
        }
    }

    private static string Text(JsonElement value, string source, string name) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new CliUsageException($"{source}: \"{name}\" must be a string.");

    private static Dictionary<string, JsonElement>? Data(JsonElement line, string source)
    {
        if (!line.TryGetProperty("data", out var data))
        {
            return null;
        }

        return data.ValueKind == JsonValueKind.Object
            ? data.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
            : throw new CliUsageException($"{source}: \"data\" must be a JSON object.");
    }
}
