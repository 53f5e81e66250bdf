using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Ingestion.Cli;
using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.EndToEndTests;

/// <summary>
/// What a new user trips on, through the AppHost: a reused prefix, a wrong URL, a host that refuses connections, and
/// fetching the failed pages again.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class JobOutcomeEndToEndTests(AppHostFixture app)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reused_prefix_is_refused_unless_the_spec_says_to_version_or_replace_it()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var prefix = $"e2e/{Guid.NewGuid():N}/items";
        string Spec(int pages, string ifExists) => $$"""
            {
              "source": { "urlTemplate": "{{upstream.BaseUrl}}/pages/{page}", "pages": { "from": 1, "to": {{pages}} } },
              "destination": { "prefix": "{{prefix}}", "ifExists": "{{ifExists}}" }
            }
            """;

        var first = await RunAsync(Spec(20, "fail"));
        using var refused = await PostAsync(Spec(5, "fail"));
        var versioned = await RunAsync(Spec(5, "newVersion"));
        var replacing = await RunAsync(Spec(5, "replace"));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        using (var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Cancellation)))
        {
            Assert.Equal(first.Id, problem.RootElement.GetProperty("ownerJobId").GetGuid());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("destination.prefix", out _));
        }

        Assert.Equal($"{prefix}/v2", versioned.Destination.Prefix);
        Assert.Equal(JobStatus.Completed, replacing.Status);
        Assert.Equal(first.Id, replacing.Replaced);
        var pages = new List<string>();
        await foreach (var blob in app.Blobs.GetBlobContainerClient("ingest").GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{prefix}/pages/", Cancellation))
        {
            pages.Add(blob.Name);
        }

        Assert.Equal(5, pages.Count);
        var old = await app.Api.GetFromJsonAsync<JobView>($"/api/jobs/{first.Id}", ApiJson.Options, Cancellation);
        Assert.Equal(replacing.Id, old!.SupersededBy);
        using var oldPages = await app.Api.GetAsync($"/api/jobs/{first.Id}/pages", Cancellation);
        Assert.Equal(HttpStatusCode.Gone, oldPages.StatusCode);
        var (exitCode, status) = await CliAgainstAppHost.RunAsync(app, "status", first.Id.ToString());
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains($"superseded\tby job {replacing.Id}", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_url_fails_and_watch_says_why_and_exits_non_zero()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var spec = $$"""
            {
              "source": { "urlTemplate": "{{upstream.BaseUrl}}/itemz/{page}", "pages": { "from": 1 } },
              "destination": { "prefix": "e2e/{jobId}" }
            }
            """;

        using var response = await PostAsync(spec);
        var id = (await response.Content.ReadFromJsonAsync<JobView>(ApiJson.Options, Cancellation))!.Id;
        var (exitCode, output) = await CliAgainstAppHost.RunAsync(app, "watch", id.ToString());
        var job = await app.WaitForEndAsync($"/api/jobs/{id}");

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(0, job.Pages.Total);
        Assert.StartsWith("The source is empty: Page 1 is already past the end (HTTP 404).", job.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.JobFailed, exitCode);
        Assert.Contains("The source is empty", output, StringComparison.Ordinal);
        Assert.Contains("Page 1 is already past the end", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_that_refuses_connections_fails_the_job_early_with_an_error_that_agrees_with_the_counts()
    {
        var port = FreeTcpPorts.Pick(1)[0];
        var spec = $$"""
            {
              "source": { "urlTemplate": "http://127.0.0.1:{{port}}/items?page={page}", "pages": { "from": 1, "to": 200 } },
              "concurrency": 4,
              "retry": { "maxAttempts": 2, "baseDelaySeconds": 0.01 },
              "destination": { "prefix": "e2e/{jobId}" }
            }
            """;

        var job = await RunAsync(spec);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.StartsWith($"The first {job.Pages.Failed} pages to end all failed for good with the same cause (connection refused;", job.Error, StringComparison.Ordinal);
        Assert.Contains($"the other {job.Pages.Cancelled} pages", job.Error, StringComparison.Ordinal);
        Assert.Equal(200, job.Pages.Failed + job.Pages.Cancelled);
    }

    [Fact]
    public async Task Retry_through_the_cli_fetches_only_the_failed_pages_into_the_same_prefix()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.Fail(3, 404).Fail(8, 404);
        var spec = $$"""
            {
              "source": { "urlTemplate": "{{upstream.BaseUrl}}/pages/{page}", "pages": { "from": 1, "to": 10 } },
              "destination": { "prefix": "e2e/{jobId}" }
            }
            """;
        var first = await RunAsync(spec);
        upstream.Clear();

        var (exitCode, output) = await CliAgainstAppHost.RunAsync(app, "retry", first.Id.ToString(), "--watch");
        var job = await app.WaitForEndAsync($"/api/jobs/{first.Id}");

        Assert.Equal(JobStatus.CompletedWithErrors, first.Status);
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("2 pages to fetch", output, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(10, job.Pages.Succeeded);
        Assert.Equal(first.Destination, job.Destination);
        Assert.Equal([3, 8], Enumerable.Range(1, 10).Where(page => upstream.RequestCount(page) > 0));
    }

    private async Task<HttpResponseMessage> PostAsync(string spec) =>
        await app.Api.PostAsync("/api/jobs", new StringContent(spec, Encoding.UTF8, "application/json"), Cancellation);

    private async Task<JobView> RunAsync(string spec)
    {
        using var response = await PostAsync(spec);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Cancellation));
        return await app.WaitForEndAsync(response.Headers.Location!.OriginalString);
    }
}
