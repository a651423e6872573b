using System.Text.Json;
using StackExchange.Redis;

namespace SutazAI.Web.Account;

/// <summary>
/// A person's sign-in as the console holds it: the gateway's tokens, kept on the server (Redis) under a random id;
/// the browser's cookie carries only that id. Several replicas of the console share them.
/// </summary>
public sealed record SignIn(
    string AccessToken, DateTimeOffset AccessExpiresAt, string RefreshToken, DateTimeOffset RefreshExpiresAt, string Username, IReadOnlyList<string> Scopes);

/// <summary>Where sign-ins live: <c>web:signin:{id}</c>, expiring with the refresh token.</summary>
public sealed class SignInStore(IConnectionMultiplexer redis)
{
    private const string Prefix = "web:signin:";

    public async Task<SignIn?> FindAsync(string id)
    {
        var value = await redis.GetDatabase().StringGetAsync(Prefix + id);
        return value.HasValue ? JsonSerializer.Deserialize<SignIn>((string)value!) : null;
    }

    public async Task SaveAsync(string id, SignIn signIn)
    {
        var lifetime = signIn.RefreshExpiresAt - DateTimeOffset.UtcNow;
        await redis.GetDatabase().StringSetAsync(Prefix + id, JsonSerializer.Serialize(signIn), lifetime > TimeSpan.Zero ? lifetime : TimeSpan.FromSeconds(1));
    }

    public Task RemoveAsync(string id) => redis.GetDatabase().KeyDeleteAsync(Prefix + id);

    /// <summary>
    /// One refresh at a time per sign-in, across tabs and replicas: the gateway revokes a whole sign-in when a spent
    /// refresh token comes back, which two tabs refreshing at once would do.
    /// </summary>
    public async Task<IAsyncDisposable?> LockAsync(string id, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var key = $"{Prefix}{id}:lock";
        var holder = Guid.NewGuid().ToString("N");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await database.LockTakeAsync(key, holder, TimeSpan.FromSeconds(10)))
            {
                return new Lock(database, key, holder);
            }

            await Task.Delay(100, cancellationToken);
        }

        return null;
    }

    private sealed class Lock(IDatabase database, string key, string holder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await database.LockReleaseAsync(key, holder);
    }
}
