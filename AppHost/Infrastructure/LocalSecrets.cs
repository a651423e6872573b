using System.Security.Cryptography;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>
/// Credentials of the local daemons: generated on first use and kept beside their data (git-ignored, mode
/// 600), so a data folder and its password always travel together.
/// </summary>
public static class LocalSecrets
{
    public static string GetOrCreate(string dataRoot, string name, Func<string>? generate = null)
    {
        var directory = Path.Combine(dataRoot, "secrets");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var secret = generate?.Invoke() ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        File.WriteAllText(path, secret);
        RestrictToOwner(path);
        return secret;
    }

    /// <summary>A new P-256 private key, PKCS#8 in base64: the form the gateway signs callers' tokens with.</summary>
    public static string NewSigningKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Convert.ToBase64String(key.ExportPkcs8PrivateKey());
    }

    /// <summary>The public half of <paramref name="signingKey"/>, SubjectPublicKeyInfo in base64: what services verify with.</summary>
    public static string PublicKeyOf(string signingKey)
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(signingKey), out _);
        return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
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
