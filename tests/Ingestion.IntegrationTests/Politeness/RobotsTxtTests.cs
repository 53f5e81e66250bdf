using Ingestion.Fetching;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.IntegrationTests.Politeness;

/// <summary>Jobs that respect robots.txt, on the two-silo cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RobotsTxtTests(SharedCluster cluster)
{
    private static readonly PolitenessSpec RespectRobotsTxt = new() { RespectRobotsTxt = true };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Disallowed_pages_fail_for_good_without_a_request_and_the_others_are_stored()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.ServeRobotsTxt("""
            User-agent: *
            Disallow: /

            User-agent: OrleansIngestion
            Disallow: /pages/3
            Disallow: /pages/7$
            """);
        var spec = Specs.Range(upstream, pages: 10) with { Politeness = RespectRobotsTxt };

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal(8, job.Pages.Succeeded);
        var failed = (await cluster.Job(job.Id).ListPagesAsync(PageStatus.Failed, 0, 10))!.Items;
        Assert.Equal([3, 7], failed.Select(page => page.Page));
        Assert.All(failed, page =>
        {
            Assert.StartsWith("Disallowed by robots.txt", page.Error, StringComparison.Ordinal);
            Assert.Equal(1, page.Attempts);
            Assert.Null(page.HttpStatus);
            Assert.Equal(0, upstream.RequestCount(page.Page));
        });
        Assert.Equal(8, (await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination)).Count);
        // Read once and kept: at most once per silo.
        Assert.InRange(upstream.RobotsTxtRequests, 1, 2);
    }

    [Fact]
    public async Task A_silos_page_fetcher_refuses_a_disallowed_page_for_good_and_fetches_an_allowed_one()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.ServeRobotsTxt("User-agent: *\nDisallow: /pages/2\n");
        var destination = Specs.NewDestination();
        await cluster.Blobs.GetBlobContainerClient(destination.Container).CreateIfNotExistsAsync(cancellationToken: Cancellation);
        var fetcher = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<PageFetcher>();
        PageFetchRequest Request(int page) => new()
        {
            JobId = Guid.NewGuid(),
            Page = page,
            Url = upstream.PageUrl(page),
            RequestTimeout = TimeSpan.FromSeconds(30),
            Retry = Specs.FastRetry,
            Container = destination.Container,
            BlobNameStem = $"{destination.Prefix}/pages/{page}",
            RespectRobotsTxt = true,
        };

        var disallowed = await fetcher.FetchAsync(Request(2), 1, null, Cancellation);
        var allowed = await fetcher.FetchAsync(Request(1), 1, null, Cancellation);
        var ignoring = await fetcher.FetchAsync(Request(2) with { RespectRobotsTxt = false }, 1, null, Cancellation);

        Assert.False(disallowed.Succeeded);
        Assert.False(disallowed.Retryable);
        Assert.StartsWith("Disallowed by robots.txt", disallowed.Error, StringComparison.Ordinal);
        Assert.True(allowed.Succeeded, allowed.Error);
        Assert.True(ignoring.Succeeded, ignoring.Error);
        Assert.Equal(1, upstream.RequestCount(2));
        Assert.Equal(1, upstream.RobotsTxtRequests);
    }

    [Fact]
    public async Task A_redirect_to_a_page_the_target_hosts_robots_txt_disallows_is_not_followed_and_fails_the_page()
    {
        await using var target = await UpstreamServer.StartNewAsync(Cancellation);
        target.ServeRobotsTxt("User-agent: *\nDisallow: /pages/2\n");
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.Script((page, _) => page == 1 ? UpstreamResponse.Redirect(target.PageUrl(2)) : null);
        var spec = Specs.Range(upstream, pages: 2) with { Politeness = RespectRobotsTxt };

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        var failed = Assert.Single((await cluster.Job(job.Id).ListPagesAsync(PageStatus.Failed, 0, 10))!.Items);
        Assert.Equal(1, failed.Page);
        Assert.StartsWith("Disallowed by robots.txt", failed.Error, StringComparison.Ordinal);
        Assert.Equal(1, failed.Attempts);
        // The hop was checked against the target host's own robots.txt, and the target never saw the page request.
        Assert.InRange(target.RobotsTxtRequests, 1, 2);
        Assert.Equal(0, target.TotalRequests);
    }

    [Fact]
    public async Task An_unreadable_robots_txt_fails_an_attempt_for_now_not_for_good()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.ServeRobotsTxt("server trouble", statusCode: 500);
        var fetcher = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<PageFetcher>();
        var request = new PageFetchRequest
        {
            JobId = Guid.NewGuid(),
            Page = 1,
            Url = upstream.PageUrl(1),
            RequestTimeout = TimeSpan.FromSeconds(30),
            Retry = Specs.FastRetry,
            Container = "ingest",
            BlobNameStem = "unused",
            RespectRobotsTxt = true,
        };

        var attempt = await fetcher.FetchAsync(request, 1, null, Cancellation);

        Assert.False(attempt.Succeeded);
        Assert.True(attempt.Retryable);
        Assert.Contains("robots.txt could not be read (HTTP 500)", attempt.Error, StringComparison.Ordinal);
        Assert.Equal(0, upstream.TotalRequests);
    }

    [Fact]
    public async Task A_job_that_does_not_respect_robots_txt_neither_reads_nor_obeys_it()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.ServeRobotsTxt("User-agent: *\nDisallow: /\n");
        var spec = Specs.Range(upstream, pages: 5);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(0, upstream.RobotsTxtRequests);
    }

    [Fact]
    public async Task A_missing_robots_txt_allows_every_page()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var spec = Specs.Range(upstream, pages: 5) with { Politeness = RespectRobotsTxt };

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.InRange(upstream.RobotsTxtRequests, 1, 2);
    }

    [Fact]
    public async Task An_unreachable_robots_txt_holds_pages_back_until_it_can_be_read()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.ServeRobotsTxt("server trouble", statusCode: 503);
        var spec = Specs.Range(upstream, pages: 4) with
        {
            Politeness = RespectRobotsTxt,
            Retry = new RetrySpec { MaxAttempts = 20, BaseDelaySeconds = 0.5, MaxDelaySeconds = 2 },
        };
        var id = Guid.CreateVersion7();
        await cluster.Job(id).StartAsync(spec);

        // While robots.txt answers 503, every page counts as disallowed: none is requested.
        await cluster.WaitForAsync(id, view => view.Pages.WaitingRetry > 0, TimeSpan.FromSeconds(30));
        Assert.Equal(0, upstream.TotalRequests);

        upstream.ServeRobotsTxt("User-agent: *\nDisallow: /pages/4\n");
        var job = await cluster.WaitForEndAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal(3, job.Pages.Succeeded);
        var failed = Assert.Single((await cluster.Job(id).ListPagesAsync(PageStatus.Failed, 0, 10))!.Items);
        Assert.Equal(4, failed.Page);
    }

    [Fact]
    public async Task Crawl_delay_slows_the_host_down()
    {
        const int pages = 8;
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.ServeRobotsTxt("User-agent: *\nCrawl-delay: 0.5\n");
        // A limit far above what is sent: only to record when each request came.
        upstream.RateLimit(10_000);
        var spec = Specs.Range(upstream, pages, concurrency: pages) with { Politeness = RespectRobotsTxt };

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        var arrivals = upstream.RateLimitAcceptedAt;
        Assert.Equal(pages, arrivals.Count);
        // Two a second for the host: eight requests take three and a half seconds; allow for the silos learning it.
        Assert.True(arrivals[^1] - arrivals[0] >= TimeSpan.FromSeconds(2.5), $"{pages} requests within {arrivals[^1] - arrivals[0]}");
    }
}
