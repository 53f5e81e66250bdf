using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>
/// A wrong source is a failure, not an empty success: a source with no pages at all, a job in which no page was stored,
/// and a job whose first pages all fail alike end Failed, with an error that agrees with the counts.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EmptySourceTests(SharedCluster cluster)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(PastEndStyle.NotFound, "HTTP 404")]
    [InlineData(PastEndStyle.EmptyArray, "no items at /items")]
    [InlineData(PastEndStyle.EmptyBody, "an empty body")]
    public async Task An_open_range_whose_first_page_is_past_the_end_fails(PastEndStyle style, string because)
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 0, pageSize: 10, Cancellation);
        api.PastEnd = style;
        var spec = OpenRange(api);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.StartsWith($"The source is empty: Page 1 is already past the end ({because}).", job.Error, StringComparison.Ordinal);
        Assert.Contains("source.allowEmpty", job.Error, StringComparison.Ordinal);
        Assert.Equal(new PageCounts(0, 0, 0, 0, 0, 0), job.Pages);
        Assert.Empty(await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination));
        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(JobStatus.Failed, manifest.Status);
        Assert.Equal(job.Error, manifest.Error);
    }

    [Fact]
    public async Task An_empty_open_range_completes_when_the_spec_allows_it()
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 0, pageSize: 10, Cancellation);
        var spec = OpenRange(api) with { Source = OpenRange(api).Source with { AllowEmpty = true } };

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Null(job.Error);
        Assert.Equal(0, job.Pages.Total);
    }

    [Fact]
    public async Task A_chain_whose_first_page_is_empty_fails_unless_allowed()
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 0, pageSize: 10, Cancellation);
        var source = SourceSpec.Follow(api.LinkHeaderStart, new NextSpec { LinkHeader = true });

        var failed = await cluster.RunAsync(Spec(source));
        var allowed = await cluster.RunAsync(Spec(source with { AllowEmpty = true }));

        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.StartsWith("The source is empty", failed.Error, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Completed, allowed.Status);
        Assert.Equal(0, allowed.Pages.Total);
        Assert.Empty(await StoredPages.ReadAllAsync(cluster.Blobs, allowed.Destination));
    }

    [Fact]
    public async Task A_chain_with_an_items_pointer_ends_before_its_first_page_without_items()
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 25, pageSize: 10, Cancellation);
        var source = SourceSpec.Follow(api.JsonNextStart, new NextSpec { JsonPointer = "/next" }) with { StopWhenEmpty = "/data" };

        var job = await cluster.RunAsync(Spec(source));

        Assert.Equal(JobStatus.Completed, job.Status);
        await StoredPages.AssertEveryItemStoredOnceAsync(cluster.Blobs, job.Destination, itemCount: 25, pages: 3);
    }

    [Fact]
    public async Task A_stated_total_of_nothing_is_an_empty_source_and_its_first_page_is_not_kept()
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 0, pageSize: 10, Cancellation);
        var source = SourceSpec.Range(api.PageTemplate, 1, to: null, pageSize: 10)
            with { Total = new TotalSpec { Counts = TotalCounts.Items, Header = "X-Total-Count" } };

        var job = await cluster.RunAsync(Spec(source));

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.StartsWith("The source is empty: Page 1 states 0 pages.", job.Error, StringComparison.Ordinal);
        Assert.Empty(await StoredPages.ReadAllAsync(cluster.Blobs, job.Destination));
    }

    [Fact]
    public async Task An_empty_url_list_fails_unless_allowed()
    {
        var list = await new UrlListUploader(cluster.Blobs).UploadAsync(["# nothing yet", ""], Cancellation);
        var source = SourceSpec.ListInBlob(list.Container, list.Name);

        var failed = await cluster.RunAsync(Spec(source));
        var allowed = await cluster.RunAsync(Spec(source with { AllowEmpty = true }));

        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Contains($"The URL list {list.Container}/{list.Name} holds no URLs.", failed.Error, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Completed, allowed.Status);
    }

    [Fact]
    public async Task A_job_in_which_every_page_failed_failed()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.Script((page, _) => UpstreamResponse.Error(page % 2 == 0 ? 404 : 410));
        var spec = Specs.Range(upstream, pages: 20, concurrency: 4);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(new PageCounts(20, 0, 20, 0, 0, 0), job.Pages);
        Assert.StartsWith("No page was stored: all 20 pages failed (HTTP 404 ×10, HTTP 410 ×10;", job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_whose_first_pages_all_fail_with_the_same_status_stops_early()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.Script((_, _) => UpstreamResponse.Error(404));
        var spec = Specs.Range(upstream, pages: 5_000, concurrency: 8);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.True(upstream.TotalRequests <= 10 + spec.Concurrency, $"{upstream.TotalRequests} requests were made");
        Assert.StartsWith($"The first {job.Pages.Failed} pages to end all failed for good with the same cause (HTTP 404;", job.Error, StringComparison.Ordinal);
        Assert.Contains($"the other {job.Pages.Cancelled} pages", job.Error, StringComparison.Ordinal);
        Assert.Equal(5_000, job.Pages.Failed + job.Pages.Cancelled);
    }

    [Fact]
    public async Task A_job_against_a_host_that_refuses_connections_stops_early_saying_so()
    {
        // A port nothing listens on: every connection is refused.
        var port = FreeTcpPorts.Pick(1)[0];
        var spec = new JobSpec
        {
            Source = SourceSpec.Range($"http://127.0.0.1:{port}/pages/{{page}}", 1, 500),
            Concurrency = 4,
            Retry = new RetrySpec { MaxAttempts = 2, BaseDelaySeconds = 0.01, MaxDelaySeconds = 0.05 },
            Destination = Specs.NewDestination(),
        };

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("same cause (connection refused;", job.Error, StringComparison.Ordinal);
        Assert.StartsWith($"The first {job.Pages.Failed} pages", job.Error, StringComparison.Ordinal);
        Assert.InRange(job.Pages.Failed, 10, 10 + spec.Concurrency);
        var failed = (await cluster.Job(job.Id).ListPagesAsync(PageStatus.Failed, 0, 100))!.Items;
        Assert.All(failed, page => Assert.Equal(PageFailureKind.ConnectionRefused, page.FailureKind));
    }

    [Fact]
    public async Task The_error_of_a_job_past_its_failure_budget_agrees_with_its_counts()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.Script((page, _) => page > 2 ? UpstreamResponse.Error(404) : null);
        var spec = Specs.Range(upstream, pages: 20, concurrency: 16) with { Failure = new FailureSpec { MaxFailedPages = 3 } };

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.StartsWith($"{job.Pages.Failed} pages failed, more than the job's limit of 3.", job.Error, StringComparison.Ordinal);
        Assert.True(job.Pages.Failed > 3);
        Assert.Equal(job.Error, (await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination)).Error);
    }

    private static JobSpec OpenRange(PaginatedApi api) => Spec(SourceSpec.Range(api.PageTemplate, 1, to: null) with { StopWhenEmpty = "/items" });

    private static JobSpec Spec(SourceSpec source) => new()
    {
        Source = source,
        Concurrency = 4,
        Retry = Specs.FastRetry,
        Destination = Specs.NewDestination(),
    };
}
