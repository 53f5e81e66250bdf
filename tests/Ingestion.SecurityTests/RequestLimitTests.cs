using System.Net;

namespace Ingestion.SecurityTests;

/// <summary>Kestrel's limits, set from <c>Ingestion:Limits</c>, hold before any endpoint code runs.</summary>
[Collection(SecurityCollection.Name)]
public sealed class RequestLimitTests(SecurityEnvironment environment)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Too_many_headers_are_a_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        for (var i = 0; i < 150; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Filler-{i}", "x");
        }

        using var response = await environment.Api.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Headers_over_32_KiB_are_a_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        request.Headers.TryAddWithoutValidation("X-Filler", new string('x', 40 * 1024));

        using var response = await environment.Api.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_request_line_over_8_KiB_is_a_414()
    {
        using var response = await environment.Api.GetAsync("/api/jobs?skip=0&x=" + new string('x', 9 * 1024), Cancellation);

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }
}
