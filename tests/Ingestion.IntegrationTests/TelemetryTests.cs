using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Ingestion.Jobs;
using Ingestion.Telemetry;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests(TelemetryCluster cluster)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_jobs_request_grains_fetches_and_uploads_form_one_trace_with_later_pages_linked_to_its_start()
    {
        using var spans = new TelemetrySpanRecorder();
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        // Two slots for five pages: pages 1 and 2 go out in the job's start, 3 to 5 as earlier ones end.
        var spec = Specs.Range(upstream, pages: 5, concurrency: 2);
        var id = Guid.CreateVersion7();

        ActivityContext request;
        using (var post = TelemetrySpanRecorder.Caller.StartActivity("POST /api/jobs", ActivityKind.Server))
        {
            request = post!.Context;
            await cluster.Job(id).StartAsync(spec);
        }

        var job = await cluster.WaitForEndAsync(id, JobTimeout);
        var ended = spans.Ended();

        Assert.Equal(JobStatus.Completed, job.Status);
        var jobStart = Assert.Single(ended, span => span.OperationName == IngestionTelemetry.JobStartSpan && HasJobId(span, id));
        Assert.Equal(request.TraceId, jobStart.TraceId);
        Assert.True(Descends(jobStart, request.SpanId, ended), "The job start span is not under the request that started the job.");

        var fetches = ended.Where(span => span.OperationName == IngestionTelemetry.PageFetchSpan && HasJobId(span, id))
            .OrderBy(span => (int)span.GetTagItem(IngestionTelemetry.PageNumberTag)!)
            .ToList();
        Assert.Equal([1, 2, 3, 4, 5], fetches.Select(span => (int)span.GetTagItem(IngestionTelemetry.PageNumberTag)!));
        foreach (var fetch in fetches)
        {
            var page = (int)fetch.GetTagItem(IngestionTelemetry.PageNumberTag)!;
            var inJobTrace = fetch.TraceId == jobStart.TraceId && Descends(fetch, jobStart.SpanId, ended);
            var linkedToJob = fetch.Links.Any(link => link.Context.TraceId == jobStart.TraceId && link.Context.SpanId == jobStart.SpanId);
            Assert.True(page <= 2 ? inJobTrace && !linkedToJob : linkedToJob && !inJobTrace, $"Page {page}: in the job's trace {inJobTrace}, linked to it {linkedToJob}.");
            Assert.Equal(1, fetch.GetTagItem(IngestionTelemetry.AttemptTag));
            Assert.Equal(PageOutcomes.Succeeded, fetch.GetTagItem(IngestionTelemetry.OutcomeTag));
            Assert.Equal(200, fetch.GetTagItem(IngestionTelemetry.HttpStatusTag));

            var children = ended.Where(span => span.TraceId == fetch.TraceId && span.ParentSpanId == fetch.SpanId).ToList();
            var get = Assert.Single(children, span => span.Kind == ActivityKind.Client && span.Source.Name == "System.Net.Http");
            Assert.Equal(upstream.PageUrl(page), get.GetTagItem("url.full"));
            Assert.Equal(200, get.GetTagItem("http.response.status_code"));
            var upload = Assert.Single(children, span => span.OperationName == IngestionTelemetry.BlobUploadSpan);
            Assert.Equal((long)upstream.BodySize, upload.GetTagItem(IngestionTelemetry.BlobSizeTag));

            // The trace stays ours: the upstream, a third party, is sent no traceparent.
            Assert.False(upstream.LastRequestHeaders(page)!.ContainsKey("traceparent"));
        }
    }

    [Fact]
    public async Task With_page_traces_sampled_out_the_jobs_start_and_every_failed_or_retried_attempt_are_recorded_and_nothing_of_the_other_pages()
    {
        using var spans = new TelemetrySpanRecorder(pageTraceRatio: 0);
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.FailTimes(5, 1, 503);
        upstream.Fail(7, 404);
        // Two slots for eight pages: pages 1 and 2 go out in the job's start, the others as earlier ones end.
        var spec = Specs.Range(upstream, pages: 8, concurrency: 2);
        var id = Guid.CreateVersion7();

        using (TelemetrySpanRecorder.Caller.StartActivity("POST /api/jobs", ActivityKind.Server))
        {
            await cluster.Job(id).StartAsync(spec);
        }

        var job = await cluster.WaitForEndAsync(id, JobTimeout);
        var ended = spans.Ended();

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        var jobStart = Assert.Single(ended, span => span.OperationName == IngestionTelemetry.JobStartSpan && HasJobId(span, id));
        var fetches = ended.Where(span => span.OperationName == IngestionTelemetry.PageFetchSpan && HasJobId(span, id)).ToList();

        // The job's start and the two pages it handed out, whole.
        foreach (var page in new[] { 1, 2 })
        {
            var fetch = Assert.Single(fetches, span => PageOf(span) == page);
            Assert.Equal(jobStart.TraceId, fetch.TraceId);
            Assert.Contains(ended, span => span.ParentSpanId == fetch.SpanId && span.GetTagItem("url.full") as string == upstream.PageUrl(page));
        }

        // The retried attempt and the failed one, each a span of its own, linked to the job's start, with its outcome.
        var retried = Assert.Single(fetches, span => PageOf(span) == 5 && Equals(span.GetTagItem(IngestionTelemetry.AttemptTag), 1));
        Assert.Equal(PageOutcomes.Retry, retried.GetTagItem(IngestionTelemetry.OutcomeTag));
        Assert.Equal("http_5xx", retried.GetTagItem(IngestionTelemetry.RetryReasonTag));
        var failed = Assert.Single(fetches, span => PageOf(span) == 7);
        Assert.Equal(PageOutcomes.Failed, failed.GetTagItem(IngestionTelemetry.OutcomeTag));
        Assert.Equal(404, failed.GetTagItem(IngestionTelemetry.HttpStatusTag));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        foreach (var outcome in new[] { retried, failed })
        {
            Assert.Equal(true, outcome.GetTagItem(IngestionTelemetry.UnsampledTag));
            Assert.Equal(default, outcome.ParentSpanId);
            Assert.Contains(outcome.Links, link => link.Context.SpanId == jobStart.SpanId);
            Assert.True(outcome.Duration > TimeSpan.Zero);
        }

        // Of the pages that went well after the start nothing is recorded: no fetch span, no request to the upstream.
        Assert.DoesNotContain(fetches, span => PageOf(span) is 3 or 4 or 6 or 8);
        foreach (var page in new[] { 3, 4, 6, 8 })
        {
            Assert.DoesNotContain(ended, span => span.GetTagItem("url.full") as string == upstream.PageUrl(page));
        }
    }

    [Fact]
    public async Task Pages_by_outcome_bytes_stored_and_retries_by_reason_add_up_for_a_job_with_a_failing_page()
    {
        using var metrics = new TelemetryMeterRecorder(cluster.Cluster);
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.Fail(3, 404);
        upstream.FailTimes(4, 1, 503);
        var spec = Specs.Range(upstream, pages: 5);

        var job = await cluster.RunAsync(spec, JobTimeout);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal(4, job.Pages.Succeeded);
        Assert.Equal(1, job.Pages.Failed);
        Assert.Equal(4, metrics.Sum("ingestion.pages.ended", IngestionTelemetry.OutcomeTag, PageOutcomes.Succeeded));
        Assert.Equal(1, metrics.Sum("ingestion.pages.ended", IngestionTelemetry.OutcomeTag, PageOutcomes.Failed));
        Assert.Equal(5, metrics.Sum("ingestion.pages.ended"));
        Assert.Equal(job.Bytes, metrics.Sum("ingestion.bytes.stored"));
        Assert.Equal(4L * upstream.BodySize, metrics.Sum("ingestion.bytes.stored"));
        Assert.Equal(1, metrics.Sum("ingestion.retries", IngestionTelemetry.RetryReasonTag, "http_5xx"));
        Assert.Equal(1, metrics.Sum("ingestion.retries"));
        Assert.Equal(6, metrics.Count("ingestion.fetch.duration"));
        Assert.Equal(0, metrics.Sum("ingestion.attempts.in_flight"));
    }

    [Fact]
    public async Task Every_log_line_of_a_pages_work_names_its_job_and_page_and_those_of_the_jobs_calls_name_the_job()
    {
        using var logs = TelemetryLogRecorder.Attach(cluster.Cluster);
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.FailTimes(2, 1, 503);
        var spec = Specs.Range(upstream, pages: 3);

        var job = await cluster.RunAsync(spec, JobTimeout);

        Assert.Equal(JobStatus.Completed, job.Status);
        var lines = logs.Lines.Where(line => Equals(line.JobId, job.Id)).ToList();
        var retrying = Assert.Single(lines, line => line.Category.EndsWith("PageFetchGrain", StringComparison.Ordinal));
        Assert.Equal(2, retrying.Page);
        Assert.Contains(lines, line => line.Category.EndsWith("IngestionJobGrain", StringComparison.Ordinal) && line.Message.Contains("started", StringComparison.Ordinal));
        Assert.All(lines.Where(line => line.Category.EndsWith("IngestionJobGrain", StringComparison.Ordinal)), line => Assert.Null(line.Page));
    }

    [Fact]
    public async Task A_pages_grain_lets_go_of_its_ended_calls_span_so_its_deactivation_throws_nothing()
    {
        // Orleans' deactivation puts back the activity that was current when it was asked for; a stopped one makes
        // Activity throw and catch an exception, a cost per page that no span or log shows.
        using var spans = new TelemetrySpanRecorder();
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        var thrownInPages = 0;
        void Count(object? sender, FirstChanceExceptionEventArgs args)
        {
            if (args.Exception is InvalidOperationException && Environment.StackTrace.Contains("PageFetchGrain", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref thrownInPages);
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        JobView job;
        try
        {
            job = await cluster.RunAsync(Specs.Range(upstream, pages: 20, concurrency: 4), JobTimeout);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(20, job.Pages.Succeeded);
        Assert.Equal(0, thrownInPages);
    }

    private static int PageOf(Activity span) => (int)span.GetTagItem(IngestionTelemetry.PageNumberTag)!;

    private static bool HasJobId(Activity span, Guid id) => Equals(span.GetTagItem(IngestionTelemetry.JobIdTag), id.ToString());

    /// <summary>Whether <paramref name="span"/> is below the span <paramref name="ancestor"/>, through the spans recorded.</summary>
    private static bool Descends(Activity span, ActivitySpanId ancestor, IReadOnlyList<Activity> recorded)
    {
        var byId = recorded.Where(candidate => candidate.TraceId == span.TraceId).ToDictionary(candidate => candidate.SpanId);
        for (var parent = span.ParentSpanId; parent != default; parent = byId.TryGetValue(parent, out var next) ? next.ParentSpanId : default)
        {
            if (parent == ancestor)
            {
                return true;
            }
        }

        return false;
    }
}
