using System.Net;
using System.Text.Json.Nodes;

namespace Ingestion.ApiTests;

/// <summary>
/// Every job view the API returns (the answer to POST, GET, cancel, retry-failed, the event stream) shows the job's spec
/// in the shape POST /api/jobs takes, with its defaults filled in and its secrets masked, the same in each.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class JobViewSpecTests(ApiEnvironment environment)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(1);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_shows_its_spec_as_submitted_with_defaults_filled_in_in_every_answer()
    {
        const int firstPage = 20_001;
        environment.Upstream.Hang(firstPage); // the job runs until it is cancelled
        using var client = environment.CreateClient();
        var template = environment.Upstream.BaseUrl + "/pages/{page}";
        var spec = $$"""
            {
              "name": "views",
              "source": { "urlTemplate": "{{template}}", "pages": { "from": {{firstPage}} }, "totalPages": { "header": "X-Total-Pages" } },
              "headers": { "Authorization": "Bearer views-secret", "Accept": "application/json" },
              "destination": { "prefix": "api-tests/views/{jobId}", "ifExists": "newVersion" }
            }
            """;

        using var submitted = await ApiJobs.PostAsync(client, spec);
        var id = JsonNode.Parse(await submitted.Content.ReadAsStringAsync(Cancellation))!["id"]!.GetValue<Guid>();
        var shown = SpecOf(await client.GetStringAsync(new Uri($"/api/jobs/{id}", UriKind.Relative), Cancellation));
        using var cancelled = await client.PostAsync(new Uri($"/api/jobs/{id}/cancel", UriKind.Relative), null, Cancellation);
        using var stream = await EventStreamReader.OpenAsync(client, $"/api/jobs/{id}/events", Cancellation);
        var end = Assert.Single(await EventStreamReader.ReadToEndAsync(stream, JobTimeout, Cancellation));

        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        AssertSameJson($$"""
            {
              "name": "views",
              "source": {
                "kind": "range", "urlTemplate": "{{template}}", "pages": { "from": {{firstPage}} },
                "totalPages": { "header": "X-Total-Pages" }, "allowEmpty": false
              },
              "headers": { "Accept": "application/json", "Authorization": "***" },
              "concurrency": 16,
              "requestTimeoutSeconds": 30,
              "retry": { "maxAttempts": 5, "baseDelaySeconds": 1, "maxDelaySeconds": 300 },
              "destination": { "container": "ingest", "prefix": "api-tests/views/{jobId}", "ifExists": "newVersion" },
              "failure": { "failFast": true },
              "maxPages": 100000,
              "politeness": { "respectRobotsTxt": false }
            }
            """, shown);
        AssertSameJson(shown, SpecOf(await submitted.Content.ReadAsStringAsync(Cancellation)));
        AssertSameJson(shown, SpecOf(await cancelled.Content.ReadAsStringAsync(Cancellation)));
        AssertSameJson(shown, SpecOf(end.Data));
    }

    [Fact]
    public async Task Retrying_a_jobs_failed_pages_answers_with_the_same_spec()
    {
        const int page = 20_101;
        environment.Upstream.Fail(page, (int)HttpStatusCode.NotFound);
        using var client = environment.CreateClient();
        var failed = await ApiJobs.RunAsync(
            client, $$"""{ "source": { "urls": ["{{environment.Upstream.PageUrl(page)}}"] }, "retry": { "maxAttempts": 1 } }""", JobTimeout);
        var shown = SpecOf(await client.GetStringAsync(new Uri($"/api/jobs/{failed.Id}", UriKind.Relative), Cancellation));

        using var retried = await client.PostAsync(new Uri($"/api/jobs/{failed.Id}/retry-failed", UriKind.Relative), null, Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        AssertSameJson(shown, SpecOf(await retried.Content.ReadAsStringAsync(Cancellation)));
        await ApiJobs.WaitForEndAsync(client, new Uri($"/api/jobs/{failed.Id}", UriKind.Relative), JobTimeout);
    }

    private static string SpecOf(string job) => JsonNode.Parse(job)!["spec"]!.ToJsonString();

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected {expected}{Environment.NewLine}but got {actual}");
}
