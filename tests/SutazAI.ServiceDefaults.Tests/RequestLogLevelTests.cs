using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SutazAI.ServiceDefaults.Tests;

public sealed class RequestLogLevelTests
{
    private const double SlowAfterMs = 1000;

    [Theory]
    [InlineData(200, 3.0, LogLevel.Debug)]
    [InlineData(202, 999.9, LogLevel.Debug)]
    [InlineData(202, 1000.0, LogLevel.Information)]
    [InlineData(304, 5000.0, LogLevel.Information)]
    [InlineData(400, 1.0, LogLevel.Information)]
    [InlineData(404, 1.0, LogLevel.Information)]
    [InlineData(429, 1.0, LogLevel.Information)]
    [InlineData(500, 1.0, LogLevel.Warning)]
    [InlineData(503, 2000.0, LogLevel.Warning)]
    public void A_request_is_logged_at_a_level_set_by_its_status_and_duration(int status, double elapsedMs, LogLevel expected) =>
        Assert.Equal(expected, RequestLogging.LevelOf(status, elapsedMs, SlowAfterMs));
}
