using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.EndToEndTests;

/// <summary>What a user finds in the Aspire dashboard about a job: its spans and its log lines, without Orleans' own.</summary>
[Collection(AppHostCollection.Name)]
public sealed class DashboardTelemetryTests(AppHostFixture app)
{
    private const string OrleansRuntimeSource = "Microsoft.Orleans.Runtime";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// Pages are sampled (one in a hundred by default), the job's start and every retried attempt are not: of 60 pages
    /// with two slots, the two handed out in the job's start reach the dashboard whole, with the upstream GET and the
    /// blob upload beneath them; page 30 fails once and its failed attempt is there with its outcome, as is the retry a
    /// grain timer wakes; only a few of the other pages are there at all, in traces with no missing parent, and no span
    /// of the Orleans runtime (timer ticks, system targets) is there.
    /// </summary>
    [Fact]
    public async Task The_jobs_start_and_its_retried_page_reach_the_dashboard_whole_other_pages_sampled_and_no_orleans_runtime_span()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.FailTimes(30, 1, 503);
        var spec = $$"""
            {
              "source": { "urlTemplate": "{{upstream.BaseUrl}}/pages/{page}", "pages": { "from": 1, "to": 60 } },
              "concurrency": 2,
              "retry": { "maxAttempts": 3, "baseDelaySeconds": 0.1, "maxDelaySeconds": 0.2 },
              "destination": { "container": "{{Container("traces")}}" }
            }
            """;

        var job = await RunJobAsync(spec);
        var jobId = job.Id.ToString();
        var spans = await Polling.UntilAsync(
            app.Dashboard.SpansAsync,
            spans => PageFetches(spans, jobId) is var fetches
                && Succeeded(fetches).Any(fetch => fetch.Attribute("page.number") == "30")
                && fetches.Any(fetch => fetch.Attribute("page.number") == "30" && fetch.Attribute("page.outcome") == "retry")
                && !Orphans(spans, jobId).Any());

