using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class RetryTests(SharedCluster cluster)
{
    [Fact]
    public async Task Transient_failures_are_retried_until_the_page_is_stored()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream
            .FailTimes(2, 2, 503)
            .FailTimes(3, 1, 429, retryAfter: TimeSpan.FromSeconds(1))
            .ResetConnection(4, 2)
            .FailTimes(5, 3, 500)
            .Hang(6, times: 1);
        var spec = Specs.Range(upstream, pages: 8, timeoutSeconds: 1);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(8, job.Pages.Succeeded);
        var expectedAttempts = new Dictionary<int, int> { [1] = 1, [2] = 3, [3] = 2, [4] = 3, [5] = 4, [6] = 2, [7] = 1, [8] = 1 };
        var pages = (await cluster.Job(job.Id).ListPagesAsync(null, 0, 100))!.Items;
        foreach (var (page, attempts) in expectedAttempts)
        {
            Assert.Equal(attempts, upstream.RequestCount(page));
            Assert.Equal(attempts, pages[page - 1].Attempts);
            Assert.Equal(PageStatus.Succeeded, pages[page - 1].Status);
        }

        var stored = await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(8, stored.Count);
        Assert.Equal("4", stored[4].Metadata["attempts"]);
    }

    [Fact]
    public async Task Retry_after_is_waited_for()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.FailTimes(1, 1, 429, retryAfter: TimeSpan.FromSeconds(2));
        var spec = Specs.Range(upstream, pages: 1) with { Retry = new RetrySpec { MaxAttempts = 3, BaseDelaySeconds = 0.01, MaxDelaySeconds = 10 } };
        var started = DateTimeOffset.UtcNow;

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(1.9), "the retry came before Retry-After allowed");
    }

    [Fact]
    public async Task A_page_that_keeps_failing_ends_failed_after_max_attempts()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.Fail(2, 503);
        var spec = Specs.Range(upstream, pages: 3) with { Retry = Specs.FastRetry with { MaxAttempts = 3 } };

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal(new PageCounts(3, 2, 1, 0, 0, 0), job.Pages);
        Assert.Equal(3, upstream.RequestCount(2));
        var failed = (await cluster.Job(job.Id).ListPagesAsync(PageStatus.Failed, 0, 10))!;
        var page = Assert.Single(failed.Items);
        Assert.Equal(2, page.Page);
        Assert.Equal(3, page.Attempts);
        Assert.Equal(503, page.HttpStatus);
        Assert.Contains("503", page.Error, StringComparison.Ordinal);
        Assert.Null(page.Blob);
    }

    [Fact]
    public async Task Permanent_client_errors_fail_at_once_and_are_listed_with_their_reason()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.Fail(3, 404).Fail(5, 403).Fail(7, 400);
        var spec = Specs.Range(upstream, pages: 10);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal(7, job.Pages.Succeeded);
        Assert.Equal(3, job.Pages.Failed);
        var failed = (await cluster.Job(job.Id).ListPagesAsync(PageStatus.Failed, 0, 10))!;
        Assert.Equal(3, failed.Total);
        Assert.Equal([3, 5, 7], failed.Items.Select(page => page.Page));
        Assert.Equal([404, 403, 400], failed.Items.Select(page => page.HttpStatus!.Value));
        Assert.All(failed.Items, page => Assert.Equal(1, page.Attempts));
        Assert.All([3, 5, 7], page => Assert.Equal(1, upstream.RequestCount(page)));

        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(JobStatus.CompletedWithErrors, manifest.Status);
        var failedEntries = manifest.Pages.Where(entry => entry.Status == PageStatus.Failed).ToList();
        Assert.Equal([3, 5, 7], failedEntries.Select(entry => entry.Page));
        Assert.All(failedEntries, entry => Assert.False(string.IsNullOrEmpty(entry.Error)));
        Assert.Equal(7, (await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination)).Count);
    }
}
