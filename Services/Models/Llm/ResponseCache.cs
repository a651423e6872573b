using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SutazAI.Models.Llm;

/// <summary>
/// Caches complete (non-streaming) answers in Redis, keyed by a hash of the request, but only for deterministic
/// requests: temperature 0 or an explicit seed. Redis trouble means a cache miss, never a failed call.
/// </summary>
public sealed partial class ResponseCache(IConnectionMultiplexer redis, IOptions<LlmOptions> options, ILogger<ResponseCache> logger)
{
    public static string KeyFor(string kind, string canonicalRequest) =>
        $"sutazai:llm-cache:{kind}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))).ToLowerInvariant()}";

    /// <summary>
    /// The key of the whole answer to a deterministic request (temperature 0 or an explicit seed) in one answer form
    /// (<paramref name="kind"/>); null for any other request, or a streamed one.
    /// </summary>
    public static string? KeyIfDeterministic(string kind, bool stream, OllamaSharp.Models.RequestOptions? options, object request) =>
        !stream && (options?.Temperature == 0 || options?.Seed is not null)
            ? KeyFor(kind, System.Text.Json.JsonSerializer.Serialize(request, request.GetType(), LlmCalls.Wire))
            : null;

    public async Task<string?> GetAsync(string key)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(key);
            return value.HasValue ? value.ToString() : null;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogBypassed(logger, ex.Message);
            return null;
        }
    }

    public async Task SetAsync(string key, string response)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(key, response, options.Value.CacheTtl);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogBypassed(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM cache bypassed, Redis unreachable: {Reason}")]
    private static partial void LogBypassed(ILogger logger, string reason);
}
