using System.Text.Json;

namespace Ingestion.SecurityTests;

/// <summary>What a job view shows of the job's headers, through the real API.</summary>
[Collection(SecurityCollection.Name)]
public sealed class JobViewHeaderTests(SecurityEnvironment environment)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_view_masks_credentials_and_configured_headers_and_shows_the_others_as_given()
    {
        var spec = $$"""
            {
              "source": { "urls": ["{{environment.Upstream.PageUrl(1)}}"] },
              "headers": {
                "Accept": "application/json",
                "User-Agent": "reports/2.1",
                "Cookie": "sid=cookie-value-1",
                "X-Api-Key": "key-value-1",
                "X-Session-Token": "token-value-1",
                "X-Tenant": "acme-corp"
              }
            }
            """;

        using var response = await environment.Api.PostJobAsync(spec);
        var location = response.Headers.Location!.OriginalString;
        await environment.Api.WaitForEndAsync(location);
        using var view = JsonDocument.Parse(await environment.Api.GetStringAsync(location, Cancellation));

        var headers = view.RootElement.GetProperty("spec").GetProperty("headers");
        Assert.Equal("application/json", headers.GetProperty("Accept").GetString());
        Assert.Equal("reports/2.1", headers.GetProperty("User-Agent").GetString());
        Assert.Equal("***", headers.GetProperty("Cookie").GetString());
        Assert.Equal("***", headers.GetProperty("X-Api-Key").GetString());
        Assert.Equal("***", headers.GetProperty("X-Session-Token").GetString());
        Assert.Equal("***", headers.GetProperty(SecurityEnvironment.ConfiguredSensitiveHeader).GetString());
        using var events = await environment.Api.GetAsync($"{location}/events", HttpCompletionOption.ResponseContentRead, Cancellation);
        var stream = await events.Content.ReadAsStringAsync(Cancellation);
        Assert.Contains("\"X-Tenant\":\"***\"", stream, StringComparison.Ordinal);
        Assert.DoesNotContain("acme-corp", stream, StringComparison.Ordinal);
    }
}
