namespace SutazAI.Gateway.RateLimiting;

/// <summary>Groups of routes that share a limit.</summary>
public enum RouteClass
{
    Tasks,
    Llm,
    Auth,
    Admin,
    Other,
}

public static class RouteClasses
{
    /// <summary>
    /// The class of a public path, read from its second segment after <c>/api/v{n}</c>; the OpenAI-compatible API
    /// (<c>/v1</c>) draws on the LLM limit, the MCP server (<c>/mcp</c>) on the tasks limit.
    /// </summary>
    public static RouteClass Of(PathString path)
    {
        if (OpenAiErrorWriter.Applies(path))
        {
            return RouteClass.Llm;
        }

        // MCP tool calls are tasks.
        if (path.StartsWithSegments("/mcp", StringComparison.OrdinalIgnoreCase))
        {
            return RouteClass.Tasks;
        }

        var segments = (path.Value ?? "").Split('/', 5, StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 3 || !segments[0].Equals("api", StringComparison.OrdinalIgnoreCase))
        {
            return RouteClass.Other;
        }

        return segments[2].ToLowerInvariant() switch
        {
            "tasks" or "workflows" or "goals" or "agents" or "capabilities" or "knowledge" => RouteClass.Tasks,
            "chat" or "models" => RouteClass.Llm,
            // /auth/me is a lookup, not a credential attempt.
            "auth" when segments.Length > 3 && segments[3].Equals("me", StringComparison.OrdinalIgnoreCase) => RouteClass.Other,
            // Managing users is an admin's work, not a credential attempt: it must not spend the per-address login allowance.
            "auth" when segments.Length > 3 && segments[3].Equals("users", StringComparison.OrdinalIgnoreCase) => RouteClass.Admin,
            "auth" => RouteClass.Auth,
            "admin" or "keys" or "status" => RouteClass.Admin,
            _ => RouteClass.Other,
        };
    }
}
