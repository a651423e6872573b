using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SutazAI.Orchestrator.Data;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

/// <summary>The orchestrator's database as the tests reach it directly, to arrange rows or to check what was stored.</summary>
internal static class OrchestratorDatabase
{
    public static async Task<DbContextOptions<OrchestratorDbContext>> OptionsAsync(PlatformHost host, params IInterceptor[] interceptors) =>
        new DbContextOptionsBuilder<OrchestratorDbContext>()
            .UseNpgsql(await host.GetConnectionStringAsync("orchestratordb"))
            .AddInterceptors(interceptors)
            .Options;

    public static async Task<OrchestratorDbContext> OpenAsync(PlatformHost host) => new(await OptionsAsync(host));
}
