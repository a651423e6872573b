using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SutazAI.ServiceDefaults.Tests;

public sealed class QuietLogCategoryTests
{
    [Theory]
    [InlineData("System.Net.Http.HttpClient.models.LogicalHandler")]
    [InlineData("Polly")]
    [InlineData("StackExchange.Redis.ConnectionMultiplexer")]
    [InlineData("Microsoft.EntityFrameworkCore.Database.Command")]
    [InlineData("MassTransit.ReceiveTransport")]
    public void Per_call_client_chatter_is_logged_only_from_warnings_up(string category)
    {
        using var host = Build([]);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void A_service_that_names_the_category_in_its_configuration_gets_what_it_asked_for()
    {
        using var host = Build(new() { ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Information" });
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("System.Net.Http.HttpClient.models.LogicalHandler");

        Assert.True(logger.IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void Other_categories_keep_the_default_level()
    {
        using var host = Build([]);

        Assert.True(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SutazAI.Orchestrator").IsEnabled(LogLevel.Information));
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.ConfigureOpenTelemetry();
        return builder.Build();
    }
}
