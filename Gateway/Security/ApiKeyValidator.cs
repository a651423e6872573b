using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SutazAI.Gateway.Security;

/// <summary>Checks a presented key in constant time against the hash of the configured one.</summary>
public sealed class ApiKeyValidator(IOptions<ApiKeyOptions> options)
{
    private readonly byte[] _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.BootstrapKey));

    /// <summary>A stable, non-secret id of a key: enough to tell keys apart, useless to call with.</summary>
    public static string IdOf(string key) =>
        "key-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12].ToLowerInvariant();

    public bool IsValid(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 512)
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(hash, _expectedHash);
    }
}
