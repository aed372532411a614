namespace Ocap.Workflow.Sandbox;

/// <summary>Checks for plain ASCII JavaScript identifiers (the only names capabilities and bindings may have).</summary>
internal static class Identifiers
{
    public static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '$')
            {
                return false;
            }
        }

        return true;
    }
}
