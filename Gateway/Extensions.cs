using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Asp.Versioning;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SutazAI.Gateway.Apis;
using SutazAI.Gateway.Data;
using SutazAI.Gateway.Docs;
using SutazAI.Gateway.Identity;
using SutazAI.Gateway.Observability;
using SutazAI.Gateway.RateLimiting;
using SutazAI.Gateway.Security;

using SutazAI.Gateway.WebConsole;

namespace SutazAI.Gateway;

internal static class Extensions
{
    public const string DatabaseName = "gatewaydb";
    public const string RedisName = "redis";
    private const string CorsPolicy = "configured-origins";

    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<GatewayDbContext>(DatabaseName, settings => settings.DisableRetry = true);
        builder.AddOptionalRedis(RedisName);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMemoryCache();

        builder.AddIdentity();
        builder.AddRateLimits();
        builder.AddProtocolHygiene();

        builder.Services.AddApiVersioning(options =>
        {
            options.DefaultApiVersion = new ApiVersion(1, 0);
            options.ReportApiVersions = true;
            options.ApiVersionReader = new PathApiVersionReader();
        });

        // Continue a caller's trace from X-Correlation-Id when it sends no traceparent.
        builder.Services.AddSingleton<DistributedContextPropagator>(new CorrelationId.Propagator(DistributedContextPropagator.CreateDefaultPropagator()));
        builder.Services.AddHttpClient(StatusApi.HttpClientName);
        builder.Services.AddSingleton<SloSampler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SloSampler>());
        builder.Services.AddHttpClient(OpenApiDocuments.HttpClientName).AddInternalToken();

        // Every proxied request carries a caller token the gateway signs; without the key it could forward nothing.
        if (string.IsNullOrEmpty(builder.Configuration[CallerTokens.SigningKeySetting]))
        {
            throw new InvalidOperationException($"{CallerTokens.SigningKeySetting} must be set; the AppHost passes the secret parameter caller-signing-key.");
        }

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            .AddTransforms(ProxyIdentity.Apply);
        return builder;
    }

    /// <summary>Users, refresh tokens, API keys; bearer tokens or X-Api-Key; scope policies.</summary>
    private static void AddIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>()
            .Bind(builder.Configuration.GetSection(ApiKeyOptions.Section))
            .Validate(options => options.BootstrapKey.Length >= ApiKeyOptions.MinimumLength,
                $"Gateway:BootstrapKey must be set (at least {ApiKeyOptions.MinimumLength} characters); run ./run.sh or set SUTAZAI_API_KEY.")
            .ValidateOnStart();
        builder.Services.AddOptions<AuthOptions>()
            .Bind(builder.Configuration.GetSection(AuthOptions.Section))
            .Validate(options => options.SigningKey.Length >= AuthOptions.MinimumSigningKeyLength,
                $"Gateway:Auth:SigningKey must be set (at least {AuthOptions.MinimumSigningKeyLength} characters): the AppHost's secret parameter jwt-signing-key.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IPasswordHasher<UserRecord>, PasswordHasher<UserRecord>>();
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddScoped<UserAccounts>();
        builder.Services.AddScoped<RefreshTokens>();
        builder.Services.AddScoped<ApiKeys>();

        const string EitherScheme = "bearer-or-key";
        builder.Services.AddAuthentication(EitherScheme)
            .AddPolicyScheme(EitherScheme, "Bearer token or API key", options => options.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.BearerAccessToken(context.Request) is not null
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer(options => options.MapInboundClaims = false);
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokens>((options, tokens) => options.TokenValidationParameters = tokens.ValidationParameters());
        builder.Services.AddAuthorization(RoutePolicies.Add);
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
    }

    /// <summary>Per identity and route class, shared through Redis, local while Redis is away.</summary>
    private static void AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section));
        builder.Services.AddSingleton<RateLimitStore>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            RateLimitStore.HealthCheckName, services => services.GetRequiredService<RateLimitStore>(), HealthStatus.Degraded, tags: null));
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<RateLimitStore>((options, store) =>
            {
                options.GlobalLimiter = System.Threading.RateLimiting.PartitionedRateLimiter.Create<HttpContext, string>(store.PartitionFor);
                options.OnRejected = RateLimitRejection.WriteAsync;
            });
    }

    /// <summary>TLS when a certificate is configured, header and time limits, CORS for configured origins only.</summary>
    private static void AddProtocolHygiene(this IHostApplicationBuilder builder)
    {
        var tls = builder.Configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new TlsOptions();
        builder.Services.AddSingleton<UploadLimits>();
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestHeaderCount = RequestLimitsGuard.KestrelHeaderCount;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestLimitsGuard.KestrelHeaderBytes;
            if (tls.Enabled)
            {
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = X509Certificate2.CreateFromPemFile(tls.CertificatePath!, tls.KeyPath));
            }
        });
        if (tls.Enabled)
        {
            builder.Services.AddHttpsRedirection(options => options.RedirectStatusCode = StatusCodes.Status308PermanentRedirect);
            builder.Services.AddHsts(options =>
            {
                options.MaxAge = TimeSpan.FromDays(365);
                options.IncludeSubDomains = true;
                // The defaults exempt localhost; a gateway with a certificate means it for every host name.
                options.ExcludedHosts.Clear();
            });
        }

        builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = builder.Configuration.GetValue("Gateway:RequestTimeout", TimeSpan.FromSeconds(100)),
            TimeoutStatusCode = StatusCodes.Status408RequestTimeout,
            WriteTimeoutResponse = ForwardingProblems.WriteTimeoutAsync,
        });

        var origins = builder.Configuration.GetSection("Gateway:Cors:Origins").Get<string[]>() ?? [];
        builder.Services.AddCors(options => options.AddPolicy(CorsPolicy, policy =>
        {
            if (origins.Length > 0)
            {
                policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Retry-After", CorrelationId.HeaderName, "Location");
            }
        }));
    }

    /// <summary>
    /// Order matters: transport (HTTPS, headers, size, version) first, then who is calling, then how often, then
    /// what they may do; only then is anything proxied.
    /// </summary>
    public static WebApplication UseGatewayGuards(this WebApplication app)
    {
        app.UseCorrelationId();
        app.UseSecurityHeaders();
        if (app.Services.GetRequiredService<IConfiguration>().GetSection(TlsOptions.Section).Get<TlsOptions>() is { Enabled: true })
        {
            var internalPort = ServiceInfo.InternalPort(app.Configuration);
            app.UseWhen(
                context => !ServiceInfo.IsProbe(context.Request.Path) && context.Connection.LocalPort != internalPort,
                https => https.UseHsts().UseHttpsRedirection());
        }

        app.UseMiddleware<RequestLimitsGuard>();
        app.UseApiVersionGuard();
        app.UseCors(CorsPolicy);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseRequestTimeouts();
        return app;
    }

    public static WebApplication MapGatewayApis(this WebApplication app)
    {
        app.MapAuthApi();
        app.MapUsersApi();
        app.MapKeysApi();
        app.MapStatusApi();
        app.MapApiDocumentation();
        app.MapUnknownApiPaths();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseForwardingErrorsAsProblems();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
