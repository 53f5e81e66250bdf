using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Storage;
using Ingestion.Testing;

namespace Ingestion.EndToEndTests;

/// <summary>The product as a user meets it: HTTP to the API that the AppHost started, blobs read back from its Azurite.</summary>
[Collection(AppHostCollection.Name)]
public sealed class IngestionApiTests(AppHostFixture app)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_500_page_job_posted_to_the_api_completes_and_every_blob_matches_the_manifest()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var prefix = $"e2e/{Guid.NewGuid():N}";
        var spec = $$"""
            {
              "name": "end to end",
              "source": { "urlTemplate": "{{upstream.BaseUrl}}/pages/{page}", "pages": { "from": 1, "to": 500 } },
              "headers": { "Accept": "application/json" },
              "concurrency": 32,
              "destination": { "container": "ingest", "prefix": "{{prefix}}" }
            }
            """;

        using var response = await app.Api.PostAsync("/api/jobs", new StringContent(spec, Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<JobView>(ApiJson.Options, Cancellation))!;
        Assert.Equal($"/api/jobs/{accepted.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(JobStatus.Running, accepted.Status);

        var job = await app.WaitForEndAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(500, job.Pages.Succeeded);
        Assert.Equal($"{prefix}/_manifest.json", job.ManifestBlob);

        var container = app.Blobs.GetBlobContainerClient("ingest");
        var manifestBlob = await container.GetBlobClient(job.ManifestBlob).DownloadContentAsync(Cancellation);
        var manifest = manifestBlob.Value.Content.ToObjectFromJson<Manifest>(ManifestJson.Options)!;
        Assert.Equal(job.Id, manifest.JobId);
        Assert.Equal(500, manifest.Pages.Count);

        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{prefix}/pages/", Cancellation))
        {
            names.Add(item.Name);
        }

        Assert.Equal(manifest.Pages.Select(entry => entry.Blob), names);
        foreach (var entry in manifest.Pages)
        {
            var content = (await container.GetBlobClient(entry.Blob).DownloadContentAsync(Cancellation)).Value.Content.ToArray();
            Assert.Equal(entry.Sha256, Convert.ToHexStringLower(SHA256.HashData(content)));
            Assert.Equal(UpstreamServer.ExpectedContent(entry.Page, upstream.BodySize), content);
        }
    }

    [Fact]
    public async Task A_local_run_serves_the_openapi_document_and_the_api_reference_without_the_key()
    {
        using var document = await app.Anonymous.GetAsync("/openapi/v1.json", Cancellation);
        using var reference = await app.Anonymous.GetAsync("/scalar", Cancellation);

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("/api/jobs/{id}/events", await document.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }

    [Fact]
    public async Task A_bad_spec_gets_a_400_problem_naming_each_field_and_creates_no_job()
    {
        var before = await JobCountAsync();
        const string spec = """
            { "source": { "urlTemplate": "https://example.com/items", "pages": { "from": 5, "to": 1 } }, "concurrency": 0, "concurency": 4 }
            """;

        using var response = await app.Api.PostAsync("/api/jobs", new StringContent(spec, Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("source.urlTemplate", out _));
        Assert.True(errors.TryGetProperty("source.pages.to", out _));
        Assert.True(errors.TryGetProperty("concurrency", out _));
        Assert.Equal("Unknown field; did you mean 'concurrency'?", errors.GetProperty("concurency")[0].GetString());
        Assert.Equal(before, await JobCountAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_a_400_problem()
    {
        using var response = await app.Api.PostAsync("/api/jobs", new StringContent("{ nope", Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("$", out _));
    }

    [Theory]
    [InlineData("/api/jobs/0193a000-0000-7000-8000-000000000999")]
    [InlineData("/api/jobs/not-a-job")]
    [InlineData("/api/jobs/0193a000-0000-7000-8000-000000000999/pages")]
    public async Task An_unknown_job_is_a_404_problem(string path)
    {
        using var response = await app.Api.GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Failed_pages_are_listed_through_the_api_and_a_bad_status_filter_is_a_400()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.Fail(2, 404).Fail(3, 410);
        var spec = $$"""{ "source": { "urls": ["{{upstream.PageUrl(1)}}", "{{upstream.PageUrl(2)}}", "{{upstream.PageUrl(3)}}"] } }""";
        using var response = await app.Api.PostAsync("/api/jobs", new StringContent(spec, Encoding.UTF8, "application/json"), Cancellation);
        var job = await app.WaitForEndAsync(response.Headers.Location!.OriginalString);

        var failed = await app.Api.GetFromJsonAsync<Listing<PageRecord>>($"/api/jobs/{job.Id}/pages?status=failed&take=1", ApiJson.Options, Cancellation);
        using var badFilter = await app.Api.GetAsync($"/api/jobs/{job.Id}/pages?status=sideways", Cancellation);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal(2, failed!.Total);
        var page = Assert.Single(failed.Items);
        Assert.Equal(2, page.Page);
        Assert.Equal(404, page.HttpStatus);
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        using var problem = JsonDocument.Parse(await badFilter.Content.ReadAsStringAsync(Cancellation));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task A_repeated_post_with_the_same_idempotency_key_returns_the_same_job_and_fetches_each_page_once()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var key = $"e2e-{Guid.NewGuid():N}";
        var spec = $$"""{ "source": { "urlTemplate": "{{upstream.BaseUrl}}/pages/{page}", "pages": { "from": 1, "to": 20 } }, "concurrency": 4 }""";

        using var first = await PostJobAsync(spec, key);
        using var repeat = await PostJobAsync(spec, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
        var firstJob = (await first.Content.ReadFromJsonAsync<JobView>(ApiJson.Options, Cancellation))!;
        var repeatJob = (await repeat.Content.ReadFromJsonAsync<JobView>(ApiJson.Options, Cancellation))!;
        Assert.Equal(firstJob.Id, repeatJob.Id);
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        var job = await app.WaitForEndAsync(first.Headers.Location!.OriginalString);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.All(Enumerable.Range(1, 20), page => Assert.Equal(1, upstream.RequestCount(page)));
        Assert.Equal(20, upstream.TotalRequests);
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_for_a_different_spec_is_a_409_problem()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var key = $"e2e-{Guid.NewGuid():N}";
        using var first = await PostJobAsync($$"""{ "source": { "urls": ["{{upstream.PageUrl(1)}}"] } }""", key);

        using var conflict = await PostJobAsync($$"""{ "source": { "urls": ["{{upstream.PageUrl(2)}}"] } }""", key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await conflict.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(409, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("different job spec", problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        var job = await app.WaitForEndAsync(first.Headers.Location!.OriginalString);
        Assert.Equal(0, upstream.RequestCount(2));
        Assert.Equal(1, job.Pages.Succeeded);
    }

    public static TheoryData<string> BadIdempotencyKeys => ["", "tab\there", new string('k', 201)];

    [Theory]
    [MemberData(nameof(BadIdempotencyKeys))]
    public async Task A_bad_idempotency_key_is_a_400_problem_naming_the_header_and_creates_no_job(string key)
    {
        var before = await JobCountAsync();

        using var response = await PostJobAsync("""{ "source": { "urls": ["https://example.com/"] } }""", key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(before, await JobCountAsync());
    }

    [Fact]
    public async Task Cancelling_a_running_job_aborts_its_requests_and_cancelling_again_is_harmless()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.Script((_, _) => UpstreamResponse.Hanging);
        var spec = $$"""
            {
              "source": { "urlTemplate": "{{upstream.BaseUrl}}/pages/{page}", "pages": { "from": 1, "to": 50 } },
              "concurrency": 8,
              "requestTimeoutSeconds": 600
            }
            """;
        using var response = await PostJobAsync(spec);
        var location = response.Headers.Location!.OriginalString;
        await WaitUntilAsync(() => upstream.CurrentConcurrentRequests == 8, TimeSpan.FromSeconds(30), "8 requests in flight");

        using var cancel = await app.Api.PostAsync($"{location}/cancel", null, Cancellation);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var cancelled = (await cancel.Content.ReadFromJsonAsync<JobView>(ApiJson.Options, Cancellation))!;
        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        Assert.Equal(0, cancelled.Pages.Succeeded);
        await WaitUntilAsync(() => upstream.CurrentConcurrentRequests == 0, TimeSpan.FromSeconds(1), "no request left in flight");

        using var again = await app.Api.PostAsync($"{location}/cancel", null, Cancellation);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(JobStatus.Cancelled, (await again.Content.ReadFromJsonAsync<JobView>(ApiJson.Options, Cancellation))!.Status);
        var job = (await app.Api.GetFromJsonAsync<JobView>(location, ApiJson.Options, Cancellation))!;
        Assert.Equal(JobStatus.Cancelled, job.Status);
        Assert.Equal(8, upstream.TotalRequests);
    }

    [Fact]
    public async Task Cancelling_a_completed_job_is_a_409_problem_naming_its_status()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        using var response = await PostJobAsync($$"""{ "source": { "urls": ["{{upstream.PageUrl(1)}}"] } }""");
        var location = response.Headers.Location!.OriginalString;
        var job = await app.WaitForEndAsync(location);

        using var cancel = await app.Api.PostAsync($"{location}/cancel", null, Cancellation);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal("application/problem+json", cancel.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await cancel.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("The job has already ended.", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains("Completed", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(JobStatus.Completed, (await app.Api.GetFromJsonAsync<JobView>(location, ApiJson.Options, Cancellation))!.Status);
    }

    [Theory]
    [InlineData("/api/jobs/0193a000-0000-7000-8000-000000000999/cancel")]
    [InlineData("/api/jobs/not-a-job/cancel")]
    public async Task Cancelling_an_unknown_job_is_a_404_problem(string path)
    {
        using var response = await app.Api.PostAsync(path, null, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpResponseMessage> PostJobAsync(string spec, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs")
        {
            Content = new StringContent(spec, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await app.Api.SendAsync(request, Cancellation);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Not reached within {timeout.TotalSeconds} s: {what}.");
            await Task.Delay(TimeSpan.FromMilliseconds(20), Cancellation);
        }
    }

    /// <summary>How many jobs the cluster lists, read a slice at a time to the end.</summary>
    private async Task<int> JobCountAsync()
    {
        var (count, continuation) = (0, (string?)null);
        do
        {
            var query = continuation is null ? "" : $"&continuation={Uri.EscapeDataString(continuation)}";
            var slice = (await app.Api.GetFromJsonAsync<ContinuedListing<JobSummary>>($"/api/jobs?take=1000{query}", ApiJson.Options, Cancellation))!;
            (count, continuation) = (count + slice.Items.Count, slice.Continuation);
        }
        while (continuation is not null);

        return count;
    }
}
