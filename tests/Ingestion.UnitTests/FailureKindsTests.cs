using System.Net;
using System.Net.Sockets;
using Ingestion.Fetching;
using Ingestion.Pages;

namespace Ingestion.UnitTests;

/// <summary>A failed request's kind, which tells failures of the same cause apart from others.</summary>
public class FailureKindsTests
{
    [Theory]
    [InlineData(SocketError.ConnectionRefused, PageFailureKind.ConnectionRefused)]
    [InlineData(SocketError.HostNotFound, PageFailureKind.NameNotResolved)]
    [InlineData(SocketError.TryAgain, PageFailureKind.NameNotResolved)]
    [InlineData(SocketError.NetworkUnreachable, PageFailureKind.Connection)]
    public void A_connection_failure_is_known_by_its_socket_error(SocketError error, PageFailureKind expected)
    {
        // As SocketsHttpHandler reports a connect callback's failure: a connection error around the socket's.
        var exception = new HttpRequestException(HttpRequestError.ConnectionError, "Connection failed", new SocketException((int)error));

        Assert.Equal(expected, FailureKinds.Of(exception));
    }

    [Fact]
    public void A_name_resolution_error_is_a_name_not_resolved() =>
        Assert.Equal(PageFailureKind.NameNotResolved, FailureKinds.Of(new HttpRequestException(HttpRequestError.NameResolutionError)));

    [Fact]
    public void A_tls_failure_is_a_secure_connection_failure() =>
        Assert.Equal(PageFailureKind.SecureConnection, FailureKinds.Of(new HttpRequestException(HttpRequestError.SecureConnectionError)));

    [Fact]
    public void An_exception_with_a_status_is_an_http_failure() =>
        Assert.Equal(PageFailureKind.Http, FailureKinds.Of(new HttpRequestException("no", null, HttpStatusCode.BadGateway)));

    [Fact]
    public void Failures_alike_have_one_cause_and_401_and_403_are_one()
    {
        PageRecord Failed(int? status, PageFailureKind kind) => new() { Page = 1, Url = "https://x.example/", Status = PageStatus.Failed, HttpStatus = status, FailureKind = kind };

        Assert.Equal(Grains.Jobs.PageTally.FailureCause(Failed(401, PageFailureKind.Http)), Grains.Jobs.PageTally.FailureCause(Failed(403, PageFailureKind.Http)));
        Assert.Equal("HTTP 404", Grains.Jobs.PageTally.FailureCause(Failed(404, PageFailureKind.Http)));
        Assert.Equal("host name not found", Grains.Jobs.PageTally.FailureCause(Failed(null, PageFailureKind.NameNotResolved)));
        Assert.Equal("HTTP 500", Grains.Jobs.PageTally.FailureCause(Failed(500, (PageFailureKind)0) with { FailureKind = null }));
    }
}
