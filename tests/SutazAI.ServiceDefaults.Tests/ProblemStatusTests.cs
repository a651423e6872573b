using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace SutazAI.ServiceDefaults.Tests;

/// <summary>
/// The status an unhandled exception is answered with: a database that is away, even behind EF Core's wrapper, is a
/// 503 to retry, never a 500; an error that is not transient stays a 500 so a bug is not hidden as an outage.
/// </summary>
public sealed class ProblemStatusTests
{
    [Fact]
    public void A_database_error_is_a_503_whether_thrown_bare_or_wrapped_when_it_is_transient()
    {
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, ProblemDetailsExtensions.StatusOf(new DatabaseError(transient: false)));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable,
            ProblemDetailsExtensions.StatusOf(new InvalidOperationException("saving failed", new InvalidOperationException("inner", new DatabaseError(transient: true)))));
    }

    [Fact]
    public void A_wrapped_database_error_that_is_not_transient_stays_a_500()
    {
        Assert.Equal(StatusCodes.Status500InternalServerError,
            ProblemDetailsExtensions.StatusOf(new ArgumentException("saving failed", new DatabaseError(transient: false))));
        Assert.Equal(StatusCodes.Status500InternalServerError, ProblemDetailsExtensions.StatusOf(new InvalidCastException()));
    }

    [Fact]
    public void A_bad_request_keeps_its_status_and_a_closed_one_is_a_499()
    {
        Assert.Equal(StatusCodes.Status413PayloadTooLarge,
            ProblemDetailsExtensions.StatusOf(new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge)));
        Assert.Equal(StatusCodes.Status499ClientClosedRequest, ProblemDetailsExtensions.StatusOf(new OperationCanceledException()));
    }

    private sealed class DatabaseError(bool transient) : DbException("the connection was closed by the server")
    {
        public override bool IsTransient => transient;
    }
}
