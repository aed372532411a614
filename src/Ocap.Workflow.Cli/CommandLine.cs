using System.Globalization;

namespace Ocap.Workflow.Cli;

/// <summary>
/// A small, strict parser for one command's arguments: positional values and <c>--flag value</c> /
/// <c>--switch</c> options. Unknown flags are usage errors rather than being ignored, because a pipeline
/// that misspells a limit must not silently run without it.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    private CommandLine(List<string> positionals) => Positionals = positionals;

    /// <summary>The arguments that are not options, in order.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <param name="args">The arguments after the command name.</param>
    /// <param name="valueOptions">Options that take a value (<c>--ctx FILE</c>).</param>
    /// <param name="switches">Options that take none (<c>--json</c>).</param>
    public static CommandLine Parse(IReadOnlyList<string> args, IEnumerable<string> valueOptions, IEnumerable<string>? switches = null)
    {
        var takesValue = new HashSet<string>(valueOptions, StringComparer.Ordinal);
        var isSwitch = new HashSet<string>(switches ?? [], StringComparer.Ordinal);
        var positionals = new List<string>();
        var line = new CommandLine(positionals);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var name = arg;
                string? inlineValue = null;
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    name = arg[..eq];
                    inlineValue = arg[(eq + 1)..];
                }

                if (takesValue.Contains(name))
                {
                    if (inlineValue is null)
                    {
                        if (i + 1 >= args.Count)
                        {
                            throw new CliUsageException($"option {name} needs a value.");
                        }

                        inlineValue = args[++i];
                    }

                    if (!line._options.TryAdd(name, inlineValue))
                    {
                        throw new CliUsageException($"option {name} was given twice.");
                    }
                }
                else if (isSwitch.Contains(name) && inlineValue is null)
                {
                    line._options[name] = null;
                }
                else
                {
                    throw new CliUsageException($"unknown option {name}.");
                }
            }
            else
            {
                positionals.Add(arg);
            }
        }

        return line;
    }

    /// <summary>Whether the option or switch was given.</summary>
    public bool Has(string name) => _options.ContainsKey(name);

    /// <summary>The option's value, or <see langword="null"/> when it was not given.</summary>
    public string? Get(string name) => _options.TryGetValue(name, out var value) ? value : null;

    /// <summary>The option's value as a positive 64-bit integer, or <see langword="null"/> when it was not given.</summary>
    public long? GetPositiveInt64(string name)
    {
        var text = Get(name);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new CliUsageException($"option {name} takes a whole number greater than zero, not '{text}'.");
        }

        return value;
    }

    /// <summary>Reads a file named on the command line, turning I/O failures into usage errors.</summary>
    public static string ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"cannot read {what} '{path}': {e.Message}");
        }
    }
}
