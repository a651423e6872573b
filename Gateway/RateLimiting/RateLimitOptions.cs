namespace SutazAI.Gateway.RateLimiting;

/// <summary>A fixed window: <see cref="PermitLimit"/> requests per <see cref="Window"/>.</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// <c>Gateway:RateLimits</c>: one rule per route class, counted per identity (per client address before sign-in
/// and for the auth endpoints), plus a per-account rule for login attempts.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    /// <summary>Redis key prefix: replicas with the same prefix share counts; two platforms on one Redis use two.</summary>
    public string KeyPrefix { get; set; } = "sutazai:rl";

    /// <summary>Tasks, workflows, goals, agents, capabilities: cheap, and programs submit in bursts.</summary>
    public RateLimitRule Tasks { get; set; } = new() { PermitLimit = 6000 };

    /// <summary>Chat and models: each call may hold an LLM slot.</summary>
    public RateLimitRule Llm { get; set; } = new() { PermitLimit = 600 };

    /// <summary>Register, token, refresh, logout: per client address.</summary>
    public RateLimitRule Auth { get; set; } = new() { PermitLimit = 10 };

    /// <summary>Login attempts per account, whichever address they come from.</summary>
    public RateLimitRule Account { get; set; } = new() { PermitLimit = 10 };

    /// <summary>Admin, keys, status.</summary>
    public RateLimitRule Admin { get; set; } = new() { PermitLimit = 600 };

    /// <summary>Everything else (documentation, identity lookups).</summary>
    public RateLimitRule Other { get; set; } = new() { PermitLimit = 600 };

    public RateLimitRule For(RouteClass routeClass) => routeClass switch
    {
        RouteClass.Tasks => Tasks,
        RouteClass.Llm => Llm,
        RouteClass.Auth => Auth,
        RouteClass.Admin => Admin,
        _ => Other,
    };
}
