using System.Security.Cryptography;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>
/// Credentials of the local daemons and the platform's signing keys: generated on first use and kept beside their
/// data (git-ignored) in folders only their owner may enter (700), in files only their owner may read (600),
/// created so from the start: there is no moment when a secret is readable by anyone else.
/// </summary>
public static class LocalSecrets
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static string GetOrCreate(string dataRoot, string name, Func<string>? generate = null)
    {
        var directory = PrivateDirectory(Path.Combine(dataRoot, "secrets"));
        var path = Path.Combine(directory, name);
        if (File.Exists(path))
        {
            RestrictToOwner(path);
            return File.ReadAllText(path).Trim();
        }

        var secret = generate?.Invoke() ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        WritePrivate(path, secret);
        return secret;
    }

    /// <summary>A folder only its owner may list or enter (700), made so or narrowed to it; returns its path.</summary>
    public static string PrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }

        Directory.CreateDirectory(path, OwnerOnlyFolder);
        File.SetUnixFileMode(path, OwnerOnlyFolder);
        return path;
    }

    /// <summary>Writes a file that holds a secret: created 600 (an existing one narrowed before the secret goes in).</summary>
    public static void WritePrivate(string path, string content)
    {
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, content);
            return;
        }

        if (File.Exists(path))
        {
            File.SetUnixFileMode(path, OwnerReadWrite);
        }

        using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerReadWrite });
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }

    /// <summary>A new 256-bit secret as 64 hex characters (e.g. an Erlang cookie).</summary>
    public static string NewSecret256() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();

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
            File.SetUnixFileMode(path, OwnerReadWrite);
        }
    }
}
