namespace Ocap.Workflow.Storage;

/// <summary>Checks the shape of SHA-256 content addresses: 64 lowercase hexadecimal characters.</summary>
internal static class Sha256Hex
{
    public static void EnsureValid(string? hash, string paramName)
    {
        ArgumentNullException.ThrowIfNull(hash, paramName);
        if (!IsValid(hash))
        {
            throw new ArgumentException($"'{hash}' is not a SHA-256 hash (64 lowercase hexadecimal characters).", paramName);
        }
    }

    public static bool IsValid(string hash)
    {
        if (hash.Length != 64)
        {
            return false;
        }

        foreach (var c in hash)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