        Assert.Equal(JobStatus.Completed, job.Status);
        var fetches = PageFetches(spans, jobId);
        var succeeded = Succeeded(fetches).Select(fetch => fetch.Attribute("page.number")).ToList();
        Assert.Contains("1", succeeded);
        Assert.Contains("2", succeeded);
        Assert.InRange(succeeded.Count, 3, 20);
        var retried = Assert.Single(fetches, fetch => fetch.Attribute("page.number") == "30" && fetch.Attribute("page.attempt") == "1");
        Assert.Equal("retry", retried.Attribute("page.outcome"));
        Assert.Equal("http_5xx", retried.Attribute("retry.reason"));
        Assert.True(retried.IsError);
        Assert.All(fetches.Where(fetch => fetch.Attribute("page.unsampled") is null), fetch =>
        {
            var page = int.Parse(fetch.Attribute("page.number")!, CultureInfo.InvariantCulture);
            var children = spans.Where(span => span.ParentSpanId == fetch.SpanId).ToList();
            Assert.Contains(children, child => child.Name == "GET" && child.Attribute("url.full") == upstream.PageUrl(page));
            if (fetch.Attribute("page.outcome") == "succeeded")
            {
                Assert.Contains(children, child => child.Scope == "Ingestion" && child.Name == "blob upload");
            }
        });
        Assert.Empty(Orphans(spans, jobId));
        Assert.DoesNotContain(spans, span => span.Scope == OrleansRuntimeSource);
    }

    /// <summary>
    /// Each job makes sure its container exists when it starts; for the second job to a container the answer is a
    /// <c>409 ContainerAlreadyExists</c>, which is what was asked for, so its span is not an error.
    /// </summary>
    [Fact]
    public async Task The_409_for_a_container_that_already_exists_is_not_an_error_in_the_jobs_trace()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var container = Container("existing");

        // Made before the job, as by a user or an earlier run: the silo has not seen it, so the job creates it and hears 409.
        await app.Blobs.GetBlobContainerClient(container).CreateAsync(cancellationToken: Cancellation);
        var spec = $$"""{ "source": { "urls": ["{{upstream.PageUrl(1)}}"] }, "destination": { "container": "{{container}}" } }""";
        var job = await RunJobAsync(spec);
        // The job's start span ends after the conflict's, and may reach the dashboard in a later export batch.
        var spans = await Polling.UntilAsync(
            app.Dashboard.SpansAsync,
            spans => ContainerConflicts(spans, container).Any() && spans.Any(span => span.Name == "job start" && span.Attribute("job.id") == job.Id.ToString()));

        var conflict = Assert.Single(ContainerConflicts(spans, container));
        Assert.False(conflict.IsError);
        Assert.Null(conflict.Attribute("error.type"));
        var start = Assert.Single(spans, span => span.Name == "job start" && span.Attribute("job.id") == job.Id.ToString());
        Assert.Equal(start.TraceId, conflict.TraceId);
        // Nothing the job's start did (take its prefix, create the container, save its state) shows as a failure.
        Assert.DoesNotContain(spans, span => span.ParentSpanId == start.SpanId && span.IsError);
    }

    /// <summary>
    /// The service's own lines are there, tagged with the job's id so the structured logs filter by it; Polly's
    /// line per placement attempt and Orleans' information lines are not.
    /// </summary>
    [Fact]
    public async Task The_dashboards_logs_hold_the_jobs_own_lines_by_job_id_and_no_polly_or_orleans_chatter()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var spec = $$"""{ "source": { "urls": ["{{upstream.PageUrl(1)}}", "{{upstream.PageUrl(2)}}", "{{upstream.PageUrl(3)}}"] } }""";

        var job = await RunJobAsync(spec);
        var jobId = job.Id.ToString();
        var logs = await Polling.UntilAsync(
            app.Dashboard.LogsAsync,
            logs => logs.Any(log => log.Body.StartsWith($"Job {jobId} ended", StringComparison.Ordinal)));

        // From the silo that holds the job, one of the two.
        Assert.Contains(logs, log => log.Resource is "silo" or "silo-2" && log.Body.StartsWith($"Job {jobId} ended", StringComparison.Ordinal));
        Assert.Contains(logs, log => log.Attributes.GetValueOrDefault("job.id") == jobId);
        Assert.DoesNotContain(logs, log => log.Scope.StartsWith("Polly", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, log => log.Scope.StartsWith("Orleans", StringComparison.Ordinal) && log.Severity is "Trace" or "Debug" or "Information");
    }

    private async Task<JobView> RunJobAsync(string spec)
    {
        using var response = await app.Api.PostAsync("/api/jobs", new StringContent(spec, Encoding.UTF8, "application/json"), Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<JobView>(ApiJson.Options, Cancellation))!;
        var job = await app.WaitForEndAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(accepted.Id, job.Id);
        return job;
    }

    private static string Container(string purpose) => $"e2e-{purpose}-{Guid.NewGuid():N}"[..40];

    private static List<DashboardSpan> PageFetches(IEnumerable<DashboardSpan> spans, string jobId) =>
        [.. spans.Where(span => span.Scope == "Ingestion" && span.Name == "page fetch" && span.Attribute("job.id") == jobId)];

    private static IEnumerable<DashboardSpan> Succeeded(IEnumerable<DashboardSpan> fetches) =>
        fetches.Where(fetch => fetch.Attribute("page.outcome") == "succeeded");

    /// <summary>Spans of the job's page traces whose parent the dashboard does not have.</summary>
    private static IEnumerable<DashboardSpan> Orphans(IReadOnlyList<DashboardSpan> spans, string jobId)
    {
        var traces = PageFetches(spans, jobId).Select(fetch => fetch.TraceId).ToHashSet(StringComparer.Ordinal);
        var known = spans.Select(span => span.SpanId).ToHashSet(StringComparer.Ordinal);
        return spans.Where(span => traces.Contains(span.TraceId) && span.ParentSpanId is { } parent && !known.Contains(parent));
    }

    /// <summary>"Create Container" requests for the container that were answered 409 (the query is redacted to <c>?*</c>).</summary>
    private static IEnumerable<DashboardSpan> ContainerConflicts(IEnumerable<DashboardSpan> spans, string container) =>
        spans.Where(span => span.Name == "PUT"
            && span.Attribute("http.response.status_code") == "409"
            && span.Attribute("url.full") is { } url
            && url.Contains($"/{container}?", StringComparison.Ordinal));
}
