namespace Ocap.Workflow.Sandbox.Realm;

/// <summary>Resolves relative module specifiers between the tenant's module paths (<c>rules/a.js</c> + <c>../b.js</c>).</summary>
internal static class ModulePaths
{
    /// <summary>The path <paramref name="specifier"/> names relative to module <paramref name="from"/>, or <see langword="null"/> when it climbs above the root.</summary>
    public static string? Resolve(string from, string specifier)
    {
        var parts = new List<string>(from.Split('/'));
        parts.RemoveAt(parts.Count - 1);
        foreach (var segment in specifier.Split('/'))
        {
            switch (segment)
            {
                case "." or "":
                    continue;
                case "..":
                    if (parts.Count == 0)
                    {
                        return null;
                    }

                    parts.RemoveAt(parts.Count - 1);
                    break;
                default:
                    parts.Add(segment);
                    break;
            }
        }

        return string.Join('/', parts);
    }
}
