using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.HttpOverrides;
using MudBlazor.Services;
using StackExchange.Redis;
using SutazAI.Contracts.Auth;
using SutazAI.Web.Account;
using SutazAI.Web.Platform;

namespace SutazAI.Web;

internal static class Extensions
{
    public const string RedisName = "redis";

    /// <summary>The gateway as service discovery names it: the console calls the platform only through its public API.</summary>
    public const string GatewayAddress = "http://gateway";

    public static WebApplicationBuilder AddConsoleServices(this WebApplicationBuilder builder)
    {
        // The component library's files are served from the build output in every environment, not only Development
        // (a no-op for a published app, whose files are in wwwroot).
        builder.WebHost.UseStaticWebAssets();
        builder.AddOptionalRedis(RedisName);
        // The cookie's keys are shared by every replica and survive a restart, so nobody is signed out by either.
        builder.Services.AddDataProtection().SetApplicationName("sutazai-console");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), "web:data-protection-keys"));

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.Cookie.Name = "sutazai-console";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/signin";
            options.ReturnUrlParameter = "returnUrl";
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            options.SlidingExpiration = false;
            // A page the person may not see is a 403, not a redirect to a sign-in they already have.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            // Signed out elsewhere (another tab, revoked at the gateway): the cookie no longer opens anything.
            options.Events.OnValidatePrincipal = async context =>
            {
                var store = context.HttpContext.RequestServices.GetRequiredService<SignInStore>();
                if (context.Principal?.SignInIdOf() is not { } id || await store.FindAsync(id) is null)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                }
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ConsoleClaims.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(ConsoleClaims.Scope, ApiScopes.Admin));
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddAntiforgery(options => options.Cookie.SameSite = SameSiteMode.Strict);

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SignInStore>();
        builder.Services.AddScoped<GatewaySession>();
        builder.Services.AddGatewayClient<GatewayAuth>();
        builder.Services.AddGatewayClient<GatewayApi>();
        return builder;
    }

    /// <summary>
    /// The gateway is the only way in: it forwards the browser's address and scheme, which the console trusts from
    /// loopback only (the default known proxy).
    /// </summary>
    public static WebApplication UseConsolePipeline(this WebApplication app)
    {
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
        };
        app.UseForwardedHeaders(forwarded);
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.Use(async (context, next) =>
        {
            // Nothing private stays in the browser's cache: after signing out, the back button shows nothing.
            context.Response.OnStarting(() =>
            {
                if (!context.Response.Headers.ContainsKey("Cache-Control"))
                {
                    context.Response.Headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            await next(context);
        });
        app.MapStaticAssets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/signout", AccountEndpoints.SignOutAsync).DisableAntiforgery();
        return app;
    }

    /// <summary>A typed client of the gateway: no retries (a submitted task is not safe to send twice), a long timeout for streams.</summary>
    private static void AddGatewayClient<TClient>(this IServiceCollection services) where TClient : class
    {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: the defaults' retries would repeat a submission.
        services.AddHttpClient<TClient>(client =>
            {
                client.BaseAddress = new Uri(GatewayAddress);
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
