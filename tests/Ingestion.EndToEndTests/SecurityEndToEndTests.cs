using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.EndToEndTests;

/// <summary>The API key and the job's secrets as the AppHost runs the service.</summary>
[Collection(AppHostCollection.Name)]
public sealed class SecurityEndToEndTests(AppHostFixture app)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/api/jobs")]
    [InlineData("POST", "/api/jobs")]
    [InlineData("GET", "/api/jobs/0193a000-0000-7000-8000-000000000999")]
    [InlineData("POST", "/api/jobs/0193a000-0000-7000-8000-000000000999/cancel")]
    public async Task Without_the_key_every_api_request_is_a_401_problem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", "not-the-key");
        }

        using var response = await app.Anonymous.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task The_health_checks_need_no_key(string path)
    {
        using var response = await app.Anonymous.GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// A job sends a bearer token upstream; the token shows in none of the API's answers, the manifest, the blobs'
    /// metadata or the console logs that the AppHost collected from the silo and the API.
    /// </summary>
    [Fact]
    public async Task A_jobs_token_reaches_its_upstream_and_no_answer_blob_or_resource_log()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.Fail(3, 401);
        var token = $"e2e-token-{Guid.NewGuid():N}";
        var prefix = $"e2e-secrets/{Guid.NewGuid():N}";
        var spec = $$"""
            {
              "name": "carries a token",
              "source": { "urlTemplate": "{{upstream.BaseUrl}}/pages/{page}", "pages": { "from": 1, "to": 10 } },
              "headers": { "Authorization": "Bearer {{token}}", "X-Token": "{{token}}" },
              "retry": { "maxAttempts": 1 },
              "destination": { "container": "ingest", "prefix": "{{prefix}}" }
            }
            """;
        var answers = new StringBuilder();

        using var response = await app.Api.PostAsync("/api/jobs", new StringContent(spec, Encoding.UTF8, "application/json"), Cancellation);
        answers.AppendLine(await response.Content.ReadAsStringAsync(Cancellation));
        var location = response.Headers.Location!.OriginalString;
        var job = await app.WaitForEndAsync(location);
        foreach (var path in new[] { location, $"{location}/pages?take=1000", "/api/jobs?take=1000" })
        {
            answers.AppendLine(await app.Api.GetStringAsync(path, Cancellation));
        }

        var stored = await StoredTextAsync(prefix);
        var logs = await LogsOnceTheJobEndedAsync(job.Id);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal($"Bearer {token}", upstream.LastRequestHeaders(1)!["Authorization"]);
        Assert.Equal("***", job.Spec.Headers["Authorization"]);
        Assert.Equal("***", job.Spec.Headers["X-Token"]);
        Assert.Contains(job.Id.ToString(), stored, StringComparison.Ordinal);
        Assert.DoesNotContain(token, answers.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(app.ApiKey, logs, StringComparison.Ordinal);
    }

    /// <summary>The silo's console logs up to the line that says the job ended, so that they are known to be complete.</summary>
    private async Task<string> LogsOnceTheJobEndedAsync(Guid jobId)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var logs = await app.ResourceLogsAsync();
            if (logs.Contains($"Job {jobId} ended", StringComparison.Ordinal))
            {
                return logs;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"The silo never logged the end of job {jobId}.");
            await Task.Delay(TimeSpan.FromMilliseconds(500), Cancellation);
        }
    }

    /// <summary>The manifest, and the names and metadata of every blob under the prefix.</summary>
    private async Task<string> StoredTextAsync(string prefix)
    {
        var container = app.Blobs.GetBlobContainerClient("ingest");
        var text = new StringBuilder();
        text.AppendLine((await container.GetBlobClient($"{prefix}/_manifest.json").DownloadContentAsync(Cancellation)).Value.Content.ToString());
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix, Cancellation))
        {
            text.AppendLine(blob.Name);
            foreach (var (key, value) in blob.Metadata)
            {
                text.Append(key).Append('=').AppendLine(value);
            }
        }

        return text.ToString();
    }
}
