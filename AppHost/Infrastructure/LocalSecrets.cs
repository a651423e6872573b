using System.Security.Cryptography;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>
/// Credentials of the local daemons: generated on first use and kept beside their data (git-ignored, mode
/// 600), so a data folder and its password always travel together.
/// </summary>
public static class LocalSecrets
{
    public static string GetOrCreate(string dataRoot, string name)
    {
        var directory = Path.Combine(dataRoot, "secrets");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        File.WriteAllText(path, secret);
        RestrictToOwner(path);
        return secret;
    }

    /// <summary>Mode 600: files holding credentials are readable by their owner only.</summary>
    public static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
