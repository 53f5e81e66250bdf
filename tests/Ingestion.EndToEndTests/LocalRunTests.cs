using System.Net;
using System.Text.Json;

namespace Ingestion.EndToEndTests;

/// <summary>What a local run tells its user: where the API key is, and no certificate trouble.</summary>
[Collection(AppHostCollection.Name)]
public sealed class LocalRunTests(AppHostFixture app)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Once_the_api_is_ready_the_apphost_prints_its_key_as_a_line_to_export()
    {
        var exportLine = $"export INGEST_API_KEY={app.ApiKey}";

        var lines = await Polling.UntilAsync(
            _ => Task.FromResult(app.AppHostLogs.Lines),
            lines => lines.Any(line => line.Message.Split('\n').Contains(exportLine)));

        Assert.Single(lines, line => line.Message.Split('\n').Contains(exportLine));
    }

    [Fact]
    public async Task A_401_says_where_a_local_run_shows_the_key()
    {
        using var response = await app.Anonymous.GetAsync("/api/jobs", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        var detail = problem.RootElement.GetProperty("detail").GetString();
        Assert.Contains("X-Api-Key", detail, StringComparison.Ordinal);
        Assert.Contains("AppHost console", detail, StringComparison.Ordinal);
        Assert.Contains("export INGEST_API_KEY=", detail, StringComparison.Ordinal);
        Assert.Contains("Parameters (api-key)", detail, StringComparison.Ordinal);
    }

    /// <summary>The services only serve http locally; Aspire must not warn (nor banner the dashboard) about a certificate.</summary>
    [Fact]
    public void A_local_run_does_not_warn_about_a_development_certificate()
    {
        Assert.DoesNotContain(app.AppHostLogs.Lines, line => line.Message.Contains("development certificate", StringComparison.OrdinalIgnoreCase));
    }
}
