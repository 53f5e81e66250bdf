using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;

namespace Ingestion.SecurityTests;

/// <summary>
/// A job carrying credentials runs through the real API and silo of this process while every log line (down to Trace,
/// HTTP client logging included) and every span of every activity source is captured. The credentials reach the
/// upstream that the job names and nothing else: not the API's answers, not the manifest or the blobs' metadata, not a
/// log or a trace, not another origin a redirect points to.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecretLeakTests(SecurityEnvironment environment)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_jobs_credentials_appear_nowhere_but_in_the_requests_to_its_own_upstream()
    {
        var token = $"tok-{Guid.NewGuid():N}";
        var apiKey = $"key-{Guid.NewGuid():N}";
        var cookie = $"session-{Guid.NewGuid():N}";
        var secrets = new[] { token, apiKey, cookie, SecurityEnvironment.ApiKey };
        var upstream = environment.Upstream;
        var prefix = $"secrets/{Guid.NewGuid():N}";
        var urls = new[]
        {
            upstream.PageUrl(1),
            upstream.PageUrl(2),
            upstream.RedirectUrl(upstream.PageUrl(3)), // same origin: the credentials go along
            upstream.RedirectUrl(environment.OtherOrigin.PageUrl(4)), // another origin: they do not
            $"{upstream.BaseUrl}/missing/5", // a 404, so there is an error to log
            upstream.RedirectUrl($"http://127.0.0.1:{environment.Canary.Port}/page/6"), // refused
        };
        var spec = $$"""
            {
              "name": "carries a token",
              "source": { "urls": {{JsonSerializer.Serialize(urls)}} },
              "headers": { "Authorization": "Bearer {{token}}", "X-Upstream-Key": "{{apiKey}}", "Cookie": "sid={{cookie}}", "Accept": "application/json" },
              "retry": { "maxAttempts": 1 },
              "destination": { "container": "ingest", "prefix": "{{prefix}}" }
            }
            """;
        var answers = new StringBuilder();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = new StringContent(spec, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", $"secrets-{Guid.NewGuid():N}");

        using var accepted = await environment.Api.SendAsync(request, Cancellation);
        answers.AppendLine(await accepted.Content.ReadAsStringAsync(Cancellation));
        var location = accepted.Headers.Location!.OriginalString;
        var job = await environment.Api.WaitForEndAsync(location);
        foreach (var path in new[] { location, $"{location}/pages?take=1000", $"{location}/pages?status=failed", "/api/jobs?take=1000" })
        {
            answers.AppendLine(await environment.Api.GetStringAsync(path, Cancellation));
        }

        using var cancel = await environment.Api.PostAsync($"{location}/cancel", null, Cancellation);
        answers.AppendLine(await cancel.Content.ReadAsStringAsync(Cancellation));
        var stored = await StoredTextAsync(prefix);
        var telemetry = environment.Telemetry.Everything();

        // The job ran, and the credentials were really sent where they belong.
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal(4, job.Pages.Succeeded);
        var sent = upstream.Requests.Where(r => r.Headers.TryGetValue("Authorization", out var value) && value == $"Bearer {token}").ToList();
        Assert.Contains(sent, r => r.PathAndQuery == "/page/1");
        Assert.Contains(sent, r => r.PathAndQuery == "/page/3");
        Assert.Contains(upstream.Requests, r => r.Headers.GetValueOrDefault("X-Upstream-Key") == apiKey);
        // ...and nowhere else.
        var otherOrigin = Assert.Single(environment.OtherOrigin.Requests);
        Assert.DoesNotContain(secrets, secret => otherOrigin.Headers.Values.Any(value => value.Contains(secret, StringComparison.Ordinal)));
        Assert.Equal("application/json", otherOrigin.Headers["Accept"]);
        Assert.Empty(environment.Canary.Requests);
        using (var view = JsonDocument.Parse(await environment.Api.GetStringAsync(location, Cancellation)))
        {
            var headers = view.RootElement.GetProperty("spec").GetProperty("headers");
            Assert.Equal("***", headers.GetProperty("Authorization").GetString());
            Assert.Equal("***", headers.GetProperty("X-Upstream-Key").GetString());
        }

        // The places searched hold what they should, so finding nothing in them means something.
        Assert.Contains(job.Id.ToString(), stored, StringComparison.Ordinal);
        Assert.Contains(upstream.PageUrl(1), stored, StringComparison.Ordinal);
        Assert.Contains(job.Id.ToString(), telemetry, StringComparison.Ordinal);
        Assert.Contains($"{upstream.BaseUrl}/page/1", telemetry, StringComparison.Ordinal);
        Assert.True(environment.Telemetry.SpanCount > 0, "No span was captured.");

        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, answers.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, telemetry, StringComparison.Ordinal);
        }
    }

    /// <summary>The manifest, and the names and metadata of every blob under the job's prefix.</summary>
    private async Task<string> StoredTextAsync(string prefix)
    {
        var container = environment.Blobs.GetBlobContainerClient("ingest");
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
