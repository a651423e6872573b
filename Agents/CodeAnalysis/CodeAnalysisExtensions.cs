using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SutazAI.Agents.CodeAnalysis;

public static class CodeAnalysisExtensions
{
    /// <summary>The C# analysis (<see cref="ICSharpAnalysis"/>), Roslyn loaded on demand and unloaded when idle.</summary>
    public static IHostApplicationBuilder AddCSharpAnalysis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ICSharpAnalysis>(services => new IsolatedCSharpAnalysis(
            builder.Configuration.GetValue(IsolatedCSharpAnalysis.UnloadAfterIdleSetting, IsolatedCSharpAnalysis.DefaultUnloadAfterIdle),
            services.GetRequiredService<ILogger<IsolatedCSharpAnalysis>>()));
        return builder;
    }
}
