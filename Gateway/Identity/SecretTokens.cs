using System.Security.Cryptography;
using System.Text;

namespace SutazAI.Gateway.Identity;

/// <summary>Random bearer secrets (refresh tokens, API keys) and the hashes they are stored as.</summary>
public static class SecretTokens
{
    /// <summary><paramref name="prefix"/> followed by 256 random bits, URL-safe.</summary>
    public static string Create(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))).ToLowerInvariant();

    public static bool HashEquals(string token, string expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(expectedHash));
}
